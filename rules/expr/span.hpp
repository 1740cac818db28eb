// Where a piece of an expression is: byte offsets for slicing, line and column for people.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "rules/error.hpp"
#include "rules/expected.hpp"

namespace wg::rules::expr {

/// A range of the expression source. Lines and columns count from 1; columns count
/// characters (UTF-8 code points), not bytes.
struct Span {
    std::uint32_t offset = 0;
    std::uint32_t length = 0;
    std::uint32_t line = 1;
    std::uint32_t column = 1;
};

/// The span from the start of `first` to the end of `last`.
Span cover(const Span& first, const Span& last);

/// An error located at `span` within the expression.
Error error_at(std::string code, std::string message, const Span& span);

/// The source text under `span` in single quotes, shortened with "…" past 40 bytes.
std::string quote_source(std::string_view source, const Span& span);

inline Unexpected<Error> fail_at(std::string code, std::string message, const Span& span) {
    return Unexpected<Error>{error_at(std::move(code), std::move(message), span)};
}

}  // namespace wg::rules::expr
