// Thin handlers: authenticate, check the role, call the admin port, render.
#include "adapters/http/webhook_admin_routes.hpp"

#include <algorithm>

#include "adapters/app/problem.hpp"
#include "adapters/http/auth.hpp"
#include "adapters/http/query.hpp"

namespace wg::http {
namespace {

using app::Json;

Response json_response(int status, const Json& body) { return {status, "application/json", body.dump(), {}}; }

Response error_response(const Error& error) {
    return {app::http_status(error.code), "application/problem+json", app::problem_json(error).dump(), {}};
}

// Dead letters name cases and endpoints: only people who run the service see and replay them.
Expected<app::Actor> webhook_admin(const Request& request, app::Authenticator& auth) {
    auto actor = caller(request, auth);
    if (!actor) return actor;
    if (actor->role != "admin" && actor->role != "supervisor")
        return fail("role_not_allowed", "role '" + actor->role + "' may not manage webhooks (admin or supervisor)");
    return actor;
}

Expected<std::size_t> limit_of(const Request& request) {
    const std::string text = query_param(request.query, "limit");
    if (text.empty()) return std::size_t{100};
    const bool digits = text.size() <= 4 && text.find_first_not_of("0123456789") == std::string::npos;
    if (!digits || std::stoul(text) == 0 || std::stoul(text) > 1000)
        return fail("validation", "limit must be 1 to 1000", "limit");
    return static_cast<std::size_t>(std::stoul(text));
}

Response list_dead(app::WebhookAdmin& admin, app::Authenticator& auth, const Request& request) {
    if (auto actor = webhook_admin(request, auth); !actor) return auth_error(actor.error());
    auto limit = limit_of(request);
    if (!limit) return error_response(limit.error());
    auto letters = admin.dead_letters(query_param(request.query, "endpoint"), *limit);
    if (!letters) return error_response(letters.error());
    Json items = Json::array();
    for (const auto& letter : *letters) items.push_back(dead_letter_json(letter));
    return json_response(200, {{"items", std::move(items)}});
}

Response replay(app::WebhookAdmin& admin, const app::Clock& clock, app::Authenticator& auth,
                const std::function<void()>& changed, const Request& request, const PathParams& params) {
    if (auto actor = webhook_admin(request, auth); !actor) return auth_error(actor.error());
    const std::string& id = params.at("id");
    if (auto replayed = admin.replay(id, clock.now()); !replayed) return error_response(replayed.error());
    if (changed) changed();
    return json_response(200, {{"id", id}, {"status", "pending"}});
}

Response list_endpoints(app::WebhookAdmin& admin, const std::vector<app::OutboundEndpoint>& endpoints,
                        app::Authenticator& auth, const Request& request) {
    if (auto actor = webhook_admin(request, auth); !actor) return auth_error(actor.error());
    auto states = admin.endpoint_states();
    if (!states) return error_response(states.error());
    Json items = Json::array();
    for (const auto& endpoint : endpoints) {
        const auto state = std::find_if(states->begin(), states->end(),
                                        [&](const app::EndpointState& s) { return s.name == endpoint.name; });
        const bool gone = state != states->end() && state->disabled;
        items.push_back({{"name", endpoint.name},
                         {"url", endpoint.url},
                         {"events", endpoint.event_types},
                         {"enabled", endpoint.enabled && !gone},
                         {"disabled_at", gone ? Json(rules::format_instant(state->since)) : Json(nullptr)},
                         {"reason", gone ? Json(state->reason) : Json(endpoint.enabled ? nullptr : "configuration")}});
    }
    return json_response(200, {{"items", std::move(items)}});
}

Response enable(app::WebhookAdmin& admin, const std::vector<app::OutboundEndpoint>& endpoints,
                const app::Clock& clock, app::Authenticator& auth, const std::function<void()>& changed,
                const Request& request, const PathParams& params) {
    if (auto actor = webhook_admin(request, auth); !actor) return auth_error(actor.error());
    const std::string& name = params.at("name");
    const bool known = std::any_of(endpoints.begin(), endpoints.end(),
                                   [&](const app::OutboundEndpoint& endpoint) { return endpoint.name == name; });
    if (!known) return error_response({"not_found", "no webhook endpoint named '" + name + "' is configured", {}, {}, {}});
    auto enabled = admin.enable_endpoint(name, clock.now());
    if (!enabled) return error_response(enabled.error());
    if (changed) changed();
    return json_response(200, {{"name", name}, {"enabled", true}, {"was_disabled", *enabled}});
}

}  // namespace

Json dead_letter_json(const app::DeadLetter& letter) {
    return {{"id", letter.id},
            {"case_id", letter.case_id},
            {"endpoint", letter.endpoint},
            {"webhook_id", letter.webhook_id},
            {"type", letter.type},
            {"attempts", letter.attempts},
            {"last_error", letter.last_error},
            {"created_at", rules::format_instant(letter.created_at)},
            {"dead_at", rules::format_instant(letter.died_at)}};
}

void add_webhook_admin_routes(Router& router, app::WebhookAdmin& admin, const std::vector<app::OutboundEndpoint>& endpoints,
                              const app::Clock& clock, app::Authenticator& auth, std::function<void()> changed) {
    router.add("GET", "/api/v1/webhooks/dead-letters", Execution::worker_pool,
               [&admin, &auth](const Request& request, const PathParams&) { return list_dead(admin, auth, request); });
    router.add("POST", "/api/v1/webhooks/dead-letters/{id}/replay", Execution::worker_pool,
               [&admin, &clock, &auth, changed](const Request& request, const PathParams& params) {
                   return replay(admin, clock, auth, changed, request, params);
               });
    router.add("GET", "/api/v1/webhooks/endpoints", Execution::worker_pool,
               [&admin, &endpoints, &auth](const Request& request, const PathParams&) {
                   return list_endpoints(admin, endpoints, auth, request);
               });
    router.add("POST", "/api/v1/webhooks/endpoints/{name}/enable", Execution::worker_pool,
               [&admin, &endpoints, &clock, &auth, changed](const Request& request, const PathParams& params) {
                   return enable(admin, endpoints, clock, auth, changed, request, params);
               });
}

}  // namespace wg::http
