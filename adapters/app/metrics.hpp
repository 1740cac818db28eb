// Prometheus metrics (text exposition format 0.0.4): counters, gauges and histograms the workers
// and the HTTP server update, and gauges read at scrape time, rendered by GET /metrics.
// Thread-safe; no external library.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wg::app {

class Counter {
public:
    void add(double amount = 1.0);
    [[nodiscard]] double value() const;

private:
    std::atomic<double> value_{0.0};
};

/// A value that goes up and down (requests in flight, open connections).
class Gauge {
public:
    void set(double value);
    void add(double amount);
    [[nodiscard]] double value() const;

private:
    std::atomic<double> value_{0.0};
};

/// A histogram with fixed upper bounds (seconds, bytes…); observations above the last bound
/// count only in +Inf. Lock-free: it sits on the path of every HTTP request.
class Histogram {
public:
    explicit Histogram(std::vector<double> bounds);
    void observe(double value);

    struct Snapshot {
        std::vector<double> bounds;
        std::vector<unsigned long long> cumulative;  // per bound, then +Inf
        double sum = 0;
        unsigned long long count = 0;  // always cumulative.back()
    };
    /// Buckets and count agree with each other; the sum may lag by the observations being made.
    [[nodiscard]] Snapshot snapshot() const;

private:
    std::vector<double> bounds_;
    std::unique_ptr<std::atomic<unsigned long long>[]> counts_;  // per bucket, last is +Inf
    std::atomic<double> sum_{0.0};
};

/// A gauge read when the metrics are rendered (pool usage, a queue's length in the database).
/// No value (std::nullopt) leaves the sample out of that scrape, e.g. while the database is away.
using GaugeReader = std::function<std::optional<double>()>;

/// Named metrics, each registered once with its help text; `labels` is a Prometheus label set
/// such as `kind="notify"` (may be empty; see prometheus_label()). Registering the same name and
/// labels again returns the same metric.
class Metrics {
public:
    Counter& counter(const std::string& name, const std::string& help,
                     const std::string& labels = "");
    Gauge& gauge(const std::string& name, const std::string& help, const std::string& labels = "");
    Histogram& histogram(const std::string& name, const std::string& help,
                         std::vector<double> bounds, const std::string& labels = "");
    /// Registers (or replaces) a gauge whose value `read` gives at each render. `read` runs on the
    /// rendering thread without any lock of this registry held, so it may take a moment (a query).
    void gauge_reader(const std::string& name, const std::string& help, const std::string& labels,
                      GaugeReader read);
    /// Like gauge_reader(), for a count that only grows and is kept elsewhere (a cache's hits).
    void counter_reader(const std::string& name, const std::string& help, const std::string& labels,
                        GaugeReader read);

    /// The exposition text, metrics sorted by name, then by label set.
    [[nodiscard]] std::string render() const;

private:
    struct Family {
        std::string help;
        std::string type;
        std::map<std::string, std::unique_ptr<Counter>> counters;  // by label set
        std::map<std::string, std::unique_ptr<Gauge>> gauges;
        std::map<std::string, std::unique_ptr<Histogram>> histograms;
        std::map<std::string, GaugeReader> readers;
    };
    Family& family(const std::string& name, const std::string& help, const char* type);

    mutable std::mutex mutex_;
    std::map<std::string, Family> families_;
};

/// `name="value"` with the value escaped for the exposition format (backslash, quote, newline).
std::string prometheus_label(std::string_view name, std::string_view value);

/// Bounds for lateness and latency in seconds, from 1 ms to 5 minutes.
std::vector<double> latency_buckets();

/// Bounds for HTTP request durations in seconds, from 100 µs to 10 s.
std::vector<double> http_latency_buckets();

}  // namespace wg::app
