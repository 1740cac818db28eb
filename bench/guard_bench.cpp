// Guard evaluation speed: compiles `data.amount >= ¥20,000.00` once and evaluates it over many
// case contexts on one core, printing evaluations per second beside the 10 million/s target.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "rules/expr/expression.hpp"

namespace {

using namespace wg::rules;

constexpr double kTarget = 10'000'000;  // evaluations per second, from the issue
constexpr std::size_t kContexts = 4096;
constexpr int kRounds = 5;

Schema bench_schema() {
    Schema schema;
    (void)schema.add("data.amount", Type::money());
    (void)schema.add("data.paid", Type::money());
    (void)schema.add("data.months", Type::integer());
    (void)schema.add("case.state", Type::string());
    (void)schema.add("case.region", Type::string());
    return schema;
}

// Case contexts shaped like real ones: data with a few fields, the case, amounts that vary.
std::vector<Context> make_contexts() {
    std::vector<Context> contexts(kContexts);
    for (std::size_t i = 0; i < kContexts; ++i) {
        const auto fen = static_cast<std::int64_t>((i * 7919) % 4'000'000);
        Record data{{"amount", Value(Money{fen})}, {"paid", Value(Money{fen / 2})},
                    {"months", Value(static_cast<std::int64_t>(i % 12))}};
        Record dispute{{"state", Value("investigating")}, {"region", Value("440111")}};
        contexts[i].set("data", Value(std::move(data))).set("case", Value(std::move(dispute)));
    }
    return contexts;
}

// One timed pass over all contexts, `repeat` times; returns evaluations per second.
double measure(const Expression& guard, const std::vector<Context>& contexts, int repeat,
               std::int64_t& accepted) {
    const auto start = std::chrono::steady_clock::now();
    for (int r = 0; r < repeat; ++r) {
        for (const auto& context : contexts) {
            const auto result = guard.evaluate_bool(context);
            if (!result) std::abort();
            accepted += *result ? 1 : 0;
        }
    }
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    return static_cast<double>(contexts.size()) * repeat / elapsed.count();
}

}  // namespace

int main() {
    const auto guard = compile_guard("data.amount >= ¥20,000.00", bench_schema(), FunctionRegistry{});
    if (!guard) {
        std::fprintf(stderr, "guard does not compile: %s\n", guard.error().to_string().c_str());
        return 1;
    }
    const auto contexts = make_contexts();
    std::int64_t accepted = 0;
    measure(*guard, contexts, 100, accepted);  // warm up caches and branch predictors
    std::vector<double> rates;
    for (int round = 0; round < kRounds; ++round) rates.push_back(measure(*guard, contexts, 1'000, accepted));
    std::sort(rates.begin(), rates.end());
    const double median = rates[rates.size() / 2];
    std::printf("guard_bench: data.amount >= ¥20,000.00 over %zu contexts, %d rounds of %zu evaluations\n",
                contexts.size(), kRounds, contexts.size() * 1'000);
    std::printf("guard_bench: median %.1f million evaluations/s on one core (min %.1f, max %.1f)\n",
                median / 1e6, rates.front() / 1e6, rates.back() / 1e6);
    std::printf("guard_bench: target 10.0 million/s -> %.2fx of target (%s); accepted %lld\n",
                median / kTarget, median >= kTarget ? "met" : "NOT met",
                static_cast<long long>(accepted));
    return median >= kTarget ? 0 : 2;
}
