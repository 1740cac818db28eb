// Small helpers for checking short identifiers and numbers written by people: ASCII classes,
// trimming, and naming a (possibly multi-byte UTF-8) character in an error message.
#pragma once

#include <cstddef>
#include <string_view>

namespace wg::rules::chars {

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }

constexpr bool is_ascii_alnum(char c) {
    return is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/// True when `s` is non-empty and holds only the digits 0-9.
constexpr bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (const char c : s)
        if (!is_digit(c)) return false;
    return true;
}

/// `s` without leading and trailing ASCII white space.
constexpr std::string_view trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return s.substr(first, last - first + 1);
}

/// The whole UTF-8 sequence that starts at byte `at`.
constexpr std::string_view character_at(std::string_view s, std::size_t at) {
    std::size_t end = at + 1;
    while (end < s.size() && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) ++end;
    return s.substr(at, end - at);
}

/// The 1-based position in characters (not bytes) of the character at byte `at`.
constexpr std::size_t position_of(std::string_view s, std::size_t at) {
    std::size_t position = 0;
    for (std::size_t i = 0; i <= at && i < s.size(); ++i)
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++position;
    return position;
}

}  // namespace wg::rules::chars
