// Thin handlers: parse and authenticate, call the case service, render the result. Every
// error goes out through app::problem_json.
#include "adapters/http/api_routes.hpp"

#include "adapters/app/problem.hpp"
#include "adapters/http/query.hpp"

namespace wg::http {
namespace {

using app::Json;

Response json_response(int status, const Json& body) {
    return {status, "application/json", body.dump(), {}};
}

Response error_response(const Error& error) {
    return {app::http_status(error.code), "application/problem+json", app::problem_json(error).dump(), {}};
}

// Until API tokens exist, the caller states its role and name in headers; the server listens
// on 127.0.0.1 only by default. See README, "Authentication".
Expected<app::Actor> actor_of(const Request& request) {
    const std::string role = request.header("x-wageguard-role");
    if (role.empty()) return fail("unauthorized", "say who acts: the X-Wageguard-Role header is missing");
    const std::string id = request.header("x-wageguard-actor");
    return app::Actor{id.empty() ? "anonymous" : id, role};
}

Expected<Json> json_body(const Request& request) {
    const std::string type = request.header("content-type");
    if (type.rfind("application/json", 0) != 0)
        return fail("unsupported_media_type", "send the body as application/json");
    Json body = Json::parse(request.body, nullptr, false);
    if (body.is_discarded()) return fail("bad_json", "the request body is not valid JSON");
    return body;
}

// If-Match: "7" (an ETag we issued) → 7. Absent → nullopt; malformed → error.
Expected<std::optional<std::int64_t>> expected_version(const Request& request) {
    std::string tag = request.header("if-match");
    if (tag.empty()) return std::optional<std::int64_t>{};
    if (tag.size() >= 2 && tag.front() == '"' && tag.back() == '"') tag = tag.substr(1, tag.size() - 2);
    if (tag.empty() || tag.find_first_not_of("0123456789") != std::string::npos || tag.size() > 18)
        return fail("bad_request", "If-Match must be an ETag this server issued, like \"3\"");
    return std::optional<std::int64_t>{std::stoll(tag)};
}

Response case_response(int status, const Json& view) {
    Response response = json_response(status, view);
    response.headers.emplace_back("ETag", "\"" + std::to_string(view["version"].get<std::int64_t>()) + "\"");
    return response;
}

Response open_case(app::CaseService& service, const Request& request) {
    auto actor = actor_of(request);
    if (!actor) return error_response(actor.error());
    auto body = json_body(request);
    if (!body) return error_response(body.error());
    auto view = service.open_case(*body, *actor);
    if (!view) return error_response(view.error());
    Response response = case_response(201, *view);
    response.headers.emplace_back("Location", "/api/v1/cases/" + (*view)["id"].get<std::string>());
    return response;
}

Response fire_event(app::CaseService& service, const Request& request, const PathParams& params) {
    auto actor = actor_of(request);
    if (!actor) return error_response(actor.error());
    auto version = expected_version(request);
    if (!version) return error_response(version.error());
    auto body = json_body(request);
    if (!body) return error_response(body.error());
    auto view = service.fire_event(params.at("id"), *body, *actor, *version);
    if (!view) return error_response(view.error());
    return case_response(200, *view);
}

Response get_case(app::CaseService& service, const Request& request, const PathParams& params) {
    auto actor = actor_of(request);
    if (!actor) return error_response(actor.error());
    auto view = service.get_case(params.at("id"), *actor);
    if (!view) return error_response(view.error());
    return case_response(200, *view);
}

Response workflow_diagram(app::WorkflowService& workflows, const Request& request, const PathParams& params) {
    auto actor = actor_of(request);
    if (!actor) return error_response(actor.error());
    std::string format = query_param(request.query, "format");
    auto diagram = workflows.diagram(params.at("name"), format.empty() ? "dot" : format, query_param(request.query, "case"));
    if (!diagram) return error_response(diagram.error());
    return {200, diagram->content_type, diagram->body, {}};
}

void add_workflow_routes(Router& router, app::WorkflowService& workflows) {
    router.add("GET", "/api/v1/workflows", Execution::io_thread, [&workflows](const Request& request, const PathParams&) {
        auto actor = actor_of(request);
        if (!actor) return error_response(actor.error());
        return json_response(200, workflows.list());
    });
    router.add("GET", "/api/v1/workflows/{name}", Execution::io_thread,
               [&workflows](const Request& request, const PathParams& params) {
                   auto actor = actor_of(request);
                   if (!actor) return error_response(actor.error());
                   auto described = workflows.describe(params.at("name"));
                   if (!described) return error_response(described.error());
                   return json_response(200, *described);
               });
    router.add("GET", "/api/v1/workflows/{name}/diagram", Execution::worker_pool,
               [&workflows](const Request& request, const PathParams& params) {
                   return workflow_diagram(workflows, request, params);
               });
}

}  // namespace

void add_api_routes(Router& router, app::CaseService& service, app::WorkflowService& workflows) {
    add_workflow_routes(router, workflows);
    router.add("GET", "/healthz", Execution::io_thread, [](const Request&, const PathParams&) {
        return json_response(200, {{"status", "ok"}});
    });
    router.add("GET", "/readyz", Execution::worker_pool, [&service](const Request&, const PathParams&) {
        if (service.ready()) return json_response(200, {{"status", "ready"}, {"database", "ok"}});
        Response response = problem_response("database_unavailable", "the database does not answer");
        response.headers.emplace_back("Retry-After", "5");
        return response;
    });
    router.add("POST", "/api/v1/cases", Execution::worker_pool,
               [&service](const Request& request, const PathParams&) { return open_case(service, request); });
    router.add("GET", "/api/v1/cases/{id}", Execution::worker_pool,
               [&service](const Request& request, const PathParams& params) {
                   return get_case(service, request, params);
               });
    router.add("POST", "/api/v1/cases/{id}/events", Execution::worker_pool,
               [&service](const Request& request, const PathParams& params) {
                   return fire_event(service, request, params);
               });
}

}  // namespace wg::http
