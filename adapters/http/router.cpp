// Segment-by-segment matching; "{name}" segments capture. Patterns are split once when added and
// the path once per request, without allocating: routing sits on the path of every request.
#include "adapters/http/router.hpp"

#include <array>
#include <cassert>
#include <string_view>

#include "adapters/app/problem.hpp"

namespace wg::http {
namespace {

// More segments than any pattern has: such a path matches nothing.
constexpr std::size_t kMaxSegments = 16;

struct Segments {
    std::array<std::string_view, kMaxSegments> items;
    std::size_t size = 0;
    bool too_many = false;
};

// "/a/b" -> {"a", "b"}; "/" -> {""}; "/a/" -> {"a", ""} (the leading character is skipped).
Segments split_path(std::string_view path) {
    Segments out;
    std::size_t start = 1;
    while (start <= path.size()) {
        const std::size_t end = path.find('/', start);
        const std::size_t stop = end == std::string_view::npos ? path.size() : end;
        if (out.size == kMaxSegments) {
            out.too_many = true;
            return out;
        }
        out.items[out.size++] = path.substr(start, stop - start);
        start = stop + 1;
    }
    return out;
}

bool is_capture(const std::string& segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool matches(const std::vector<std::string>& pattern, const Segments& path) {
    if (path.too_many || pattern.size() != path.size) return false;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (is_capture(pattern[i])) {
            if (path.items[i].empty()) return false;
        } else if (pattern[i] != path.items[i]) {
            return false;
        }
    }
    return true;
}

PathParams capture(const std::vector<std::string>& pattern, const Segments& path) {
    PathParams params;
    for (std::size_t i = 0; i < pattern.size(); ++i)
        if (is_capture(pattern[i]))
            params[pattern[i].substr(1, pattern[i].size() - 2)] = std::string(path.items[i]);
    return params;
}

}  // namespace

void Router::add(std::string method, std::string pattern, Execution execution,
                 RouteHandler handler) {
    Segments split = split_path(pattern);
    assert(!split.too_many && "route pattern with more segments than kMaxSegments");
    segments_.emplace_back(split.items.begin(),
                           split.items.begin() + static_cast<std::ptrdiff_t>(split.size));
    routes_.push_back({std::move(method), std::move(pattern), execution, std::move(handler)});
}

RouteMatch Router::match(const Request& request) const {
    RouteMatch found;
    found.index = routes_.size();
    const Segments path = split_path(request.path);
    for (std::size_t i = 0; i < routes_.size(); ++i) {
        if (!matches(segments_[i], path)) continue;
        found.path_known = true;
        if (routes_[i].method != request.method) continue;
        found.route = &routes_[i];
        found.index = i;
        found.params = capture(segments_[i], path);
        return found;
    }
    return found;
}

Response Router::dispatch(const Request& request, const RouteMatch& match) const {
    if (match.route != nullptr) return match.route->handler(request, match.params);
    if (match.path_known)
        return problem_response("method_not_allowed",
                                request.method + " is not allowed on " + request.path);
    return problem_response("not_found", "no resource at " + request.path);
}

Response Router::handle(const Request& request) const {
    return dispatch(request, match(request));
}

bool Router::runs_on_io_thread(const Request& request) const {
    const RouteMatch found = match(request);
    return found.route == nullptr || found.route->execution == Execution::io_thread;
}

std::string Router::route_name(std::size_t index) const {
    if (index >= routes_.size()) return "unmatched";
    return routes_[index].method + " " + routes_[index].pattern;
}

std::vector<std::string> Router::route_names() const {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < routes_.size(); ++i) names.push_back(route_name(i));
    return names;
}

Response problem_response(const std::string& code, const std::string& detail) {
    const Error error{code, detail, {}, {}};
    return {
        app::http_status(code), "application/problem+json", app::problem_json(error).dump(), {}};
}

}  // namespace wg::http
