// The PostgreSQL case store: one transition, one transaction (lock the case row, append the
// event with its hash, update the case, write what the step asked for).
#pragma once

#include "adapters/app/case_store.hpp"

namespace wg::pg {

class Database;

class PgCaseStore final : public app::CaseStore {
public:
    explicit PgCaseStore(Database& database) : database_(database) {}

    Expected<app::Written> create(app::CaseRecord fields, app::Change opening, const app::Respond& respond) override;
    Expected<std::vector<app::DeadlineRow>> deadlines(const std::string& case_id) override;
    Expected<app::Written> apply(const std::string& case_id, std::optional<std::int64_t> expected_version,
                                 const app::Decide& decide, const app::Respond& respond) override;
    Expected<app::CaseRecord> find(const std::string& case_id) override;
    Expected<std::vector<app::EventRecord>> events(const std::string& case_id, std::int64_t after_seq,
                                                   std::size_t limit) override;
    Expected<std::vector<std::string>> ids_with_prefix(const std::string& prefix) override;
    bool ready() override;

private:
    Database& database_;
};

}  // namespace wg::pg
