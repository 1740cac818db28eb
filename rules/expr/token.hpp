// The tokens of the expression language.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "rules/expr/span.hpp"

namespace wg::rules::expr {

enum class TokenKind : std::uint8_t {
    end, identifier, integer, decimal, money, string,
    kw_and, kw_or, kw_not, kw_in, kw_if, kw_then, kw_else, kw_true, kw_false, kw_null,
    left_paren, right_paren, left_bracket, right_bracket, left_brace, right_brace,
    comma, dot, colon, arrow, plus, minus, star,
    equal, not_equal, less, less_equal, greater, greater_equal,
};

/// One token. `text` is the identifier, the literal's digits (money keeps its sign and
/// grouping for parse_money), or a string literal with its escapes decoded.
struct Token {
    TokenKind kind = TokenKind::end;
    Span span;
    std::string text;
};

/// How a token reads in messages: "'+'", "end of expression", "name 'amount'".
std::string describe(const Token& token);

}  // namespace wg::rules::expr
