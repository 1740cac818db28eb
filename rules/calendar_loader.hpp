// Reads calendar year files (config/calendars/cn-YYYY.yaml) from text handed in and builds the
// Calendar; every error is located as file:line:col. The format is described in rules/README.md.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rules/calendar.hpp"
#include "rules/expected.hpp"

namespace wg::rules {

/// One calendar file: its name (used only in messages) and its contents.
struct CalendarSource {
    std::string file;
    std::string text;
};

/// Parses one year file. On failure returns every error found, in source order, with codes
/// `calendar_yaml` (not YAML) or `calendar_schema` (wrong shape, unknown key, bad date).
Expected<CalendarYear, Errors> load_calendar_year(std::string_view text, const std::string& file);

/// Parses every file, then builds the calendar (Calendar::build checks gaps and conflicts).
/// Returns all parse errors of all files, or the first build error.
Expected<Calendar, Errors> load_calendar(const std::vector<CalendarSource>& sources);

}  // namespace wg::rules
