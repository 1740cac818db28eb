// The webhook tables of 0004 in PostgreSQL: case_references, operator_tasks, webhook reference
// fields, and the holds on inbox rows (whose releases are triggers, see the migration).
#pragma once

#include "adapters/app/inbound_webhooks.hpp"

namespace wg::pg {

class Database;

class PgWebhookStore final : public app::WebhookStore {
public:
    explicit PgWebhookStore(Database& database) : database_(database) {}
    Expected<void> declare_reference_fields(
        const std::map<std::string, std::string>& fields) override;
    Expected<std::optional<std::string>> find_reference(const std::string& source,
                                                        const std::string& reference) override;
    Expected<std::string> learn_reference(const std::string& source, const std::string& reference,
                                          const std::string& case_id, rules::Instant at) override;
    Expected<void> open_task(const app::OperatorTask& task, rules::Instant at) override;
    Expected<void> close_tasks(const std::string& source, const std::string& message_id,
                               rules::Instant at) override;
    Expected<bool> hold_for_case(const std::string& source, const std::string& message_id,
                                 const std::string& case_id, std::int64_t version,
                                 const std::string& reason, rules::Instant at) override;
    Expected<bool> hold_for_reference(const std::string& source, const std::string& message_id,
                                      const std::string& reference, const std::string& reason,
                                      rules::Instant at) override;

private:
    Database& database_;
};

}  // namespace wg::pg
