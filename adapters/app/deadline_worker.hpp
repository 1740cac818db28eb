// The deadline worker: claims due deadlines with a lease and fires their events through the
// same transition path as people's requests (CaseService::fire_deadline), so a deadline fires
// at most once even with many nodes, and at least once while any node runs.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "adapters/app/case_service.hpp"
#include "adapters/app/clock.hpp"
#include "adapters/app/metrics.hpp"
#include "adapters/app/wakeup.hpp"
#include "adapters/app/work_queues.hpp"

namespace wg::app {

struct WorkerOptions {
    std::string node;                           // lease owner and actor id, e.g. "host:pid"
    std::chrono::milliseconds poll{2000};       // wake at least this often
    std::chrono::seconds lease{60};
    std::size_t batch = 200;
    std::size_t threads = 2;                    // claimers per node (the deadline worker's)
};

class DeadlineWorker {
public:
    DeadlineWorker(CaseService& service, DeadlineQueue& queue, const Clock& clock, Metrics& metrics,
                   WorkerOptions options);
    ~DeadlineWorker();  // stops and joins

    void start();
    void stop();
    /// Something may have become due (a NOTIFY, or a test moved its clock).
    void wake() { wakeup_.notify(); }

    /// One pass: claims and fires what is due now. Returns how many deadlines it handled.
    std::size_t run_once();

private:
    void loop();
    void handle(const DueDeadline& deadline);

    CaseService& service_;
    DeadlineQueue& queue_;
    const Clock& clock_;
    WorkerOptions options_;
    Counter& fired_;
    Counter& failed_;
    Counter& retried_;
    Histogram& lateness_;
    Wakeup wakeup_;
    std::atomic<bool> running_{false};
    std::vector<std::thread> threads_;
};

/// Codes after which the same work may succeed later (the database, a node without the
/// workflow version); any other failure is the workflow's answer and final.
bool is_transient(const std::string& code);

}  // namespace wg::app
