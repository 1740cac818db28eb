// The admin API of outbound webhooks: dead letters listed and replayed, endpoint states listed
// and re-enabled after a 410 Gone (README, "Webhooks (outbound)").
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "adapters/app/authenticator.hpp"
#include "adapters/app/clock.hpp"
#include "adapters/app/outbound_webhooks.hpp"
#include "adapters/http/router.hpp"

namespace wg::http {

/// Registers, for callers with role `admin` or `supervisor` (403 otherwise):
///   GET  /api/v1/webhooks/dead-letters?endpoint=&limit=     → {items:[…]}, newest first
///   POST /api/v1/webhooks/dead-letters/{id}/replay          → 200 {id, status:"pending"}
///   GET  /api/v1/webhooks/endpoints                          → {items:[{name, url, enabled, disabled_at, reason}]}
///   POST /api/v1/webhooks/endpoints/{name}/enable            → 200 {name, enabled:true}
/// `endpoints` are the configured ones. `changed` is called after a replay or an enable (to
/// wake the relay and refresh the endpoint states). Everything passed must outlive the router.
void add_webhook_admin_routes(Router& router, app::WebhookAdmin& admin, const std::vector<app::OutboundEndpoint>& endpoints,
                              const app::Clock& clock, app::Authenticator& auth, std::function<void()> changed);

/// The JSON of one dead letter.
nlohmann::json dead_letter_json(const app::DeadLetter& letter);

}  // namespace wg::http
