// Legal dates and instants. Instants are UTC; legal dates are China Standard Time (UTC+8)
// dates, whatever the server's time zone (DESIGN.md §5).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "rules/expected.hpp"

namespace wg::rules {

using Date = std::chrono::year_month_day;
using Instant = std::chrono::sys_time<std::chrono::milliseconds>;

/// Parses a strict ISO date "YYYY-MM-DD" that names a real day; code `format` or `date`.
Expected<Date> parse_date(std::string_view text);

/// "YYYY-MM-DD".
std::string format_date(Date date);

/// Parses an RFC 3339 instant with `Z` or a numeric offset ("2025-09-15T09:30:00+08:00").
Expected<Instant> parse_instant(std::string_view text);

/// "YYYY-MM-DDTHH:MM:SS.mmmZ" in UTC.
std::string format_instant(Instant instant);

/// The legal date on which an instant falls in China Standard Time (UTC+8).
Date legal_date(Instant instant);

}  // namespace wg::rules
