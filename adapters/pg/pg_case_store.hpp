// The PostgreSQL case store: one transition, one transaction (lock the case row, append the
// event with its hash, update the case).
#pragma once

#include "adapters/app/case_store.hpp"

namespace wg::pg {

class Database;

class PgCaseStore final : public app::CaseStore {
public:
    explicit PgCaseStore(Database& database) : database_(database) {}

    Expected<app::CaseRecord> create(app::CaseRecord fields, app::Change opening) override;
    Expected<std::vector<app::DeadlineRow>> deadlines(const std::string& case_id) override;
    Expected<app::CaseRecord> apply(const std::string& case_id,
                                    std::optional<std::int64_t> expected_version,
                                    const app::Decide& decide) override;
    Expected<app::CaseRecord> find(const std::string& case_id) override;
    Expected<std::vector<app::EventRecord>> events(const std::string& case_id) override;
    bool ready() override;

private:
    Database& database_;
};

}  // namespace wg::pg
