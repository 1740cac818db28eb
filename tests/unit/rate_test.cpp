// Rates: reading and printing exact decimal rates, and applying them to money half-up.
#include <doctest/doctest.h>

#include <string>

#include <cstdint>
#include <limits>

#include "rules/money.hpp"

using namespace wg::rules;

namespace {

std::int64_t scaled_of(const char* text) {
    auto rate = parse_rate(text);
    REQUIRE_MESSAGE(rate, text << ": " << rate.error().message);
    return rate->scaled;
}

Money fen(std::int64_t value) { return Money{value}; }

}  // namespace

TEST_SUITE("money rate") {

TEST_CASE("rates written as fractions, percentages and per ten thousand are exact") {
    CHECK(scaled_of("0.015") == 15'000'000);
    CHECK(scaled_of("1.5%") == 15'000'000);
    CHECK(scaled_of("1.5 %") == 15'000'000);
    CHECK(scaled_of("15‰") == 15'000'000);
    CHECK(scaled_of("1.75‱") == 175'000);
    CHECK(scaled_of("100%") == 1'000'000'000);
    CHECK(scaled_of("0.000000001") == 1);
    CHECK(scaled_of("-0.5%") == -5'000'000);
}

TEST_CASE("a rate finer than 1e-9 is refused with code precision") {
    CHECK(parse_rate("0.0000000001").error().code == "precision");
    CHECK(parse_rate("0.00000001%").error().code == "precision");
    CHECK(parse_rate("0.000001‱").error().code == "precision");
}

TEST_CASE("a rate in a float or malformed form is refused with code format") {
    for (const char* text : {"1.5e-2", "NaN", "", "%", ".5%", "1.%", "1,5%", "one", "1.5%%"})
        CHECK_MESSAGE(parse_rate(text).error().code == "format", std::string(text));
    CHECK(parse_rate("99999999999").error().code == "overflow");
}

TEST_CASE("a rate prints as a percentage that reads back unchanged") {
    CHECK(format_rate(Rate{15'000'000}) == "1.5%");
    CHECK(format_rate(Rate{175'000}) == "0.0175%");
    CHECK(format_rate(Rate{1'000'000'000}) == "100%");
    CHECK(format_rate(Rate{0}) == "0%");
    CHECK(format_rate(Rate{1}) == "0.0000001%");
    CHECK(format_rate(Rate{-5'000'000}) == "-0.5%");
    for (const std::int64_t scaled : {std::int64_t{1}, std::int64_t{175'000}, std::int64_t{-123'456'789},
                                      std::numeric_limits<std::int64_t>::max()})
        CHECK(parse_rate(format_rate(Rate{scaled}))->scaled == scaled);
}

TEST_CASE("a deposit of 1.5% on a 50 million yuan contract is exactly 750,000 yuan") {
    const auto rate = parse_rate("1.5%");
    CHECK(apply_rate_half_up(*parse_money("50000000.00"), *rate)->fen == parse_money("750000.00")->fen);
}

TEST_CASE("applying a rate rounds half a fen away from zero and less than half toward zero") {
    const Rate half{Rate::kScale / 2};
    CHECK(apply_rate_half_up(fen(1), half)->fen == 1);    // 0.5 fen -> 1
    CHECK(apply_rate_half_up(fen(-1), half)->fen == -1);  // -0.5 fen -> -1
    CHECK(apply_rate_half_up(fen(3), half)->fen == 2);    // 1.5 -> 2
    const Rate just_under{Rate::kScale / 2 - 1};
    CHECK(apply_rate_half_up(fen(1), just_under)->fen == 0);
    CHECK(apply_rate_half_up(fen(-1), just_under)->fen == 0);
    // 1.75‱ per day on ¥10,000.00: 175 fen exactly.
    CHECK(apply_rate_half_up(fen(1'000'000), *parse_rate("1.75‱"))->fen == 175);
}

TEST_CASE("applying a rate that would overflow money is reported") {
    const Money big{std::numeric_limits<std::int64_t>::max()};
    CHECK(apply_rate_half_up(big, *parse_rate("200%")).error().code == "overflow");
    CHECK(apply_rate_half_up(big, *parse_rate("100%"))->fen == big.fen);
}

}  // TEST_SUITE
