// Claim, fire, record lateness; sleep until the next due time, a NOTIFY, or the poll interval.
#include "adapters/app/deadline_worker.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace wg::app {
namespace {

std::shared_ptr<spdlog::logger> log() {
    auto logger = spdlog::get("worker");
    return logger ? logger : spdlog::default_logger();
}

// Backoff after a transient failure: 1 s, 2 s, 4 s … capped at 5 minutes.
std::chrono::seconds backoff(int attempt) {
    return std::chrono::seconds(std::min(300LL, 1LL << std::clamp(attempt, 0, 9)));
}

}  // namespace

bool is_transient(const std::string& code) {
    return code == "database_unavailable" || code == "conflict" || code == "database" || code == "internal";
}

DeadlineWorker::DeadlineWorker(CaseService& service, DeadlineQueue& queue, const Clock& clock, Metrics& metrics,
                               WorkerOptions options)
    : service_(service),
      queue_(queue),
      clock_(clock),
      options_(std::move(options)),
      fired_(metrics.counter("wageguard_deadlines_fired_total", "Deadlines whose event was fired")),
      failed_(metrics.counter("wageguard_deadlines_failed_total", "Deadlines whose event the workflow refused")),
      retried_(metrics.counter("wageguard_deadlines_retried_total", "Deadline firings put off after a transient error")),
      lateness_(metrics.histogram("wageguard_deadline_lateness_seconds",
                                  "Time from a deadline's due instant to the commit of its event",
                                  latency_buckets())) {}

DeadlineWorker::~DeadlineWorker() { stop(); }

// Several claimers per node: a firing waits on the database most of the time, and SKIP LOCKED
// keeps them from taking the same rows.
void DeadlineWorker::start() {
    if (running_.exchange(true)) return;
    for (std::size_t i = 0; i < std::max<std::size_t>(1, options_.threads); ++i)
        threads_.emplace_back([this] { loop(); });
}

void DeadlineWorker::stop() {
    if (!running_.exchange(false)) return;
    wakeup_.notify();
    for (auto& thread : threads_)
        if (thread.joinable()) thread.join();
    threads_.clear();
}

std::size_t DeadlineWorker::run_once() {
    auto claimed = queue_.claim(options_.node, clock_.now(), options_.lease, options_.batch);
    if (!claimed) {
        log()->warn("deadline claim failed error={}", claimed.error().message);
        return 0;
    }
    for (const auto& deadline : *claimed) handle(deadline);
    return claimed->size();
}

void DeadlineWorker::handle(const DueDeadline& deadline) {
    auto fired = service_.fire_deadline(deadline.case_id, deadline.id, Actor{options_.node, "system", ""});
    const rules::Instant now = clock_.now();
    if (fired) {
        fired_.add();
        lateness_.observe(std::chrono::duration<double>(now - deadline.due_at).count());
        return;
    }
    const Error& error = fired.error();
    if (error.code == "deadline_gone") {
        (void)queue_.cancel_stale(deadline.id, now);  // a no-op unless the row is stale
        return;
    }
    if (is_transient(error.code)) {
        retried_.add();
        (void)queue_.retry(deadline.id, error.message, now + backoff(1));
        log()->warn("deadline put off id={} case={} error={}", deadline.id, deadline.case_id, error.message);
        return;
    }
    failed_.add();
    (void)queue_.fail(deadline.id, error.code + ": " + error.message, now);
    log()->error("deadline refused by its workflow id={} case={} event={} error={}", deadline.id, deadline.case_id,
                 deadline.fires, error.message);
}

void DeadlineWorker::loop() {
    std::uint64_t seen = 0;
    while (running_) {
        const std::size_t handled = run_once();
        if (handled >= options_.batch) continue;  // more may be due: no sleep
        auto wait = options_.poll;
        if (auto next = queue_.next_due(clock_.now()); next && *next) {
            const auto until = std::chrono::duration_cast<std::chrono::milliseconds>(**next - clock_.now());
            wait = std::clamp(until, std::chrono::milliseconds(0), options_.poll);
        }
        // Due rows another node is claiming right now would make the wait zero: pause briefly.
        if (wait.count() == 0 && handled == 0) wait = std::chrono::milliseconds(20);
        if (wait.count() > 0) wakeup_.wait_for(wait, seen);
    }
}

}  // namespace wg::app
