// How values travel between C++ and our SQL as text: instants as RFC 3339 UTC with
// milliseconds (no precision or zone lost in SOCI's std::tm), text arrays as array literals.
#pragma once

#include <string>
#include <vector>

#include "rules/date.hpp"

/// A timestamptz column as "YYYY-MM-DDTHH:MM:SS.mmmZ" (a string literal, for query constants).
#define WG_UTC_TEXT(column) "to_char(" column " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"

namespace wg::pg {

/// The instant of a WG_UTC_TEXT column; the epoch for empty or malformed text (NULL columns are
/// read through coalesce(…, '')).
inline rules::Instant instant_of(const std::string& text) {
    auto parsed = rules::parse_instant(text);
    return parsed ? *parsed : rules::Instant{};
}

/// A PostgreSQL text[] literal, {"a","b"}, quoting every element; bind it as CAST(:x AS text[]).
inline std::string text_array(const std::vector<std::string>& items) {
    std::string out = "{";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += ',';
        out += '"';
        for (char c : items[i]) {
            if (c == '"' || c == '\\') out += '\\';
            out += c;
        }
        out += '"';
    }
    return out + "}";
}

}  // namespace wg::pg
