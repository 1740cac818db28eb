// The limits that keep hostile or mistaken expressions from hanging or exhausting the stack.
#pragma once

#include <cstddef>

namespace wg::rules::expr {

/// Longest expression source accepted, in bytes (guards are a line; law parameters a few).
inline constexpr std::size_t kMaxSourceBytes = 16 * 1024;
/// Deepest nesting of the syntax tree and of the parser's recursion; bounds every recursion
/// of the checker, compiler and evaluator.
inline constexpr int kMaxDepth = 100;
/// Most work in one evaluation, in steps: one per operation evaluated, plus one per list item
/// or record field scanned and per 64 bytes of joined string. Nested list functions multiply
/// work; this bounds it (about a second at worst).
inline constexpr std::size_t kMaxSteps = 10'000'000;

}  // namespace wg::rules::expr
