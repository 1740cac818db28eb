// Counters, gauges and histograms are lock-free once registered; the registry's lock is taken
// only to register a metric and to render, and gauge readers run outside it.
#include "adapters/app/metrics.hpp"

#include <algorithm>
#include <sstream>
#include <utility>

namespace wg::app {
namespace {

void atomic_add(std::atomic<double>& target, double amount) {
    double current = target.load(std::memory_order_relaxed);
    while (!target.compare_exchange_weak(current, current + amount, std::memory_order_relaxed)) {
    }
}

}  // namespace

void Counter::add(double amount) {
    atomic_add(value_, amount);
}

double Counter::value() const {
    return value_.load(std::memory_order_relaxed);
}

void Gauge::set(double value) {
    value_.store(value, std::memory_order_relaxed);
}

void Gauge::add(double amount) {
    atomic_add(value_, amount);
}

double Gauge::value() const {
    return value_.load(std::memory_order_relaxed);
}

Histogram::Histogram(std::vector<double> bounds) : bounds_(std::move(bounds)) {
    std::sort(bounds_.begin(), bounds_.end());
    counts_ = std::make_unique<std::atomic<unsigned long long>[]>(bounds_.size() + 1);
    for (std::size_t i = 0; i <= bounds_.size(); ++i)
        counts_[i].store(0, std::memory_order_relaxed);
}

void Histogram::observe(double value) {
    const auto bucket = static_cast<std::size_t>(
        std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin());
    counts_[bucket].fetch_add(1, std::memory_order_relaxed);
    atomic_add(sum_, value);
}

Histogram::Snapshot Histogram::snapshot() const {
    Snapshot out{bounds_, {}, sum_.load(std::memory_order_relaxed), 0};
    unsigned long long running = 0;
    for (std::size_t i = 0; i <= bounds_.size(); ++i)
        out.cumulative.push_back(running += counts_[i].load(std::memory_order_relaxed));
    out.count = running;
    return out;
}

Metrics::Family& Metrics::family(const std::string& name, const std::string& help,
                                 const char* type) {
    Family& family = families_[name];
    family.help = help;
    family.type = type;
    return family;
}

Counter& Metrics::counter(const std::string& name, const std::string& help,
                          const std::string& labels) {
    std::lock_guard lock(mutex_);
    auto& slot = family(name, help, "counter").counters[labels];
    if (!slot) slot = std::make_unique<Counter>();
    return *slot;
}

Gauge& Metrics::gauge(const std::string& name, const std::string& help, const std::string& labels) {
    std::lock_guard lock(mutex_);
    auto& slot = family(name, help, "gauge").gauges[labels];
    if (!slot) slot = std::make_unique<Gauge>();
    return *slot;
}

Histogram& Metrics::histogram(const std::string& name, const std::string& help,
                              std::vector<double> bounds, const std::string& labels) {
    std::lock_guard lock(mutex_);
    auto& slot = family(name, help, "histogram").histograms[labels];
    if (!slot) slot = std::make_unique<Histogram>(std::move(bounds));
    return *slot;
}

void Metrics::gauge_reader(const std::string& name, const std::string& help,
                           const std::string& labels, GaugeReader read) {
    std::lock_guard lock(mutex_);
    family(name, help, "gauge").readers[labels] = std::move(read);
}

void Metrics::counter_reader(const std::string& name, const std::string& help,
                             const std::string& labels, GaugeReader read) {
    std::lock_guard lock(mutex_);
    family(name, help, "counter").readers[labels] = std::move(read);
}

namespace {

std::string number(double value) {
    std::ostringstream out;
    out.precision(17);
    out << value;
    return out.str();
}

std::string braced(const std::string& labels) {
    return labels.empty() ? "" : "{" + labels + "}";
}

void render_histogram(std::ostringstream& out, const std::string& name, const std::string& labels,
                      const Histogram& histogram) {
    const auto snap = histogram.snapshot();
    const std::string prefix = labels.empty() ? "" : labels + ",";
    for (std::size_t i = 0; i < snap.bounds.size(); ++i)
        out << name << "_bucket{" << prefix << "le=\"" << number(snap.bounds[i]) << "\"} "
            << snap.cumulative[i] << '\n';
    out << name << "_bucket{" << prefix << "le=\"+Inf\"} " << snap.cumulative.back() << '\n'
        << name << "_sum" << braced(labels) << ' ' << number(snap.sum) << '\n'
        << name << "_count" << braced(labels) << ' ' << snap.count << '\n';
}

}  // namespace

std::string Metrics::render() const {
    // Readers may query the database: copy them out and call them without the lock, so that
    // a slow scrape never holds up the requests that register or update metrics.
    std::vector<std::pair<std::pair<std::string, std::string>, GaugeReader>> readers;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [name, family] : families_)
            for (const auto& [labels, read] : family.readers)
                readers.push_back({{name, labels}, read});
    }
    std::map<std::pair<std::string, std::string>, std::optional<double>> read_values;
    for (const auto& [key, read] : readers) read_values[key] = read ? read() : std::nullopt;

    std::lock_guard lock(mutex_);
    std::ostringstream out;
    for (const auto& [name, family] : families_) {
        out << "# HELP " << name << ' ' << family.help << '\n'
            << "# TYPE " << name << ' ' << family.type << '\n';
        for (const auto& [labels, counter] : family.counters)
            out << name << braced(labels) << ' ' << number(counter->value()) << '\n';
        for (const auto& [labels, gauge] : family.gauges)
            out << name << braced(labels) << ' ' << number(gauge->value()) << '\n';
        for (const auto& [labels, read] : family.readers) {
            const auto found = read_values.find({name, labels});
            if (found == read_values.end() || !found->second) continue;
            out << name << braced(labels) << ' ' << number(*found->second) << '\n';
        }
        for (const auto& [labels, histogram] : family.histograms)
            render_histogram(out, name, labels, *histogram);
    }
    return out.str();
}

std::string prometheus_label(std::string_view name, std::string_view value) {
    std::string out(name);
    out += "=\"";
    for (const char c : value) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    out += '"';
    return out;
}

std::vector<double> latency_buckets() {
    return {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300};
}

std::vector<double> http_latency_buckets() {
    return {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
            0.05,   0.1,     0.25,   0.5,   1,      2.5,   5,    10};
}

}  // namespace wg::app
