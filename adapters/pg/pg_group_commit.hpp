// Group commit for case steps: steps that arrive while others run are handed over together, so
// that they can share one transaction and one COMMIT (one WAL flush). This is the queue and
// who runs it; PgCaseStore runs the batches (a savepoint per step, so that a step that fails
// leaves the others whole). Every caller gets its own result only after its batch finished.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "adapters/app/case_store.hpp"

namespace wg::pg {

struct GroupCommitOptions {
    /// Batches that run at once, each on its own session. A case always goes to the same lane,
    /// so two batches never wait for each other's case rows (no deadlock between batches).
    std::size_t lanes = 2;
    /// Steps at most in one batch.
    std::size_t max_batch = 32;
};

/// One step waiting for its batch: the arguments of CaseStore::apply, and its result once the
/// batch has run.
struct GroupedStep {
    std::string case_id;
    std::optional<std::int64_t> expected_version;
    const app::Decide* decide = nullptr;
    const app::Respond* respond = nullptr;
    std::optional<Expected<app::Written>> result;
    bool done = false;  // set by GroupCommit, under its lock, once `result` is final
};

class GroupCommit {
public:
    /// Runs a batch (distinct case ids) and sets every step's result; must not throw.
    using RunBatch = std::function<void(const std::vector<GroupedStep*>&)>;

    GroupCommit(GroupCommitOptions options, RunBatch run_batch);
    ~GroupCommit();
    GroupCommit(const GroupCommit&) = delete;
    GroupCommit& operator=(const GroupCommit&) = delete;

    /// Queues `step` on the lane of its case and returns its result once its batch has run. The
    /// calling thread may run that batch itself, other callers' steps included.
    Expected<app::Written> run(GroupedStep& step);

private:
    struct Lane;
    std::vector<GroupedStep*> take_batch(Lane& lane) const;

    GroupCommitOptions options_;
    RunBatch run_batch_;
    std::vector<std::unique_ptr<Lane>> lanes_;
};

}  // namespace wg::pg
