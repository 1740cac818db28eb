// Routes requests by method and path pattern ("/api/v1/cases/{id}/events") to handlers.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "adapters/http/message.hpp"

namespace wg::http {

/// Path parameters by name, e.g. {"id": "…"}.
using PathParams = std::map<std::string, std::string>;
using RouteHandler = std::function<Response(const Request&, const PathParams&)>;

/// Where a route's handler runs: on the I/O threads (fast, never blocks) or on the worker
/// pool (may wait on the database).
enum class Execution { io_thread, worker_pool };

struct Route {
    std::string method;
    std::string pattern;
    Execution execution;
    RouteHandler handler;
};

class Router {
public:
    void add(std::string method, std::string pattern, Execution execution, RouteHandler handler);

    /// The response of the matching route; 404 or 405 problem+json when none matches.
    [[nodiscard]] Response handle(const Request& request) const;

    /// Whether the request's route runs on the I/O threads.
    [[nodiscard]] bool runs_on_io_thread(const Request& request) const;

    /// "METHOD pattern" of every route, for the OpenAPI cross-check.
    [[nodiscard]] std::vector<std::string> route_names() const;

private:
    const Route* match(const Request& request, PathParams& params, bool& path_known) const;
    std::vector<Route> routes_;
};

/// A problem+json response for an error code (status from app::http_status).
Response problem_response(const std::string& code, const std::string& detail);

}  // namespace wg::http
