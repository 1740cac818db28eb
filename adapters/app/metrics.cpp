// Counters are lock-free; a histogram takes a short lock per observation, which is cheap next to
// the database work it measures.
#include "adapters/app/metrics.hpp"

#include <algorithm>
#include <sstream>

namespace wg::app {

void Counter::add(double amount) {
    double current = value_.load(std::memory_order_relaxed);
    while (!value_.compare_exchange_weak(current, current + amount, std::memory_order_relaxed)) {
    }
}

double Counter::value() const { return value_.load(std::memory_order_relaxed); }

Histogram::Histogram(std::vector<double> bounds) : bounds_(std::move(bounds)), counts_(bounds_.size() + 1, 0) {
    std::sort(bounds_.begin(), bounds_.end());
}

void Histogram::observe(double value) {
    const auto bucket = static_cast<std::size_t>(std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin());
    std::lock_guard lock(mutex_);
    ++counts_[bucket];
    sum_ += value;
    ++count_;
}

Histogram::Snapshot Histogram::snapshot() const {
    std::lock_guard lock(mutex_);
    Snapshot out{bounds_, {}, sum_, count_};
    unsigned long long running = 0;
    for (auto count : counts_) out.cumulative.push_back(running += count);
    return out;
}

Counter& Metrics::counter(const std::string& name, const std::string& help, const std::string& labels) {
    std::lock_guard lock(mutex_);
    Family& family = families_[name];
    family.help = help;
    family.type = "counter";
    auto& slot = family.counters[labels];
    if (!slot) slot = std::make_unique<Counter>();
    return *slot;
}

Histogram& Metrics::histogram(const std::string& name, const std::string& help, std::vector<double> bounds) {
    std::lock_guard lock(mutex_);
    Family& family = families_[name];
    family.help = help;
    family.type = "histogram";
    if (!family.histogram) family.histogram = std::make_unique<Histogram>(std::move(bounds));
    return *family.histogram;
}

namespace {

std::string number(double value) {
    std::ostringstream out;
    out.precision(17);
    out << value;
    return out.str();
}

void render_histogram(std::ostringstream& out, const std::string& name, const Histogram& histogram) {
    const auto snap = histogram.snapshot();
    for (std::size_t i = 0; i < snap.bounds.size(); ++i)
        out << name << "_bucket{le=\"" << number(snap.bounds[i]) << "\"} " << snap.cumulative[i] << '\n';
    out << name << "_bucket{le=\"+Inf\"} " << snap.cumulative.back() << '\n'
        << name << "_sum " << number(snap.sum) << '\n'
        << name << "_count " << snap.count << '\n';
}

}  // namespace

std::string Metrics::render() const {
    std::lock_guard lock(mutex_);
    std::ostringstream out;
    for (const auto& [name, family] : families_) {
        out << "# HELP " << name << ' ' << family.help << '\n' << "# TYPE " << name << ' ' << family.type << '\n';
        for (const auto& [labels, counter] : family.counters)
            out << name << (labels.empty() ? "" : "{" + labels + "}") << ' ' << number(counter->value()) << '\n';
        if (family.histogram) render_histogram(out, name, *family.histogram);
    }
    return out.str();
}

std::vector<double> latency_buckets() {
    return {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300};
}

}  // namespace wg::app
