// Typed literals through the money, rate, date and period parsers; printing of scalars.
#include "rules/expr/scalars.hpp"

#include "rules/date.hpp"
#include "rules/money.hpp"
#include "rules/period.hpp"

namespace wg::rules::expr {
namespace {

template <typename T>
Expected<Value> wrap(Expected<T> parsed) {
    if (!parsed) return Unexpected<Error>{parsed.error()};
    return Value(*parsed);
}

}  // namespace

Expected<Value> parse_scalar(ValueKind kind, std::string_view text) {
    switch (kind) {
        case ValueKind::money: return wrap(parse_money(text));
        case ValueKind::rate: return wrap(parse_rate(text));
        case ValueKind::date: return wrap(parse_date(text));
        case ValueKind::timestamp: return wrap(parse_instant(text));
        case ValueKind::period: return wrap(parse_period(text));
        default: return fail("type", "no literal syntax for " + std::string(kind_name(kind)));
    }
}

std::string format_scalar(const Value& value) {
    switch (value.kind()) {
        case ValueKind::money: return format_money_display(value.as_money());
        case ValueKind::rate: return format_rate(value.as_rate());
        case ValueKind::date: return format_date(value.as_date());
        case ValueKind::timestamp: return format_instant(value.as_timestamp());
        case ValueKind::period: return format_period_en(value.as_period());
        default: return std::string(kind_name(value.kind()));
    }
}

}  // namespace wg::rules::expr
