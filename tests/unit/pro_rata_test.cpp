// Pro-rata splits of money: exact totals, the tie-break rule, and refused inputs.
#include <doctest/doctest.h>

#include <vector>

#include "rules/money.hpp"

using namespace wg::rules;

namespace {

std::vector<std::int64_t> fen_of(const std::vector<Money>& shares) {
    std::vector<std::int64_t> out;
    for (const Money share : shares) out.push_back(share.fen);
    return out;
}

}  // namespace

TEST_SUITE("money split") {

TEST_CASE("a deposit drawdown of 600,000 yuan over 30 equal claims gives 20,000 yuan each") {
    const std::vector<Money> claims(30, Money{2'100'000});
    const auto shares = split_pro_rata(Money{60'000'000}, claims);
    REQUIRE(shares);
    CHECK(fen_of(*shares) == std::vector<std::int64_t>(30, 2'000'000));
}

TEST_CASE("left-over fen go to the largest remainders, and equal remainders to the earlier share") {
    const std::vector<Money> equal(3, Money{1});
    CHECK(fen_of(*split_pro_rata(Money{100}, equal)) == std::vector<std::int64_t>{34, 33, 33});
    CHECK(fen_of(*split_pro_rata(Money{101}, equal)) == std::vector<std::int64_t>{34, 34, 33});
    // Quotas 1.8, 3.6, 4.6: floors 1, 3, 4 leave 2 fen; the first goes to the 0.8 remainder,
    // the second to the earlier of the two 0.6 remainders.
    const std::vector<Money> weights{Money{18}, Money{36}, Money{46}};
    CHECK(fen_of(*split_pro_rata(Money{10}, weights)) == std::vector<std::int64_t>{2, 4, 4});
}

TEST_CASE("a zero weight gets nothing and a negative total is split like its magnitude") {
    const std::vector<Money> weights{Money{0}, Money{1}, Money{1}};
    CHECK(fen_of(*split_pro_rata(Money{5}, weights)) == std::vector<std::int64_t>{0, 3, 2});
    CHECK(fen_of(*split_pro_rata(Money{-5}, weights)) == std::vector<std::int64_t>{0, -3, -2});
}

TEST_CASE("a split over no weights, negative weights or only zero weights is refused") {
    CHECK(split_pro_rata(Money{100}, {}).error().code == "empty");
    const std::vector<Money> negative{Money{1}, Money{-1}};
    CHECK(split_pro_rata(Money{100}, negative).error().code == "negative_weight");
    const std::vector<Money> zeros(4, Money{0});
    CHECK(split_pro_rata(Money{100}, zeros).error().code == "zero_weights");
}

}  // TEST_SUITE
