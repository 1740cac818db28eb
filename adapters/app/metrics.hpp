// Prometheus metrics (text exposition format 0.0.4): counters and histograms the workers and
// the HTTP server update, rendered by GET /metrics. Thread-safe; no external library.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace wg::app {

class Counter {
public:
    void add(double amount = 1.0);
    [[nodiscard]] double value() const;

private:
    std::atomic<double> value_{0.0};
};

/// A histogram with fixed upper bounds (seconds, bytes…); observations above the last bound
/// count only in +Inf.
class Histogram {
public:
    explicit Histogram(std::vector<double> bounds);
    void observe(double value);

    struct Snapshot {
        std::vector<double> bounds;
        std::vector<unsigned long long> cumulative;  // per bound, then +Inf
        double sum = 0;
        unsigned long long count = 0;
    };
    [[nodiscard]] Snapshot snapshot() const;

private:
    std::vector<double> bounds_;
    mutable std::mutex mutex_;
    std::vector<unsigned long long> counts_;  // per bucket, last is +Inf
    double sum_ = 0;
    unsigned long long count_ = 0;
};

/// Named metrics, each registered once with its help text; `labels` is a Prometheus label set
/// such as `kind="notify"` (may be empty).
class Metrics {
public:
    Counter& counter(const std::string& name, const std::string& help, const std::string& labels = "");
    Histogram& histogram(const std::string& name, const std::string& help, std::vector<double> bounds);

    /// The exposition text, metrics sorted by name.
    [[nodiscard]] std::string render() const;

private:
    struct Family {
        std::string help;
        std::string type;
        std::map<std::string, std::unique_ptr<Counter>> counters;  // by label set
        std::unique_ptr<Histogram> histogram;
    };
    mutable std::mutex mutex_;
    std::map<std::string, Family> families_;
};

/// Bounds for lateness and latency in seconds, from 1 ms to 5 minutes.
std::vector<double> latency_buckets();

}  // namespace wg::app
