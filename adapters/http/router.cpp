// Segment-by-segment matching; "{name}" segments capture.
#include "adapters/http/router.hpp"

#include "adapters/app/problem.hpp"

namespace wg::http {
namespace {

std::vector<std::string> split_path(const std::string& path) {
    std::vector<std::string> segments;
    std::size_t start = 1;
    while (start <= path.size()) {
        const std::size_t end = path.find('/', start);
        const std::size_t stop = end == std::string::npos ? path.size() : end;
        segments.push_back(path.substr(start, stop - start));
        start = stop + 1;
    }
    return segments;
}

bool matches(const std::string& pattern, const std::string& path, PathParams& params) {
    const auto want = split_path(pattern);
    const auto have = split_path(path);
    if (want.size() != have.size()) return false;
    PathParams found;
    for (std::size_t i = 0; i < want.size(); ++i) {
        const auto& segment = want[i];
        if (segment.size() > 2 && segment.front() == '{' && segment.back() == '}') {
            if (have[i].empty()) return false;
            found[segment.substr(1, segment.size() - 2)] = have[i];
        } else if (segment != have[i]) {
            return false;
        }
    }
    params = std::move(found);
    return true;
}

}  // namespace

void Router::add(std::string method, std::string pattern, Execution execution, RouteHandler handler) {
    routes_.push_back({std::move(method), std::move(pattern), execution, std::move(handler)});
}

const Route* Router::match(const Request& request, PathParams& params, bool& path_known) const {
    path_known = false;
    for (const auto& route : routes_) {
        PathParams candidate;
        if (!matches(route.pattern, request.path, candidate)) continue;
        path_known = true;
        if (route.method != request.method) continue;
        params = std::move(candidate);
        return &route;
    }
    return nullptr;
}

Response Router::handle(const Request& request) const {
    PathParams params;
    bool path_known = false;
    const Route* route = match(request, params, path_known);
    if (route != nullptr) return route->handler(request, params);
    if (path_known) return problem_response("method_not_allowed", request.method + " is not allowed on " + request.path);
    return problem_response("not_found", "no resource at " + request.path);
}

bool Router::runs_on_io_thread(const Request& request) const {
    PathParams params;
    bool path_known = false;
    const Route* route = match(request, params, path_known);
    return route == nullptr || route->execution == Execution::io_thread;
}

std::vector<std::string> Router::route_names() const {
    std::vector<std::string> names;
    for (const auto& route : routes_) names.push_back(route.method + " " + route.pattern);
    return names;
}

Response problem_response(const std::string& code, const std::string& detail) {
    const Error error{code, detail, {}, {}};
    return {app::http_status(code), "application/problem+json", app::problem_json(error).dump(), {}};
}

}  // namespace wg::http
