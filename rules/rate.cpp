// Exact decimal rates: reading "1.5%" or "0.015", printing, and applying a rate to money with
// half-up rounding to the fen.
#include <cstdint>
#include <string>
#include <string_view>

#include "rules/int128.hpp"
#include "rules/chars.hpp"
#include "rules/money.hpp"

namespace wg::rules {
namespace {

struct Suffix {
    std::string_view text;
    int shift;  // powers of ten the written number is divided by
};

constexpr Suffix kSuffixes[] = {{"%", 2}, {"\xE2\x80\xB0", 3} /* ‰ */, {"\xE2\x80\xB1", 4} /* ‱ */};
constexpr int kScaleDigits = 9;  // Rate::kScale == 10^9

// Removes a trailing %, ‰ or ‱ and returns how many decimal places it shifts the number.
int strip_suffix(std::string_view& text) {
    for (const auto& suffix : kSuffixes) {
        if (!text.ends_with(suffix.text)) continue;
        text = chars::trim(text.substr(0, text.size() - suffix.text.size()));
        return suffix.shift;
    }
    return 0;
}

std::string quoted(std::string_view text) {
    std::string out(1, '\'');
    out += text;
    out += '\'';
    return out;
}

}  // namespace

// rate := ["-"] digit+ ["." digit+] ["%" | "‰" | "‱"]
Expected<Rate> parse_rate(std::string_view text) {
    std::string_view rest = chars::trim(text);
    const int shift = strip_suffix(rest);
    const bool negative = rest.starts_with('-');
    if (negative) rest.remove_prefix(1);
    const auto dot = rest.find('.');
    const auto integer = rest.substr(0, dot);
    const auto fraction = dot == std::string_view::npos ? std::string_view{} : rest.substr(dot + 1);
    if (!chars::all_digits(integer) || (dot != std::string_view::npos && !chars::all_digits(fraction)))
        return fail("format", quoted(text) + " is not a rate (expected e.g. 0.015 or 1.5%)");
    const auto places = static_cast<std::size_t>(kScaleDigits - shift);
    if (fraction.size() > places)
        return fail("precision", quoted(text) + " is finer than a rate can hold (1e-9)");
    const std::string digits = std::string(integer) + std::string(fraction) +
                               std::string(places - fraction.size(), '0');
    const UInt128 limit = static_cast<UInt128>(INT64_MAX) + (negative ? 1 : 0);
    UInt128 value = 0;
    for (const char c : digits) {
        value = value * 10 + static_cast<unsigned>(c - '0');
        if (value > limit) return fail("overflow", quoted(text) + " is too large a rate");
    }
    const auto magnitude = static_cast<std::uint64_t>(value);
    return Rate{negative ? static_cast<std::int64_t>(~magnitude + 1) : static_cast<std::int64_t>(magnitude)};
}

std::string format_rate(Rate rate) {
    constexpr std::uint64_t kPerPercent = Rate::kScale / 100;
    const auto raw = static_cast<std::uint64_t>(rate.scaled);
    const std::uint64_t magnitude = rate.scaled < 0 ? ~raw + 1 : raw;
    std::string out = rate.scaled < 0 ? "-" : "";
    out += std::to_string(magnitude / kPerPercent);
    std::string fraction = std::to_string(magnitude % kPerPercent + kPerPercent).substr(1);
    while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
    if (!fraction.empty()) out += "." + fraction;
    return out + "%";
}

Expected<Money> apply_rate_half_up(Money amount, Rate rate) {
    const Int128 product = static_cast<Int128>(amount.fen) * rate.scaled;
    const Int128 magnitude = product < 0 ? -product : product;
    Int128 fen = magnitude / Rate::kScale;
    if (magnitude % Rate::kScale * 2 >= Rate::kScale) ++fen;  // half a fen or more rounds up
    if (product < 0) fen = -fen;
    if (fen > INT64_MAX || fen < INT64_MIN)
        return fail("overflow", format_money(amount) + " × " + format_rate(rate) +
                                    " does not fit in an amount of money");
    return Money{static_cast<std::int64_t>(fen)};
}

}  // namespace wg::rules
