// Test helpers over the shipped calendar data (config/calendars/cn-*.yaml), loaded once the way
// the CLI loads it: every cn-YYYY.yaml file of the folder, in name order.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "rules/calendar_loader.hpp"
#include "rules/period.hpp"

namespace wg::test {

inline std::vector<rules::CalendarSource> shipped_calendar_sources() {
    namespace fs = std::filesystem;
    std::vector<rules::CalendarSource> sources;
    for (const auto& entry : fs::directory_iterator(fs::path(WG_SOURCE_DIR) / "config" / "calendars")) {
        if (entry.path().extension() != ".yaml") continue;
        std::ifstream in(entry.path());
        std::ostringstream text;
        text << in.rdbuf();
        sources.push_back({entry.path().filename().string(), text.str()});
    }
    std::sort(sources.begin(), sources.end(),
              [](const auto& a, const auto& b) { return a.file < b.file; });
    return sources;
}

inline const rules::Calendar& shipped_calendar() {
    static const rules::Calendar calendar = [] {
        auto loaded = rules::load_calendar(shipped_calendar_sources());
        if (!loaded) throw std::runtime_error(loaded.error().front().to_string());
        return *loaded;
    }();
    return calendar;
}

inline rules::Date date(const char* text) {
    auto parsed = rules::parse_date(text);
    if (!parsed) throw std::invalid_argument(parsed.error().message);
    return *parsed;
}

inline rules::Period period(const char* text) {
    auto parsed = rules::parse_period(text);
    if (!parsed) throw std::invalid_argument(parsed.error().message);
    return *parsed;
}

/// The full result of adding `period_text` to `start` on the shipped calendar.
inline Expected<rules::DateDeadline> add(const char* start, const char* period_text,
                                         rules::PeriodPolicy policy = {}) {
    return rules::add_period(shipped_calendar(), date(start), period(period_text), policy);
}

/// The last day of the period as YYYY-MM-DD, or "error: CODE".
inline std::string deadline(const char* start, const char* period_text, rules::PeriodPolicy policy = {}) {
    auto result = add(start, period_text, policy);
    if (!result) return "error: " + result.error().code;
    return rules::format_date(result->end);
}

}  // namespace wg::test
