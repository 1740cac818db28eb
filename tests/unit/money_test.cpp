// Money: parsing and printing amounts in yuan, and checked arithmetic.
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "rules/money.hpp"

using namespace wg::rules;

namespace {

std::int64_t fen_of(const char* text) {
    auto amount = parse_money(text);
    REQUIRE_MESSAGE(amount, text << ": " << amount.error().message);
    return amount->fen;
}

std::string code_of(const char* text) {
    auto amount = parse_money(text);
    REQUIRE_MESSAGE(!amount, text << " was accepted");
    return amount.error().code;
}

constexpr Money kMax{std::numeric_limits<std::int64_t>::max()};
constexpr Money kMin{std::numeric_limits<std::int64_t>::min()};

}  // namespace

TEST_SUITE("money") {

TEST_CASE("money amounts in the usual written forms parse to exact fen") {
    CHECK(fen_of("21000.00") == 2'100'000);
    CHECK(fen_of("21000") == 2'100'000);
    CHECK(fen_of("21000.5") == 2'100'050);
    CHECK(fen_of("-12.30") == -1'230);
    CHECK(fen_of("¥21,000.00") == 2'100'000);
    CHECK(fen_of("￥21,000.00") == 2'100'000);
    CHECK(fen_of("-¥12.30") == -1'230);
    CHECK(fen_of("¥-12.30") == -1'230);
    CHECK(fen_of(" 0.01 ") == 1);
    CHECK(fen_of("1,234,567.89") == 123'456'789);
    CHECK(fen_of("0") == 0);
    CHECK(fen_of("-0.00") == 0);
}

TEST_CASE("money with more than two decimals is refused with code precision") {
    for (const char* text : {"12.345", "1.000", "¥21,000.001", "-0.005"}) CHECK(code_of(text) == "precision");
}

TEST_CASE("money in float, exponent or malformed forms is refused with code format") {
    for (const char* text : {"2.1e4", "NaN", "nan", "inf", "", " ", "¥", "-", "+5", ".5", "5.", "1.2.3",
                             "1,00", "1,0000", "12,34.00", ",100", "100,", "1 000", "0x10",
                             "21000.00元", "--5", "-¥-5", "１２"})
        CHECK_MESSAGE(code_of(text) == "format", std::string(text));
}

TEST_CASE("money beyond 64-bit fen is refused with code overflow") {
    CHECK(fen_of("92233720368547758.07") == kMax.fen);
    CHECK(fen_of("-92233720368547758.08") == kMin.fen);
    CHECK(code_of("92233720368547758.08") == "overflow");
    CHECK(code_of("-92233720368547758.09") == "overflow");
    CHECK(code_of("99999999999999999999999999999999") == "overflow");
}

TEST_CASE("money prints in the canonical form and in the display form") {
    CHECK(format_money(Money{2'100'000}) == "21000.00");
    CHECK(format_money(Money{-1'230}) == "-12.30");
    CHECK(format_money(Money{5}) == "0.05");
    CHECK(format_money(kMin) == "-92233720368547758.08");
    CHECK(format_money_display(Money{2'100'000}) == "¥21,000.00");
    CHECK(format_money_display(Money{-1'230}) == "-¥12.30");
    CHECK(format_money_display(Money{99'999}) == "¥999.99");
    CHECK(format_money_display(Money{100'000}) == "¥1,000.00");
    CHECK(format_money_display(kMax) == "¥92,233,720,368,547,758.07");
}

TEST_CASE("the canonical and display forms of money read back to the same amount") {
    for (const std::int64_t fen : {std::int64_t{0}, std::int64_t{1}, std::int64_t{-99}, std::int64_t{123'456'789},
                                   kMax.fen, kMin.fen}) {
        CHECK(parse_money(format_money(Money{fen}))->fen == fen);
        CHECK(parse_money(format_money_display(Money{fen}))->fen == fen);
    }
}

TEST_CASE("money arithmetic is exact and reports overflow instead of wrapping") {
    CHECK(add(Money{150}, Money{-50})->fen == 100);
    CHECK(subtract(Money{150}, Money{200})->fen == -50);
    CHECK(multiply(Money{700'000}, 3)->fen == 2'100'000);
    CHECK(add(kMax, Money{1}).error().code == "overflow");
    CHECK(subtract(kMin, Money{1}).error().code == "overflow");
    CHECK(multiply(kMax, 2).error().code == "overflow");
    CHECK(multiply(kMin, -1).error().code == "overflow");
}

TEST_CASE("a sum of money is checked on the total, not on the running order") {
    const std::vector<Money> wages(30, Money{2'100'000});
    CHECK(sum(wages)->fen == 63'000'000);
    CHECK(sum({})->fen == 0);
    const std::vector<Money> cancels{kMax, Money{1}, Money{-1}};
    CHECK(sum(cancels)->fen == kMax.fen);
    const std::vector<Money> too_much{kMax, Money{1}};
    CHECK(sum(too_much).error().code == "overflow");
}

}  // TEST_SUITE
