// Routes requests by method and path pattern ("/api/v1/cases/{id}/events") to handlers.
#pragma once

#include <cstddef>
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

/// What a request matched: the route (null when none did; then `path_known` tells 405 from
/// 404), its position and the path parameters. Matched once per request, then dispatched.
struct RouteMatch {
    const Route* route = nullptr;
    std::size_t index = 0;  // position in the router; route_count() when nothing matched
    PathParams params;
    bool path_known = false;  // some route has this path, with another method
};

class Router {
public:
    void add(std::string method, std::string pattern, Execution execution, RouteHandler handler);

    /// The first route (in the order added) with the request's method and path.
    [[nodiscard]] RouteMatch match(const Request& request) const;

    /// The matched route's response; 404 or 405 problem+json when nothing matched.
    [[nodiscard]] Response dispatch(const Request& request, const RouteMatch& match) const;

    /// match() then dispatch().
    [[nodiscard]] Response handle(const Request& request) const;

    /// Whether the request's route runs on the I/O threads (404 and 405 answers do).
    [[nodiscard]] bool runs_on_io_thread(const Request& request) const;

    /// Number of routes; route indexes run from 0 to route_count() - 1.
    [[nodiscard]] std::size_t route_count() const { return routes_.size(); }

    /// "METHOD pattern" of the route at `index` (e.g. "GET /api/v1/cases/{id}"), or "unmatched"
    /// for route_count(): a label without ids, for metrics and logs.
    [[nodiscard]] std::string route_name(std::size_t index) const;

    /// "METHOD pattern" of every route, for the OpenAPI cross-check.
    [[nodiscard]] std::vector<std::string> route_names() const;

private:
    std::vector<Route> routes_;
    std::vector<std::vector<std::string>> segments_;  // each route's pattern, split at '/'
};

/// A problem+json response for an error code (status from app::http_status).
Response problem_response(const std::string& code, const std::string& detail);

}  // namespace wg::http
