// Checked arithmetic and ordering on values, for the typings the checker allows.
#pragma once

#include <compare>
#include <optional>

#include "rules/expected.hpp"
#include "rules/expr/op.hpp"
#include "rules/expr/value.hpp"

namespace wg::rules::expr {

/// a + b, a − b or a × b (op add, subtract or multiply): integers, money ± money, money ×
/// integer, rates ± rates, strings joined by +. Fails with `overflow`, or `type` when the
/// kinds are not one of those typings (data that does not conform to its schema).
Expected<Value> arithmetic(Op op, const Value& a, const Value& b);

/// −a for an integer, money or rate; fails with `overflow` or `type`.
Expected<Value> negate(const Value& a);

/// a + b for integers or money (the running total of sum()); fails like arithmetic().
Expected<Value> add_values(const Value& a, const Value& b);

/// The order of two values of one orderable kind (integer, money, rate, string, date,
/// timestamp); nothing when the kinds differ or have no order.
std::optional<std::strong_ordering> order(const Value& a, const Value& b);

}  // namespace wg::rules::expr
