// Money as an exact count of fen (1 yuan = 100 fen) and exact decimal rates: parsing, printing,
// checked arithmetic, rates applied with half-up rounding, and fair pro-rata splits.
#pragma once

#include <compare>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rules/expected.hpp"

namespace wg::rules {

/// An amount of money in fen. In JSON and on screen it is a decimal string in yuan ("21000.00").
struct Money {
    std::int64_t fen = 0;
    friend constexpr auto operator<=>(Money, Money) = default;
};

/// An exact decimal rate (1.5% is scaled == 15'000'000): value = scaled / kScale.
struct Rate {
    static constexpr std::int64_t kScale = 1'000'000'000;
    std::int64_t scaled = 0;
    friend constexpr auto operator<=>(Rate, Rate) = default;
};

// --- parsing and printing (money.cpp) -------------------------------------------------------

/// Parses an amount in yuan: "21000", "21000.5", "21000.00", "-12.30", "¥21,000.00" (also the
/// full-width "￥"; commas only as correct groups of three; surrounding spaces ignored).
/// Fails with `format` (not a plain decimal: "2.1e4", "NaN", "1,00", "+5", ".5"), `precision`
/// (more than two decimals, even "1.000") or `overflow` (beyond what 64-bit fen can hold).
Expected<Money> parse_money(std::string_view text);

/// The canonical form: "21000.00", "-12.30". parse_money reads it back unchanged.
std::string format_money(Money amount);

/// The display form with the yuan sign and thousands separators: "¥21,000.00", "-¥12.30".
std::string format_money_display(Money amount);

// --- checked arithmetic (money_arithmetic.cpp); each fails with `overflow`, never wraps ------

Expected<Money> add(Money a, Money b);
Expected<Money> subtract(Money a, Money b);
Expected<Money> multiply(Money amount, std::int64_t factor);
/// The total of all amounts; 0 for none.
Expected<Money> sum(std::span<const Money> amounts);

// --- rates (rate.cpp) -----------------------------------------------------------------------

/// Parses a rate as a decimal fraction ("0.015"), a percentage ("1.5%"), per mille ("2‰") or
/// per ten thousand ("1.75‱"). Fails with `format`, `precision` (finer than 1e-9) or
/// `overflow`.
Expected<Rate> parse_rate(std::string_view text);

/// A percentage without trailing zeros: "1.5%", "0.0175%", "100%". parse_rate reads it back.
std::string format_rate(Rate rate);

/// amount × rate, exact, rounded half-up (away from zero) to the fen: 0.5 fen rounds to 1 fen
/// and -0.5 fen to -1 fen. Fails with `overflow` when the result does not fit.
Expected<Money> apply_rate_half_up(Money amount, Rate rate);

// --- pro-rata split (pro_rata.cpp) ----------------------------------------------------------

/// Splits `total` in proportion to `weights` so that the shares add up exactly to `total`
/// (largest-remainder / Hamilton method): each share is first rounded toward zero, then the
/// fen left over go one each to the shares with the largest remainders; equal remainders are
/// broken by position, earlier first. A zero weight gets nothing; each share differs from its
/// exact quota by less than one fen; a negative total is split like its magnitude and negated.
/// Fails with `empty` (no weights), `negative_weight` or `zero_weights` (all weights zero).
Expected<std::vector<Money>> split_pro_rata(Money total, std::span<const Money> weights);

}  // namespace wg::rules
