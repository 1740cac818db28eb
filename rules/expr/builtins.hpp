// The built-in functions: list functions with lambdas, literal constructors, rounding, dates.
// Their type rules live here; their evaluation in builtins_eval.cpp.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rules/expr/ast.hpp"

namespace wg::rules::expr {

class Checker;

bool is_builtin(std::string_view name);
std::vector<std::string> builtin_names();

/// Checks a call of the built-in named by `call.text`, writing its type and operation and
/// reshaping it for the compiler where needed (constructors become constants).
bool check_builtin(Checker& checker, Node& call);

}  // namespace wg::rules::expr
