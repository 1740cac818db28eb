// A thin handler: authenticate, parse the filter, run the query, render the page.
#include "adapters/http/case_list_route.hpp"

#include "adapters/app/problem.hpp"
#include "adapters/http/auth.hpp"

namespace wg::http {
namespace {

using nlohmann::json;

Response error_response(const Error& error) {
    return {app::http_status(error.code),
            "application/problem+json",
            app::problem_json(error).dump(),
            {}};
}

json optional_text(const std::string& text) {
    return text.empty() ? json(nullptr) : json(text);
}

// The same query with `after` replaced by the next cursor; the other parameters keep their
// original encoding.
std::string next_link(const std::string& path, const std::string& query,
                      const std::string& cursor) {
    std::string next;
    std::size_t start = 0;
    while (start <= query.size()) {
        const std::size_t end = std::min(query.find('&', start), query.size());
        const std::string segment = query.substr(start, end - start);
        start = end + 1;
        const auto decoded = app::split_query(segment);
        if (decoded.empty() || decoded.front().first == "after") continue;
        next += segment + "&";
    }
    return "<" + path + "?" + next + "after=" + cursor + ">; rel=\"next\"";
}

Response list_cases(app::CaseQuery& query, const app::Clock& clock, app::Authenticator& auth,
                    const Request& request) {
    auto actor = caller(request, auth);
    if (!actor) return auth_error(actor.error());
    auto filter = app::parse_case_filter(app::split_query(request.query));
    if (!filter) return error_response(filter.error());
    filter->region_scope = actor->region;  // a caller bound to a region lists only its cases
    auto page = query.list(*filter, clock.now());
    if (!page) return error_response(page.error());
    json items = json::array();
    for (const auto& summary : page->items) items.push_back(case_summary_json(summary));
    const json body = {
        {"items", std::move(items)},
        {"next", page->next_cursor ? json(*page->next_cursor) : json(nullptr)},
        {"limit", filter->limit},
    };
    Response response{200, "application/json", body.dump(), {}};
    if (page->next_cursor)
        response.headers.emplace_back("Link",
                                      next_link(request.path, request.query, *page->next_cursor));
    return response;
}

}  // namespace

json case_summary_json(const app::CaseSummary& summary) {
    return {
        {"id", summary.id},
        {"workflow", summary.workflow},
        {"workflow_version", summary.workflow_version},
        {"state", summary.state},
        {"region", optional_text(summary.region)},
        {"owner_role", optional_text(summary.owner_role)},
        {"version", summary.version},
        {"created_at", rules::format_instant(summary.created_at)},
        {"updated_at", rules::format_instant(summary.updated_at)},
        {"next_due_at",
         summary.next_due_at ? json(rules::format_instant(*summary.next_due_at)) : json(nullptr)},
        {"overdue", summary.overdue},
    };
}

void add_case_list_route(Router& router, app::CaseQuery& query, const app::Clock& clock, app::Authenticator& auth) {
    router.add("GET", "/api/v1/cases", Execution::worker_pool,
               [&query, &clock, &auth](const Request& request, const PathParams&) {
                   return list_cases(query, clock, auth, request);
               });
}

}  // namespace wg::http
