// Splits expression source into tokens, enforcing the source-size limit and valid UTF-8.
#pragma once

#include <string_view>
#include <vector>

#include "rules/expected.hpp"
#include "rules/expr/token.hpp"

namespace wg::rules::expr {

/// The tokens of `source`, ending with one `end` token. Fails, located at the offending
/// character, with `limit` (source longer than kMaxSourceBytes), `encoding` (not UTF-8) or
/// `syntax` (a character or literal that is not part of the language).
Expected<std::vector<Token>> tokenize(std::string_view source);

/// Whether `text` is a name: an ASCII letter or '_' followed by letters, digits or '_'.
bool is_identifier(std::string_view text);
/// Whether `text` is a reserved word (and, or, not, in, if, then, else, true, false, null).
bool is_keyword(std::string_view text);

}  // namespace wg::rules::expr
