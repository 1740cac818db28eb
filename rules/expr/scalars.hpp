// The seam between the expression language and the money, rate, date and period libraries:
// typed literals parsed from text, and scalars printed for people.
#pragma once

#include <string>
#include <string_view>

#include "rules/expected.hpp"
#include "rules/expr/value.hpp"

namespace wg::rules::expr {

/// Parses text as a money ("20000.00", "¥20,000.00"), rate ("0.05", "5%"), date
/// ("2025-09-15"), timestamp (RFC 3339) or period ("5 working days"). Fails with the parser's
/// code (`format`, `precision`, `overflow`, `date`); any other kind fails with `type`.
Expected<Value> parse_scalar(ValueKind kind, std::string_view text);

/// Money as "¥20,000.00", rates as "1.5%", dates, timestamps, periods as "5 working days".
std::string format_scalar(const Value& value);

}  // namespace wg::rules::expr
