// Citizen ID numbers (公民身份号码, GB 11643-1999): validation, normalisation and masking.
#pragma once

#include <string>
#include <string_view>

#include "rules/date.hpp"
#include "rules/expected.hpp"
#include "rules/warning.hpp"

namespace wg::rules {

enum class Sex { male, female };

/// What to do with a legacy 15-digit number (first-generation cards, no century, no check).
enum class LegacyIdPolicy {
    reject,   ///< refuse with code `legacy_15_digit` and ask for the 18-digit number (default)
    convert,  ///< insert "19", compute the check character, warn `converted_from_15_digit`
};

/// A valid ID number and what it says about its holder.
struct IdNumber {
    std::string normalised;  ///< 18 characters, check character upper case
    Date birth_date;
    Sex sex = Sex::male;
    Warnings warnings;  ///< e.g. `implausible_age`; never make the number invalid
};

/// Checks an ID number as written by a person: surrounding spaces are trimmed and a trailing
/// "x" becomes "X". Fails with `format` (empty or wrong length), `charset` (a character other
/// than digits, or other than digits and the check character X), `province` (first two digits
/// name no province), `birth_date` (not a real date, or after `today`), `checksum` (the message
/// names the expected check character) or `legacy_15_digit` (per `legacy`).
/// Warns `implausible_age` when the holder is older than 100 or younger than 16 on `today`.
Expected<IdNumber> validate_id_number(std::string_view text, Date today,
                                      LegacyIdPolicy legacy = LegacyIdPolicy::reject);

/// The check character (ISO 7064 MOD 11-2) for the first 17 digits; precondition: 17 digits.
char id_number_check_character(std::string_view first_17_digits);

/// Hides the birth date for display: "11010519491231002X" -> "110105********002X" (first 6 and
/// last 4 characters kept). Anything that is not 15 or 18 ASCII letters and digits is masked
/// entirely, so a malformed number never leaks.
std::string mask_id_number(std::string_view number);

}  // namespace wg::rules
