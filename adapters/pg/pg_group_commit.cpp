// Lanes of queued steps. The first caller that finds its lane idle takes what is queued there
// as one batch, runs it, and marks every step of it done; meanwhile new steps queue up for the
// next batch, so batches grow with the load and a lone step runs at once.
#include "adapters/pg/pg_group_commit.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>

namespace wg::pg {

struct GroupCommit::Lane {
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<GroupedStep*> queue;
    bool running = false;
};

GroupCommit::GroupCommit(GroupCommitOptions options, RunBatch run_batch)
    : options_(options), run_batch_(std::move(run_batch)) {
    options_.lanes = std::max<std::size_t>(options_.lanes, 1);
    options_.max_batch = std::max<std::size_t>(options_.max_batch, 1);
    for (std::size_t i = 0; i < options_.lanes; ++i) lanes_.push_back(std::make_unique<Lane>());
}

GroupCommit::~GroupCommit() = default;

// The oldest queued steps, at most one per case: a second step on a case waits for the next
// batch, so that it is decided on the case as the first one left it.
std::vector<GroupedStep*> GroupCommit::take_batch(Lane& lane) const {
    std::vector<GroupedStep*> batch;
    for (auto it = lane.queue.begin();
         it != lane.queue.end() && batch.size() < options_.max_batch;) {
        const bool repeated =
            std::any_of(batch.begin(), batch.end(),
                        [&](const GroupedStep* taken) { return taken->case_id == (*it)->case_id; });
        if (repeated) {
            ++it;
            continue;
        }
        batch.push_back(*it);
        it = lane.queue.erase(it);
    }
    return batch;
}

Expected<app::Written> GroupCommit::run(GroupedStep& step) {
    Lane& lane = *lanes_[std::hash<std::string>{}(step.case_id) % lanes_.size()];
    std::unique_lock lock(lane.mutex);
    lane.queue.push_back(&step);
    while (!step.done) {
        if (lane.running) {
            lane.changed.wait(lock);
            continue;
        }
        lane.running = true;
        const auto batch = take_batch(lane);
        lock.unlock();
        try {
            run_batch_(batch);
        } catch (const std::exception& e) {  // a bug in the runner: fail the batch, never hang it
            for (GroupedStep* taken : batch)
                if (!taken->result)
                    taken->result = fail("database", std::string("group commit: ") + e.what());
        }
        lock.lock();
        for (GroupedStep* taken : batch) {
            if (!taken->result)
                taken->result = fail("database", "group commit: step left without a result");
            taken->done = true;
        }
        lane.running = false;
        lane.changed.notify_all();
    }
    return std::move(*step.result);
}

}  // namespace wg::pg
