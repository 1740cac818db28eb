// In-memory fire() throughput on the shipped wage_complaint workflow: each case is opened
// (5 working-day deadline), accepted (`set`, 60 working-day deadline with extension), ordered
// to pay (guard, deadline until a date) and paid (guard, final) — four decisions, each with
// guards evaluated and deadlines computed on the real calendar. One core; prints transitions
// per second beside the 1,000,000/s target. Exits 1 when the target is missed.
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "adapters/app/rule_book.hpp"
#include "workflow/definition_loader.hpp"
#include "workflow/engine.hpp"

namespace {

using namespace wg;
using namespace wg::workflow;

constexpr double kTarget = 1'000'000;  // transitions per second, from the issue
constexpr int kCases = 200'000;
constexpr int kRounds = 3;

rules::Instant china(const char* text) { return *rules::parse_instant(text); }
rules::Value money(const char* text) { return rules::Value(*rules::parse_money(text)); }

// The inputs of one case's life, parsed once: the benchmark measures decisions, not parsing.
struct Script {
    rules::Instant opened_at = china("2025-09-15T10:00:00+08:00");
    rules::Instant accepted_at = china("2025-09-19T09:00:00+08:00");
    rules::Instant ordered_at = china("2025-10-17T09:00:00+08:00");
    rules::Instant paid_at = china("2025-10-24T09:00:00+08:00");
    rules::Record order{{"amount", money("21000.00")}, {"due_date", rules::Value(*rules::parse_date("2025-10-27"))}};
    rules::Record payment{{"paid_amount", money("21000.00")}};
    rules::Value amount = money("21000.00");
};

// One case's life; returns the number of decisions taken (4), or 0 on a failure (a bug here).
// Cases are opened on different days of 2025 (i % 200), so deadlines fall on different dates.
int one_case(const Definition& definition, const rules::Calendar& calendar, const Script& script, int i,
             rules::PeriodMemo* memo) {
    const auto shift = std::chrono::days{i % 200};
    CaseSnapshot current;
    current.id = "case";
    current.region = "440111";
    current.data = rules::Record{{"amount", script.amount}, {"claimants", rules::Value(static_cast<std::int64_t>(1 + i % 30))}};
    auto step = open(definition, current, {script.opened_at - std::chrono::days{200} + shift, &calendar, memo});
    if (!step) return 0;
    current.state = step->to;
    current.data = std::move(step->data);

    step = fire(definition, current, {"accept", "inspector", {}}, {script.accepted_at - std::chrono::days{200} + shift, &calendar, memo});
    if (!step) return 0;
    current.state = step->to;
    current.data = std::move(step->data);

    step = fire(definition, current, {"order_payment", "inspector", script.order}, {script.ordered_at, &calendar, memo});
    if (!step) return 0;
    current.state = step->to;
    current.data = std::move(step->data);

    step = fire(definition, current, {"payment_recorded", "inspector", script.payment}, {script.paid_at, &calendar, memo});
    if (!step || step->to != "paid") return 0;
    return 4;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string root = argc > 1 ? argv[1] : WG_SOURCE_DIR;
    auto book = app::load_rule_book(root + "/config/calendars", root + "/config/rules");
    if (!book) {
        std::fprintf(stderr, "fire_bench: %s\n", book.error().front().to_string().c_str());
        return 2;
    }
    auto files = app::read_yaml_files(root + "/config/workflows");
    if (!files) return 2;
    const Definition* definition = nullptr;
    std::vector<Definition> loaded;
    for (const auto& file : *files) {
        auto parsed = load_definition(file.text, file.file, book->functions);
        if (parsed && parsed->name == "wage_complaint") loaded.push_back(std::move(*parsed));
    }
    if (loaded.empty()) return 2;
    definition = &loaded.front();

    const Script script;
    // Best of kRounds; `memo` null computes every deadline from scratch.
    const auto measure = [&](rules::PeriodMemo* memo, const char* mode) -> double {
        double best = 0;
        for (int round = 0; round < kRounds; ++round) {
            long transitions = 0;
            const auto start = std::chrono::steady_clock::now();
            for (int i = 0; i < kCases; ++i) {
                const int taken = one_case(*definition, *book->calendar, script, i, memo);
                if (taken == 0) return -1;
                transitions += taken;
            }
            const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
            const double rate = static_cast<double>(transitions) / took.count();
            best = std::max(best, rate);
            std::printf("%s, round %d: %ld transitions in %.3f s = %.0f/s\n", mode, round + 1, transitions,
                        took.count(), rate);
        }
        return best;
    };
    const double cold = measure(nullptr, "every deadline computed");
    rules::PeriodMemo memo;
    const double best = measure(&memo, "with the per-thread period memo");
    if (cold < 0 || best < 0) {
        std::fprintf(stderr, "fire_bench: a decision failed (bug)\n");
        return 2;
    }
    std::printf("fire(): %.0f transitions/s on one core without the memo (%.2fx of target)\n", cold, cold / kTarget);
    std::printf("fire(): %.0f transitions/s on one core with the period memo, target %.0f/s: %s (%.2fx)\n", best,
                kTarget, best >= kTarget ? "met" : "MISSED", best / kTarget);
    return best >= kTarget ? 0 : 1;
}
