// Webhook endpoint states (webhook_endpoints_state, 0005) and the dead letters of kind
// 'webhook' in the outbox: listing and replay for the CLI and the admin API.
#pragma once

#include "adapters/app/outbound_webhooks.hpp"

namespace wg::pg {

class Database;

class PgWebhookAdmin final : public app::WebhookAdmin {
public:
    explicit PgWebhookAdmin(Database& database) : database_(database) {}

    Expected<std::vector<app::EndpointState>> endpoint_states() override;
    Expected<void> disable_endpoint(const std::string& name, const std::string& reason, rules::Instant at) override;
    Expected<bool> enable_endpoint(const std::string& name, rules::Instant at) override;
    Expected<std::vector<app::DeadLetter>> dead_letters(const std::string& endpoint, std::size_t limit) override;
    Expected<void> replay(const std::string& id, rules::Instant at) override;
    Expected<std::size_t> replay_endpoint(const std::string& endpoint, rules::Instant at) override;

private:
    Database& database_;
};

}  // namespace wg::pg
