// Thin handlers: parse and authenticate, call the case service, render the result. Every
// error goes out through app::problem_json.
#include "adapters/http/api_routes.hpp"

#include "adapters/app/audit_hash.hpp"
#include "adapters/app/problem.hpp"
#include "adapters/http/auth.hpp"
#include "adapters/http/query.hpp"

#include <algorithm>
#include <limits>

namespace wg::http {
namespace {

using app::Json;

Response json_response(int status, const Json& body) {
    return {status, "application/json", body.dump(), {}};
}

Response error_response(const Error& error) {
    return {app::http_status(error.code), "application/problem+json", app::problem_json(error).dump(), {}};
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
    if (view.contains("version"))
        response.headers.emplace_back("ETag", "\"" + std::to_string(view["version"].get<std::int64_t>()) + "\"");
    return response;
}

Response reply_response(const app::Reply& reply) {
    Response response = case_response(reply.status, reply.body);
    if (reply.status == 201 && reply.body.contains("id"))
        response.headers.emplace_back("Location", "/api/v1/cases/" + reply.body["id"].get<std::string>());
    if (reply.replayed) response.headers.emplace_back("Idempotent-Replayed", "true");
    return response;
}

// Idempotency-Key (IETF draft): 1-255 visible ASCII characters, unique per caller and route.
// The request fingerprint covers the method, the path, If-Match and the parsed body, so that
// a retry with re-ordered JSON keys still counts as the same request.
Expected<std::optional<app::IdempotencyKey>> idempotency_key(const Request& request, const app::Actor& actor,
                                                             const Json& body) {
    const std::string key = request.header("idempotency-key");
    if (key.empty()) return std::optional<app::IdempotencyKey>{};
    const bool visible = std::all_of(key.begin(), key.end(), [](char c) { return c > 0x20 && c < 0x7f; });
    if (key.size() > 255 || !visible)
        return fail("bad_request", "Idempotency-Key must be 1 to 255 visible ASCII characters");
    const std::string fingerprint =
        request.method + ' ' + request.path + '\n' + request.header("if-match") + '\n' + body.dump();
    return std::optional<app::IdempotencyKey>{
        app::IdempotencyKey{actor.role + ':' + actor.id, key, app::sha256_hex(fingerprint)}};
}

Response open_case(app::CaseService& service, app::Authenticator& auth, const app::RequestSchemas& schemas,
                   const Request& request) {
    auto actor = caller(request, auth);
    if (!actor) return auth_error(actor.error());
    auto body = json_body(request);
    if (!body) return error_response(body.error());
    if (auto valid = schemas.validate("POST /api/v1/cases", *body); !valid) return error_response(valid.error());
    auto key = idempotency_key(request, *actor, *body);
    if (!key) return error_response(key.error());
    auto reply = service.open_case(*body, *actor, *key);
    if (!reply) return error_response(reply.error());
    return reply_response(*reply);
}

Response fire_event(app::CaseService& service, app::Authenticator& auth, const app::RequestSchemas& schemas,
                    const Request& request, const PathParams& params) {
    auto actor = caller(request, auth);
    if (!actor) return auth_error(actor.error());
    auto version = expected_version(request);
    if (!version) return error_response(version.error());
    auto body = json_body(request);
    if (!body) return error_response(body.error());
    if (auto valid = schemas.validate("POST /api/v1/cases/{id}/events", *body); !valid)
        return error_response(valid.error());
    auto key = idempotency_key(request, *actor, *body);
    if (!key) return error_response(key.error());
    auto reply = service.fire_event(params.at("id"), *body, *actor, *version, *key);
    if (!reply) return error_response(reply.error());
    return reply_response(*reply);
}

// GET /api/v1/cases/{id}/events?after=SEQ&limit=N: the history with its hashes, a page at a time.
Response list_events(app::CaseService& service, app::Authenticator& auth, const Request& request,
                     const PathParams& params) {
    auto actor = caller(request, auth);
    if (!actor) return auth_error(actor.error());
    auto number = [&](const char* name, long long fallback, long long max) -> std::optional<long long> {
        const std::string text = query_param(request.query, name);
        if (text.empty()) return fallback;
        if (text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
        const long long value = std::stoll(text);
        return value > max ? std::nullopt : std::optional<long long>(value);
    };
    const auto after = number("after", 0, std::numeric_limits<long long>::max());
    const auto limit = number("limit", 100, 1000);
    if (!after || !limit || *limit == 0) {
        Error error{"validation", "the query has invalid parameters", {}, {}};
        if (!after) error.details.push_back({"format", "after must be a sequence number", "after", {}});
        if (!limit || *limit == 0) error.details.push_back({"range", "limit must be 1 to 1000", "limit", {}});
        return error_response(error);
    }
    auto page = service.get_events(params.at("id"), *actor, *after, static_cast<std::size_t>(*limit));
    if (!page) return error_response(page.error());
    return json_response(200, *page);
}

Response get_case(app::CaseService& service, app::Authenticator& auth, const Request& request, const PathParams& params) {
    auto actor = caller(request, auth);
    if (!actor) return auth_error(actor.error());
    auto view = service.get_case(params.at("id"), *actor);
    if (!view) return error_response(view.error());
    return case_response(200, *view);
}

Response workflow_diagram(app::WorkflowService& workflows, app::Authenticator& auth, const Request& request,
                          const PathParams& params) {
    auto actor = caller(request, auth);
    if (!actor) return auth_error(actor.error());
    std::string format = query_param(request.query, "format");
    auto diagram = workflows.diagram(params.at("name"), format.empty() ? "dot" : format, query_param(request.query, "case"),
                                     actor->region);
    if (!diagram) return error_response(diagram.error());
    return {200, diagram->content_type, diagram->body, {}};
}

void add_workflow_routes(Router& router, app::WorkflowService& workflows, app::Authenticator& auth) {
    router.add("GET", "/api/v1/workflows", Execution::io_thread, [&workflows, &auth](const Request& request, const PathParams&) {
        auto actor = caller(request, auth);
        if (!actor) return auth_error(actor.error());
        return json_response(200, workflows.list());
    });
    router.add("GET", "/api/v1/workflows/{name}", Execution::io_thread,
               [&workflows, &auth](const Request& request, const PathParams& params) {
                   auto actor = caller(request, auth);
                   if (!actor) return auth_error(actor.error());
                   auto described = workflows.describe(params.at("name"));
                   if (!described) return error_response(described.error());
                   return json_response(200, *described);
               });
    router.add("GET", "/api/v1/workflows/{name}/diagram", Execution::worker_pool,
               [&workflows, &auth](const Request& request, const PathParams& params) {
                   return workflow_diagram(workflows, auth, request, params);
               });
}

}  // namespace

void add_api_routes(Router& router, app::CaseService& service, app::WorkflowService& workflows,
                    app::Authenticator& auth, const app::RequestSchemas& schemas) {
    add_workflow_routes(router, workflows, auth);
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
               [&service, &auth, &schemas](const Request& request, const PathParams&) {
                   return open_case(service, auth, schemas, request);
               });
    router.add("GET", "/api/v1/cases/{id}", Execution::worker_pool,
               [&service, &auth](const Request& request, const PathParams& params) {
                   return get_case(service, auth, request, params);
               });
    router.add("GET", "/api/v1/cases/{id}/events", Execution::worker_pool,
               [&service, &auth](const Request& request, const PathParams& params) {
                   return list_events(service, auth, request, params);
               });
    router.add("POST", "/api/v1/cases/{id}/events", Execution::worker_pool,
               [&service, &auth, &schemas](const Request& request, const PathParams& params) {
                   return fire_event(service, auth, schemas, request, params);
               });
}

}  // namespace wg::http
