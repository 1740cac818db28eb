// Works an item queue (the outbox, the inbox): claims due items with a lease, hands each to the
// handler of its kind, and completes it, retries it with exponential backoff and jitter, or
// dead-letters it after the last attempt. At-least-once: handlers must be idempotent (the
// outbox's use the item id as an idempotency key).
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <thread>

#include "adapters/app/clock.hpp"
#include "adapters/app/deadline_worker.hpp"
#include "adapters/app/metrics.hpp"
#include "adapters/app/wakeup.hpp"
#include "adapters/app/work_queues.hpp"

namespace wg::app {

/// Carries out one item. A transient error (see is_transient) or one marked retryable() is
/// retried; any other error is final, and the item goes to the dead letters at once.
using ItemHandler = std::function<Expected<void>(const QueuedItem&)>;

/// How a relay spaces its attempts: after failed attempt n it waits base·2^(n-1), at most
/// `cap`, times a random factor in [0.5, 1.5); after attempt `max_attempts` the item is dead.
struct RetryPolicy {
    int max_attempts = 10;
    std::chrono::milliseconds base{1000};
    std::chrono::milliseconds cap{3'600'000};
};

/// Marks a failure as worth retrying whatever its code (e.g. a webhook receiver's 503), and
/// not before `at_least` from now (its Retry-After) when that is longer than the backoff.
Unexpected<Error> retryable(Error error, std::chrono::milliseconds at_least = {});

class QueueRelay {
public:
    /// `name` labels the metrics, e.g. "outbox".
    QueueRelay(std::string name, ItemQueue& queue, const Clock& clock, Metrics& metrics, WorkerOptions options,
               int max_attempts);
    QueueRelay(std::string name, ItemQueue& queue, const Clock& clock, Metrics& metrics, WorkerOptions options,
               RetryPolicy policy);
    ~QueueRelay();

    /// Registers the handler of a kind; only kinds with a handler are claimed, so rows this
    /// node cannot carry out wait for one that can. Call before start().
    void on(const std::string& kind, ItemHandler handler);

    void start();
    void stop();
    void wake() { wakeup_.notify(); }
    std::size_t run_once();

private:
    void loop();
    void handle(const QueuedItem& item);

    std::string name_;
    ItemQueue& queue_;
    const Clock& clock_;
    Metrics& metrics_;
    WorkerOptions options_;
    RetryPolicy policy_;
    std::map<std::string, ItemHandler> handlers_;
    std::vector<std::string> kinds_;
    Wakeup wakeup_;
    std::atomic<bool> running_{false};
    std::thread thread_;
};

/// The wait before attempt `attempt + 1`: 2^(attempt-1) seconds (capped at one hour) times a
/// random factor in [0.5, 1.5), so that retries of many items spread out.
std::chrono::milliseconds retry_delay(int attempt);
/// The same under `policy`'s base and cap.
std::chrono::milliseconds retry_delay(int attempt, const RetryPolicy& policy);

}  // namespace wg::app
