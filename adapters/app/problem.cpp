// Status table and problem+json rendering.
#include "adapters/app/problem.hpp"

#include <map>

namespace wg::app {
namespace {

struct ProblemKind {
    int status;
    const char* title;
};

const std::map<std::string, ProblemKind>& problem_kinds() {
    static const std::map<std::string, ProblemKind> kinds{
        {"bad_request", {400, "Bad request"}},
        {"bad_json", {400, "Malformed JSON"}},
        {"unauthorized", {401, "Not authenticated"}},
        {"signature", {401, "Invalid webhook signature"}},
        {"timestamp", {401, "Stale webhook timestamp"}},
        {"role_not_allowed", {403, "Role not allowed"}},
        {"region_not_allowed", {403, "Outside your region"}},
        {"not_found", {404, "Not found"}},
        {"method_not_allowed", {405, "Method not allowed"}},
        {"not_allowed_in_state", {409, "Event not allowed in this state"}},
        {"case_closed", {409, "Case is closed"}},
        {"conflict", {409, "Concurrent update"}},
        {"extension_exhausted", {409, "Deadline already extended"}},
        {"no_deadline", {409, "No deadline to extend"}},
        {"endpoint_disabled", {409, "Webhook endpoint disabled"}},
        {"version_mismatch", {412, "Case has changed"}},
        {"payload_too_large", {413, "Request body too large"}},
        {"unsupported_media_type", {415, "Unsupported media type"}},
        {"headers_too_large", {431, "Request headers too large"}},
        {"rate_limited", {429, "Too many requests"}},
        {"validation", {422, "Invalid request"}},
        {"required", {422, "Required field missing"}},
        {"unknown_workflow", {422, "Unknown workflow"}},
        {"guard_false", {422, "Condition not met"}},
        {"null_value", {422, "A value the rule needs is missing"}},
        {"no_rule", {422, "No law parameter applies"}},
        {"region", {422, "Region not covered by the law parameters"}},
        {"calendar_range", {422, "Date outside the published calendars"}},
        {"idempotency_mismatch", {422, "Idempotency key reused with another request"}},
        {"database_unavailable", {503, "Database unavailable"}},
        {"unavailable", {503, "Not available on this server"}},
        {"graphviz", {500, "Diagram rendering failed"}},
        {"unknown_state", {500, "Case in an undeclared state"}},
        {"database", {500, "Database error"}},
        {"internal", {500, "Internal error"}},
    };
    return kinds;
}

nlohmann::json field_error(const Error& error) {
    return {{"field", error.field}, {"code", error.code}, {"message", error.message}};
}

}  // namespace

int http_status(const std::string& code) {
    const auto it = problem_kinds().find(code);
    return it == problem_kinds().end() ? 500 : it->second.status;
}

nlohmann::json problem_json(const Error& error) {
    const auto it = problem_kinds().find(error.code);
    const int status = it == problem_kinds().end() ? 500 : it->second.status;
    nlohmann::json body = {
        {"type", "urn:wageguard:problem:" + error.code},
        {"title", it == problem_kinds().end() ? "Internal error" : it->second.title},
        {"status", status},
        {"detail", error.message},
        {"errors", nlohmann::json::array()},
    };
    for (const auto& detail : error.details) body["errors"].push_back(field_error(detail));
    if (error.details.empty() && !error.field.empty()) body["errors"].push_back(field_error(error));
    return body;
}

}  // namespace wg::app
