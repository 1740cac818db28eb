// The complaint index in PostgreSQL: look-ups of complaints against an employer, and intake
// locks as advisory locks held on connections of their own.
#pragma once

#include <string>

#include "adapters/app/complaint_index.hpp"
#include "adapters/pg/database.hpp"

namespace wg::pg {

class PgComplaintIndex final : public app::ComplaintIndex {
public:
    /// Look-ups run on `database`. Locks are held on `lock_sessions` connections to `dsn` kept
    /// apart from that pool: an intake holds its lock while it files through the pool, so a lock
    /// taken from the pool itself could leave every pooled session waiting for a second one.
    /// Give as many lock sessions as request threads, so that an intake never waits for one.
    PgComplaintIndex(Database& database, const std::string& dsn, std::size_t lock_sessions)
        : database_(database), locks_(dsn, lock_sessions) {}

    Expected<void> exclusive(const std::vector<std::string>& names,
                             const std::function<Expected<void>()>& work) override;
    Expected<std::vector<app::ComplaintRow>> against_employer(
        const app::ComplaintLookup& lookup) override;
    Expected<std::optional<app::KeptResponse>> kept_response(
        const app::IdempotencyKey& key) override;

private:
    Database& database_;
    Database locks_;
};

}  // namespace wg::pg
