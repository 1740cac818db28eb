// Arithmetic that never wraps: int64 by the compiler's overflow builtins, money through the
// money library, rates on their scaled integers.
#include "rules/expr/arithmetic.hpp"

#include <cstdint>
#include <limits>

#include "rules/money.hpp"

namespace wg::rules::expr {
namespace {

Unexpected<Error> overflow() { return fail("overflow", "the result is too large"); }

Unexpected<Error> mismatch(const Value& a, const Value& b) {
    return fail("type", "cannot combine " + std::string(kind_name(a.kind())) + " with " +
                            std::string(kind_name(b.kind())));
}

Expected<std::int64_t> integer_op(Op op, std::int64_t a, std::int64_t b) {
    std::int64_t out = 0;
    const bool overflowed = op == Op::add        ? __builtin_add_overflow(a, b, &out)
                            : op == Op::subtract ? __builtin_sub_overflow(a, b, &out)
                                                 : __builtin_mul_overflow(a, b, &out);
    if (overflowed) return overflow();
    return out;
}

template <typename T>
Expected<Value> wrap(Expected<T> result) {
    if (!result) return Unexpected<Error>{result.error()};
    return Value(*result);
}

Expected<Value> money_op(Op op, const Value& a, const Value& b) {
    if (a.kind() == ValueKind::money && b.kind() == ValueKind::money) {
        if (op == Op::add) return wrap(add(a.as_money(), b.as_money()));
        if (op == Op::subtract) return wrap(subtract(a.as_money(), b.as_money()));
    }
    if (op == Op::multiply && a.kind() == ValueKind::money && b.kind() == ValueKind::integer)
        return wrap(multiply(a.as_money(), b.as_integer()));
    if (op == Op::multiply && a.kind() == ValueKind::integer && b.kind() == ValueKind::money)
        return wrap(multiply(b.as_money(), a.as_integer()));
    return mismatch(a, b);
}

Expected<Value> rate_op(Op op, const Value& a, const Value& b) {
    if (op == Op::multiply || b.kind() != ValueKind::rate) return mismatch(a, b);
    auto scaled = integer_op(op, a.as_rate().scaled, b.as_rate().scaled);
    if (!scaled) return Unexpected<Error>{scaled.error()};
    return Value(Rate{*scaled});
}

Expected<Value> string_op(Op op, const Value& a, const Value& b) {
    if (op != Op::add || b.kind() != ValueKind::string) return mismatch(a, b);
    return Value(a.as_string() + b.as_string());
}

}  // namespace

Expected<Value> arithmetic(Op op, const Value& a, const Value& b) {
    if (a.kind() == ValueKind::integer && b.kind() == ValueKind::integer) {
        auto result = integer_op(op, a.as_integer(), b.as_integer());
        if (!result) return Unexpected<Error>{result.error()};
        return Value(*result);
    }
    if (a.kind() == ValueKind::money || b.kind() == ValueKind::money) return money_op(op, a, b);
    if (a.kind() == ValueKind::rate) return rate_op(op, a, b);
    if (a.kind() == ValueKind::string) return string_op(op, a, b);
    return mismatch(a, b);
}

Expected<Value> negate(const Value& a) {
    constexpr auto kLowest = std::numeric_limits<std::int64_t>::min();
    switch (a.kind()) {
        case ValueKind::integer:
            if (a.as_integer() == kLowest) return overflow();
            return Value(-a.as_integer());
        case ValueKind::money: return wrap(subtract(Money{0}, a.as_money()));
        case ValueKind::rate:
            if (a.as_rate().scaled == kLowest) return overflow();
            return Value(Rate{-a.as_rate().scaled});
        default: return fail("type", "cannot negate " + std::string(kind_name(a.kind())));
    }
}

Expected<Value> add_values(const Value& a, const Value& b) {
    return arithmetic(Op::add, a, b);
}

std::optional<std::strong_ordering> order(const Value& a, const Value& b) {
    if (a.kind() != b.kind()) return std::nullopt;
    switch (a.kind()) {
        case ValueKind::integer: return a.as_integer() <=> b.as_integer();
        case ValueKind::money: return a.as_money().fen <=> b.as_money().fen;
        case ValueKind::rate: return a.as_rate().scaled <=> b.as_rate().scaled;
        case ValueKind::string: return a.as_string().compare(b.as_string()) <=> 0;
        case ValueKind::date: return a.as_date() <=> b.as_date();
        case ValueKind::timestamp: return a.as_timestamp() <=> b.as_timestamp();
        default: return std::nullopt;
    }
}

}  // namespace wg::rules::expr
