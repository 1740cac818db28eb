// Money properties over a few thousand deterministic pseudo-random cases: splits always add
// up, text forms round-trip, and arithmetic matches 128-bit reference results or reports overflow.
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "rules/int128.hpp"
#include "rules/money.hpp"

using namespace wg::rules;

namespace {

// A tiny 64-bit linear congruential generator (Knuth's MMIX constants): same cases every run.
class Lcg {
public:
    explicit Lcg(std::uint64_t seed) : state_(seed) {}

    std::uint64_t next() {
        state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
        return state_ ^ (state_ >> 29);
    }
    /// A value below `bound` (bound > 0).
    std::uint64_t below(std::uint64_t bound) { return next() % bound; }
    /// A non-negative value of a random bit width, so that small and huge values both occur.
    std::int64_t magnitude(unsigned max_bits = 63) {
        const auto bits = static_cast<unsigned>(below(max_bits + 1));
        if (bits == 0) return 0;
        const std::uint64_t mask = bits >= 64 ? ~0ULL : (1ULL << bits) - 1;
        return static_cast<std::int64_t>(next() & mask & static_cast<std::uint64_t>(INT64_MAX));
    }
    std::int64_t any(unsigned max_bits = 63) {
        const std::int64_t value = magnitude(max_bits);
        return below(2) == 0 ? value : -value;
    }

private:
    std::uint64_t state_;
};

constexpr int kCases = 3000;

bool fits(Int128 value) {
    return value >= std::numeric_limits<std::int64_t>::min() &&
           value <= std::numeric_limits<std::int64_t>::max();
}

std::vector<Money> random_weights(Lcg& lcg) {
    std::vector<Money> weights(1 + lcg.below(40));
    const unsigned bits = static_cast<unsigned>(1 + lcg.below(62));
    for (auto& weight : weights) weight.fen = lcg.below(5) == 0 ? 0 : lcg.magnitude(bits);
    if (lcg.below(10) == 0)  // equal weights force ties on the remainders
        for (auto& weight : weights) weight.fen = 300'000;
    weights[lcg.below(weights.size())].fen += 1;  // at least one positive weight
    return weights;
}

}  // namespace

TEST_SUITE("money property") {

TEST_CASE("a pro-rata split always adds up exactly to the total") {
    Lcg lcg(20250915);
    for (int i = 0; i < kCases; ++i) {
        const Money total{lcg.any()};
        const auto weights = random_weights(lcg);
        const auto shares = split_pro_rata(total, weights);
        REQUIRE(shares);
        REQUIRE(shares->size() == weights.size());
        Int128 added = 0;
        for (const Money share : *shares) added += share.fen;
        CHECK(added == total.fen);
    }
}

TEST_CASE("a pro-rata split of a non-negative total never gives a negative or unearned share") {
    Lcg lcg(7);
    for (int i = 0; i < kCases; ++i) {
        const Money total{lcg.magnitude()};
        const auto weights = random_weights(lcg);
        const auto shares = split_pro_rata(total, weights);
        REQUIRE(shares);
        Int128 weight_sum = 0;
        for (const Money weight : weights) weight_sum += weight.fen;
        for (std::size_t k = 0; k < weights.size(); ++k) {
            CHECK((*shares)[k].fen >= 0);
            if (weights[k].fen == 0) CHECK((*shares)[k].fen == 0);
            // Within one fen of the exact quota total × weight / Σ weights.
            const Int128 exact = static_cast<Int128>(total.fen) * weights[k].fen;
            const Int128 scaled_share = static_cast<Int128>((*shares)[k].fen) * weight_sum;
            CHECK(scaled_share - exact < weight_sum);
            CHECK(exact - scaled_share < weight_sum);
        }
    }
}

TEST_CASE("a pro-rata split never gives a larger weight a smaller share") {
    Lcg lcg(42);
    for (int i = 0; i < kCases; ++i) {
        const Money total{lcg.magnitude(40)};
        const auto weights = random_weights(lcg);
        const auto shares = *split_pro_rata(total, weights);
        for (std::size_t a = 0; a + 1 < weights.size(); ++a) {
            const std::size_t b = a + 1;
            if (weights[a] > weights[b]) CHECK(shares[a] >= shares[b]);
            if (weights[a] < weights[b]) CHECK(shares[a] <= shares[b]);
            if (weights[a] == weights[b]) CHECK(shares[a] >= shares[b]);  // ties favour the earlier
        }
    }
}

TEST_CASE("any amount of money reads back from its canonical and display forms") {
    Lcg lcg(99);
    for (int i = 0; i < kCases; ++i) {
        const Money amount{lcg.any()};
        CHECK(parse_money(format_money(amount))->fen == amount.fen);
        CHECK(parse_money(format_money_display(amount))->fen == amount.fen);
    }
}

TEST_CASE("money addition, subtraction and multiplication match 128-bit arithmetic or report overflow") {
    Lcg lcg(2013);
    for (int i = 0; i < kCases; ++i) {
        const Money a{lcg.any()};
        const Money b{lcg.any()};
        const std::int64_t factor = lcg.any(static_cast<unsigned>(lcg.below(40)));
        const Int128 wide_sum = static_cast<Int128>(a.fen) + b.fen;
        const Int128 wide_difference = static_cast<Int128>(a.fen) - b.fen;
        const Int128 wide_product = static_cast<Int128>(a.fen) * factor;
        const auto added = add(a, b);
        const auto subtracted = subtract(a, b);
        const auto multiplied = multiply(a, factor);
        CHECK(added.has_value() == fits(wide_sum));
        CHECK(subtracted.has_value() == fits(wide_difference));
        CHECK(multiplied.has_value() == fits(wide_product));
        if (added) CHECK(added->fen == wide_sum);
        if (subtracted) CHECK(subtracted->fen == wide_difference);
        if (multiplied) CHECK(multiplied->fen == wide_product);
        if (!added) CHECK(added.error().code == "overflow");
        if (!multiplied) CHECK(multiplied.error().code == "overflow");
    }
}

TEST_CASE("applying a rate matches the half-up reference formula or reports overflow") {
    Lcg lcg(276);
    for (int i = 0; i < kCases; ++i) {
        const Money amount{lcg.any()};
        const Rate rate{lcg.any(static_cast<unsigned>(lcg.below(40)))};
        const Int128 product = static_cast<Int128>(amount.fen) * rate.scaled;
        const Int128 magnitude = product < 0 ? -product : product;
        // floor(|p| / S + 1/2), written as one integer division.
        const Int128 rounded = (2 * magnitude + Rate::kScale) / (2 * Rate::kScale);
        const Int128 expected = product < 0 ? -rounded : rounded;
        const auto applied = apply_rate_half_up(amount, rate);
        CHECK(applied.has_value() == fits(expected));
        if (applied) CHECK(applied->fen == expected);
    }
}

TEST_CASE("any rate reads back from its printed percentage") {
    Lcg lcg(1999);
    for (int i = 0; i < kCases; ++i) {
        const Rate rate{lcg.any()};
        CHECK(parse_rate(format_rate(rate))->scaled == rate.scaled);
    }
}

}  // TEST_SUITE
