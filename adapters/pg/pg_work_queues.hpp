// The work queues in PostgreSQL: claims are one UPDATE … FROM (SELECT … ORDER BY due LIMIT n
// FOR UPDATE SKIP LOCKED) that sets the lease, on the partial indexes of 0002/0003, so a claim
// stays an index scan however many rows wait (see bench/deadline_bench for the plan).
#pragma once

#include "adapters/app/work_queues.hpp"

namespace wg::pg {

class Database;

class PgDeadlineQueue final : public app::DeadlineQueue {
public:
    explicit PgDeadlineQueue(Database& database) : database_(database) {}
    Expected<std::vector<app::DueDeadline>> claim(const std::string& owner, rules::Instant now,
                                                  std::chrono::seconds lease, std::size_t limit) override;
    Expected<void> retry(const std::string& id, const std::string& error, rules::Instant retry_at) override;
    Expected<void> fail(const std::string& id, const std::string& error, rules::Instant at) override;
    Expected<void> cancel_stale(const std::string& id, rules::Instant at) override;
    Expected<std::optional<rules::Instant>> next_due(rules::Instant now) override;

private:
    Database& database_;
};

/// The claim query of the deadline worker, for EXPLAIN in benchmarks and tests.
extern const char* const kClaimDeadlinesSql;

/// The outbox (`outbox` table; kinds are effect kinds) or the inbox (`inbox`; kinds are sources).
class PgItemQueue : public app::Inbox {
public:
    enum class Table { outbox, inbox };
    PgItemQueue(Database& database, Table table) : database_(database), table_(table) {}
    Expected<std::vector<app::QueuedItem>> claim(const std::string& owner, const std::vector<std::string>& kinds,
                                                 rules::Instant now, std::chrono::seconds lease,
                                                 std::size_t limit) override;
    Expected<void> complete(const std::string& id, rules::Instant at) override;
    Expected<void> retry(const std::string& id, const std::string& error, rules::Instant next_attempt) override;
    Expected<void> dead(const std::string& id, const std::string& error, rules::Instant at) override;
    Expected<std::optional<rules::Instant>> next_due(const std::vector<std::string>& kinds,
                                                     rules::Instant now) override;
    /// Inbox only (code `internal` on the outbox).
    Expected<app::Received> receive(const std::string& source, const std::string& message_id, const app::Json& headers,
                                    const std::string& body, rules::Instant at) override;

private:
    Database& database_;
    Table table_;
};

}  // namespace wg::pg
