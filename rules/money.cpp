// Reading and printing amounts of money: exact decimal text in yuan to and from fen.
#include <cstdint>
#include <string>
#include <string_view>

#include "rules/int128.hpp"
#include "rules/chars.hpp"
#include "rules/money.hpp"

namespace wg::rules {
namespace {

constexpr std::string_view kYuanSign = "\xC2\xA5";           // ¥ U+00A5
constexpr std::string_view kFullWidthYuanSign = "\xEF\xBF\xA5";  // ￥ U+FFE5
// The magnitude of INT64_MIN in fen; positive amounts may reach one less.
constexpr UInt128 kMaxMagnitude = static_cast<UInt128>(1) << 63;

bool consume(std::string_view& text, std::string_view prefix) {
    if (!text.starts_with(prefix)) return false;
    text.remove_prefix(prefix.size());
    return true;
}

bool consume_yuan_sign(std::string_view& text) {
    return consume(text, kYuanSign) || consume(text, kFullWidthYuanSign);
}

// integer := digit+ | group ("," digit{3})+   with group := digit{1,3}
// Returns the digits without separators, or nothing when the grouping is wrong.
bool strip_grouping(std::string_view integer, std::string& digits) {
    if (integer.find(',') == std::string_view::npos) {
        if (!chars::all_digits(integer)) return false;
        digits = integer;
        return true;
    }
    const auto first_comma = integer.find(',');
    const auto head = integer.substr(0, first_comma);
    if (head.size() > 3 || !chars::all_digits(head)) return false;
    digits = head;
    for (auto rest = integer.substr(first_comma); !rest.empty(); rest.remove_prefix(4)) {
        if (rest.size() < 4 || rest[0] != ',' || !chars::all_digits(rest.substr(1, 3))) return false;
        digits += rest.substr(1, 3);
    }
    return true;
}

// Accumulates decimal digits into `value`; false once it exceeds `limit` (no wrap-around).
bool accumulate(std::string_view digits, UInt128 limit, UInt128& value) {
    for (const char c : digits) {
        value = value * 10 + static_cast<unsigned>(c - '0');
        if (value > limit) return false;
    }
    return true;
}

std::string quoted(std::string_view text) {
    std::string out(1, '\'');
    out += text;
    out += '\'';
    return out;
}

// "1234567" -> "1,234,567"
std::string group_thousands(const std::string& digits) {
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::uint64_t magnitude(Money amount) {
    const auto raw = static_cast<std::uint64_t>(amount.fen);
    return amount.fen < 0 ? ~raw + 1 : raw;
}

std::string two_digits(std::uint64_t value) {
    return {static_cast<char>('0' + value / 10), static_cast<char>('0' + value % 10)};
}

}  // namespace

// amount := ["-"] ["¥"] integer ["." digit{1,2}] | "¥" "-" integer ["." digit{1,2}]
Expected<Money> parse_money(std::string_view text) {
    std::string_view rest = chars::trim(text);
    const auto refuse_format = [&] {
        return fail("format", quoted(text) + " is not an amount in yuan (expected e.g. 21000.00)");
    };
    bool negative = consume(rest, "-");
    if (consume_yuan_sign(rest) && !negative) negative = consume(rest, "-");
    const auto dot = rest.find('.');
    const auto integer = rest.substr(0, dot);
    const auto fraction = dot == std::string_view::npos ? std::string_view{} : rest.substr(dot + 1);
    std::string digits;
    if (!strip_grouping(integer, digits)) return refuse_format();
    if (dot != std::string_view::npos && !chars::all_digits(fraction)) return refuse_format();
    if (fraction.size() > 2)
        return fail("precision", quoted(text) + " has more than two decimals (amounts are exact to the fen)");
    const UInt128 limit = negative ? kMaxMagnitude : kMaxMagnitude - 1;
    UInt128 value = 0;
    const std::string fen_digits = (std::string(fraction) + "00").substr(0, 2);  // "5" -> "50"
    if (!accumulate(digits, limit, value) || !accumulate(fen_digits, limit, value))
        return fail("overflow", quoted(text) + " is too large an amount");
    const auto fen = static_cast<std::uint64_t>(value);
    return Money{negative ? static_cast<std::int64_t>(~fen + 1) : static_cast<std::int64_t>(fen)};
}

std::string format_money(Money amount) {
    const std::uint64_t fen = magnitude(amount);
    const std::string sign = amount.fen < 0 ? "-" : "";
    return sign + std::to_string(fen / 100) + "." + two_digits(fen % 100);
}

std::string format_money_display(Money amount) {
    const std::uint64_t fen = magnitude(amount);
    const std::string sign = amount.fen < 0 ? "-" : "";
    return sign + std::string(kYuanSign) + group_thousands(std::to_string(fen / 100)) + "." +
           two_digits(fen % 100);
}

}  // namespace wg::rules
