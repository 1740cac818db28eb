// Checked arithmetic on money: an overflow is reported as an error, never wrapped.
#include <cstdint>

#include "rules/int128.hpp"
#include "rules/money.hpp"

namespace wg::rules {
namespace {

Unexpected<Error> overflow(const std::string& what) {
    return fail("overflow", what + " does not fit in an amount of money");
}

}  // namespace

Expected<Money> add(Money a, Money b) {
    Money out;
    if (__builtin_add_overflow(a.fen, b.fen, &out.fen))
        return overflow(format_money(a) + " + " + format_money(b));
    return out;
}

Expected<Money> subtract(Money a, Money b) {
    Money out;
    if (__builtin_sub_overflow(a.fen, b.fen, &out.fen))
        return overflow(format_money(a) + " - " + format_money(b));
    return out;
}

Expected<Money> multiply(Money amount, std::int64_t factor) {
    Money out;
    if (__builtin_mul_overflow(amount.fen, factor, &out.fen))
        return overflow(format_money(amount) + " × " + std::to_string(factor));
    return out;
}

Expected<Money> sum(std::span<const Money> amounts) {
    // Summed wide so that only the total must fit, whatever the order of the amounts.
    Int128 total = 0;
    for (const Money amount : amounts) total += amount.fen;
    if (total > INT64_MAX || total < INT64_MIN)
        return overflow("the sum of " + std::to_string(amounts.size()) + " amounts");
    return Money{static_cast<std::int64_t>(total)};
}

}  // namespace wg::rules
