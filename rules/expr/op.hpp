// The operations of a checked expression: chosen by the checker, laid out by the compiler,
// carried out by the evaluator.
#pragma once

#include <cstdint>

namespace wg::rules::expr {

enum class Op : std::uint8_t {
    none,
    // names and data; the compiler fuses a root and the fields below it into one `path`
    constant, root, local, field, path,
    // operators
    negate, logical_not, logical_and, logical_or, add, subtract, multiply,
    equal, not_equal, less, less_equal, greater, greater_equal, in_list, not_in_list,
    conditional, make_list, make_record,
    // built-in functions (builtins.cpp); `_if` forms take a lambda
    count, count_if, sum, sum_of, min_list, max_list, min_of, max_of, min_args, max_args,
    any_list, all_list, any_if, all_if, filter, map, coalesce, round_half_up, legal_date,
    days_between,
    // host functions registered by the engine
    call_host,
};

}  // namespace wg::rules::expr
