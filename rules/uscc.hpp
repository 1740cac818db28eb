// Unified social credit codes (统一社会信用代码, GB 32100-2015) of employers: validation.
#pragma once

#include <string>
#include <string_view>

#include "rules/expected.hpp"
#include "rules/warning.hpp"

namespace wg::rules {

/// A valid USCC.
struct Uscc {
    std::string normalised;  ///< 18 characters, upper case
    Warnings warnings;       ///< e.g. `organisation_code_checksum`; never make the code invalid
};

/// Checks a USCC as written by a person: surrounding spaces are trimmed and letters are
/// upper-cased first. Fails with `format` (empty, wrong length, or positions 3–8 not all digits),
/// `charset` (a character outside 0-9 and A-Y without I, O, S, V, Z; the message names it) or
/// `checksum` (the message names the expected check character). A check position holding any
/// letter or digit is a checksum failure, not a charset one, so the expected character is shown.
/// Warns `organisation_code_checksum` when positions 9–17 fail the GB 11714 organisation-code
/// check, which some legitimately issued codes do (DOMAIN.md §8.2).
Expected<Uscc> validate_uscc(std::string_view text);

/// The check character for the first 17 characters; precondition: all in the USCC charset.
char uscc_check_character(std::string_view first_17);

}  // namespace wg::rules
