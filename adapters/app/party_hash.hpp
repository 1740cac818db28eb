// Party look-up keys: an ID number is stored and searched only as HMAC-SHA256 under a
// server-side pepper, so that case_parties alone reveals no one (DESIGN.md §6, 0003).
#pragma once

#include <string>
#include <string_view>

#include "rules/expected.hpp"

namespace wg::app {

/// The shortest pepper accepted, in bytes.
inline constexpr std::size_t kMinPepperBytes = 32;

/// An ID number as it is hashed: surrounding whitespace trimmed, a final check character `x`
/// upper-cased ("11010519491231002x " → "11010519491231002X"). Nothing else changes.
std::string normalize_id_number(std::string_view id_number);

/// Lower-case hex HMAC-SHA256(pepper, normalize_id_number(id_number)): 64 characters. The same
/// person yields the same key whether the number was typed with a lower-case x or spaces.
std::string party_hash(std::string_view pepper, std::string_view id_number);

/// The pepper: $WAGEGUARD_PEPPER when set (and not empty); else the content of `path` with
/// trailing whitespace removed; else, when `path` does not exist, a new pepper (32 random bytes
/// from RAND_bytes, hex-encoded) written to `path` with mode 0600, parent folders created.
/// Fails with code `pepper` when the pepper is shorter than kMinPepperBytes, the file cannot be
/// read or written, or the random generator fails. Losing the pepper makes every stored party
/// key unfindable: back the file up with the database.
Expected<std::string> load_or_create_pepper(const std::string& path);

}  // namespace wg::app
