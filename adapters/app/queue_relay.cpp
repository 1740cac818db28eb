// The relay loop; the same shape as the deadline worker's.
#include "adapters/app/queue_relay.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>
#include <random>

namespace wg::app {
namespace {

std::shared_ptr<spdlog::logger> log() {
    auto logger = spdlog::get("worker");
    return logger ? logger : spdlog::default_logger();
}

}  // namespace

std::chrono::milliseconds retry_delay(int attempt) { return retry_delay(attempt, RetryPolicy{}); }

std::chrono::milliseconds retry_delay(int attempt, const RetryPolicy& policy) {
    thread_local std::mt19937 random{std::random_device{}()};
    const double base = static_cast<double>(policy.base.count()) *
                        static_cast<double>(1LL << std::clamp(attempt - 1, 0, 30));
    const double capped = std::min(base, static_cast<double>(policy.cap.count()));
    std::uniform_real_distribution<double> jitter(0.5, 1.5);
    return std::chrono::milliseconds(static_cast<long long>(capped * jitter(random)));
}

// The hint travels as a detail of the error, so that handlers keep returning Expected<void>.
constexpr const char* kRetryHint = "retry_after_ms";

Unexpected<Error> retryable(Error error, std::chrono::milliseconds at_least) {
    error.details.push_back({kRetryHint, std::to_string(at_least.count()), {}, {}, {}});
    return Unexpected<Error>{std::move(error)};
}

namespace {

// The wait a handler asked for with retryable(), or nullopt when it did not mark the error.
std::optional<std::chrono::milliseconds> retry_hint(const Error& error) {
    for (const auto& detail : error.details)
        if (detail.code == kRetryHint) return std::chrono::milliseconds(std::stoll(detail.message));
    return std::nullopt;
}

}  // namespace

QueueRelay::QueueRelay(std::string name, ItemQueue& queue, const Clock& clock, Metrics& metrics,
                       WorkerOptions options, int max_attempts)
    : QueueRelay(std::move(name), queue, clock, metrics, std::move(options), RetryPolicy{max_attempts}) {}

QueueRelay::QueueRelay(std::string name, ItemQueue& queue, const Clock& clock, Metrics& metrics,
                       WorkerOptions options, RetryPolicy policy)
    : name_(std::move(name)),
      queue_(queue),
      clock_(clock),
      metrics_(metrics),
      options_(std::move(options)),
      policy_(policy) {}

QueueRelay::~QueueRelay() { stop(); }

void QueueRelay::on(const std::string& kind, ItemHandler handler) {
    handlers_[kind] = std::move(handler);
    kinds_.push_back(kind);
}

void QueueRelay::start() {
    if (running_.exchange(true)) return;
    thread_ = std::thread([this] { loop(); });
}

void QueueRelay::stop() {
    if (!running_.exchange(false)) return;
    wakeup_.notify();
    if (thread_.joinable()) thread_.join();
}

std::size_t QueueRelay::run_once() {
    if (kinds_.empty()) return 0;
    auto claimed = queue_.claim(options_.node, kinds_, clock_.now(), options_.lease, options_.batch);
    if (!claimed) {
        log()->warn("{} claim failed error={}", name_, claimed.error().message);
        return 0;
    }
    for (const auto& item : *claimed) handle(item);
    return claimed->size();
}

void QueueRelay::handle(const QueuedItem& item) {
    const std::string labels = "kind=\"" + item.kind + "\"";
    const auto& handler = handlers_.at(item.kind);
    Expected<void> done = fail("internal", "handler threw");
    try {
        done = handler(item);
    } catch (const std::exception& e) {
        done = fail("internal", std::string("handler threw: ") + e.what());
    }
    const rules::Instant now = clock_.now();
    if (done) {
        (void)queue_.complete(item.id, now);
        metrics_.counter("wageguard_" + name_ + "_done_total", "Items carried out", labels).add();
        return;
    }
    const Error& error = done.error();
    const auto hint = retry_hint(error);
    if ((is_transient(error.code) || hint) && item.attempts < policy_.max_attempts) {
        const auto wait = std::max(retry_delay(item.attempts, policy_), hint.value_or(std::chrono::milliseconds(0)));
        (void)queue_.retry(item.id, error.message, now + wait);
        metrics_.counter("wageguard_" + name_ + "_retried_total", "Attempts that will be retried", labels).add();
        log()->warn("{} retry id={} kind={} attempt={} error={}", name_, item.id, item.kind, item.attempts, error.message);
        return;
    }
    (void)queue_.dead(item.id, error.code + ": " + error.message, now);
    metrics_.counter("wageguard_" + name_ + "_dead_total", "Items given up on (dead letters)", labels).add();
    log()->error("{} dead letter id={} kind={} attempts={} error={}", name_, item.id, item.kind, item.attempts,
                 error.message);
}

void QueueRelay::loop() {
    std::uint64_t seen = 0;
    while (running_) {
        const std::size_t handled = run_once();
        if (handled >= options_.batch) continue;
        auto wait = options_.poll;
        if (auto next = queue_.next_due(kinds_, clock_.now()); next && *next) {
            const auto until = std::chrono::duration_cast<std::chrono::milliseconds>(**next - clock_.now());
            wait = std::clamp(until, std::chrono::milliseconds(0), options_.poll);
        }
        if (wait.count() == 0 && handled == 0) wait = std::chrono::milliseconds(20);
        if (wait.count() > 0) wakeup_.wait_for(wait, seen);
    }
}

}  // namespace wg::app
