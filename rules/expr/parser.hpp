// The expression parser: tokens to a syntax tree, by precedence climbing over one table of
// binding powers, with the nesting depth bounded.
#pragma once

#include <string_view>

#include "rules/expected.hpp"
#include "rules/expr/ast.hpp"

namespace wg::rules::expr {

/// The syntax tree of `source`. Fails with the lexer's errors, `syntax` (with the place and
/// what was expected) or `limit` (nested deeper than kMaxDepth).
Expected<NodePtr> parse(std::string_view source);

}  // namespace wg::rules::expr
