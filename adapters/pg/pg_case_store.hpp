// The PostgreSQL case store: one transition, one transaction (lock or version-check the case
// row, append the event with its hash, update the case, write what the step asked for), or,
// with group commit, one savepoint each in a transaction shared with the transitions that
// arrived meanwhile.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>

#include "adapters/app/case_store.hpp"
#include "adapters/pg/pg_case_cache.hpp"
#include "adapters/pg/pg_group_commit.hpp"

namespace wg::pg {

class Database;

/// How steps commit: each in its own transaction, or grouped with the steps that arrive while
/// others run (pg_group_commit.hpp; a step with an Idempotency-Key always commits alone).
enum class StepCommit { kEach, kGrouped };

struct CaseStoreOptions {
    StepCommit commit = StepCommit::kEach;
    GroupCommitOptions group;  // with StepCommit::kGrouped
    /// Cases kept by this node (pg_case_cache.hpp). A step on a kept case is decided on that copy
    /// and written in one version-checked statement; 0 reads every case under lock. Only for
    /// StepCommit::kEach: group commit reads its whole batch under lock anyway.
    std::size_t cached_cases = 10'000;
};

class PgCaseStore final : public app::CaseStore {
public:
    explicit PgCaseStore(Database& database, CaseStoreOptions options = {});
    ~PgCaseStore() override;

    Expected<app::Written> create(app::CaseRecord fields, app::Change opening, const app::Respond& respond) override;
    Expected<std::vector<app::DeadlineRow>> deadlines(const std::string& case_id) override;
    Expected<app::Written> apply(const std::string& case_id, std::optional<std::int64_t> expected_version,
                                 const app::Decide& decide, const app::Respond& respond) override;
    Expected<app::CaseRecord> find(const std::string& case_id) override;
    Expected<std::vector<app::EventRecord>> events(const std::string& case_id, std::int64_t after_seq,
                                                   std::size_t limit) override;
    Expected<std::vector<std::string>> ids_with_prefix(const std::string& prefix) override;
    bool ready() override;

    [[nodiscard]] CaseCache::Counts cache_counts() const { return cache_.counts(); }

private:
    void run_batch(const std::vector<GroupedStep*>& batch);
    std::optional<Expected<app::Written>> apply_known(const app::CaseRecord& known, const app::Decide& decide,
                                                      const app::Respond& respond);

    Database& database_;
    CaseCache cache_;
    std::unique_ptr<GroupCommit> group_;  // null for StepCommit::kEach
};

}  // namespace wg::pg
