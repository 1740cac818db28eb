// POST /webhooks/{source}: inbound webhooks from courts, arbitration commissions and platforms
// (DESIGN.md §7). The handler is a thin shell around app::InboundWebhooks::receive.
#pragma once

#include "adapters/app/inbound_webhooks.hpp"
#include "adapters/http/router.hpp"

namespace wg::http {

/// Registers POST /webhooks/{source} (worker pool: it writes the inbox). The raw body is passed
/// on exactly as received, since the signature covers its bytes. Answers 202 {"status":
/// "accepted"} for a new message, 200 {"status":"duplicate"} for a redelivery, and problem+json
/// otherwise (401 bad signature or stale timestamp, 404 unknown source, 400/415/422 bad body).
/// `webhooks` must outlive the router.
void add_webhook_routes(Router& router, app::InboundWebhooks& webhooks);

}  // namespace wg::http
