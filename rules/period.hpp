// Statutory periods ("5 working days", "15 days", "2 months", "1 year", "24 hours") and their
// arithmetic on the official calendar, each result explained in Chinese and English.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rules/calendar.hpp"
#include "rules/date.hpp"
#include "rules/expected.hpp"

namespace wg::rules {

enum class PeriodUnit { hours, calendar_days, working_days, months, years };

struct Period {
    std::int64_t count = 0;
    PeriodUnit unit = PeriodUnit::calendar_days;
    friend constexpr auto operator<=>(const Period&, const Period&) = default;
};

// --- parsing and printing (period.cpp) ------------------------------------------------------

/// The largest count accepted: beyond it no calendar is loaded anyway.
inline constexpr std::int64_t kMaxPeriodCount = 99'999;

/// Parses "5 working days", "1 workday", "15 days", "15 calendar days", "2 months", "1 year",
/// "24 hours" (English, any case, singular or plural) and "5个工作日", "15日", "15天", "2个月",
/// "1年", "24小时". Fails with `period_format` (unknown unit, no count) or `period_count`
/// (0 or more than kMaxPeriodCount).
Expected<Period> parse_period(std::string_view text);

/// "5 working days", "1 day", "2 months".
std::string format_period_en(Period period);

/// "5个工作日", "15日", "2个月", "1年", "24小时".
std::string format_period_zh(Period period);

// --- arithmetic on a calendar (period_arithmetic.cpp) ---------------------------------------

/// Whether a make-up working day (a worked Saturday or Sunday) stops the rest-day roll of a
/// calendar-day, month or year period. DOMAIN.md §5.6 leaves this to counsel; the default
/// treats the day as the working day it is, so a period ending on it does not roll. Working-day
/// counts always count make-up days.
enum class MakeUpDayPolicy { working_day, rest_day };

struct PeriodPolicy {
    MakeUpDayPolicy make_up_days = MakeUpDayPolicy::working_day;
};

/// Consecutive rest days passed over: skipped by a working-day count or rolled over at the end.
struct RestRun {
    Date first;
    Date last;
    bool weekend = false;                ///< holds a plain Saturday or Sunday
    bool make_up_as_rest = false;        ///< holds a make-up day treated as rest (policy)
    std::vector<HolidayName> holidays;   ///< the holidays it holds, in order, each once
};

/// A plain account of a result, one text per language.
struct Explanation {
    std::string zh;
    std::string en;
};

/// A period added to a date, with everything needed to explain it.
struct DateDeadline {
    Date start;
    Period period;
    PeriodPolicy policy;
    Date end;                               ///< the last day of the period
    Date unrolled_end;                      ///< before the rest-day roll (== end when none)
    DayInfo end_day;                        ///< what kind of day `end` is
    bool month_end_clamped = false;         ///< no corresponding date: the month's last day
    std::vector<RestRun> skipped;           ///< working days: rest days not counted
    std::vector<DayInfo> make_up_days_counted;  ///< working days: make-up days counted
    std::vector<RestRun> rolled_over;       ///< other units: rest days rolled over at the end
    bool provisional = false;               ///< touched a year whose holidays are not yet published
    Explanation explanation;
};

/// Adds `period` to `start` following DOMAIN.md §5.6: the start day is not counted; working days
/// skip weekends and holidays and count make-up days; calendar days, months and years (months
/// and years end on the corresponding date, or the month's last day) roll forward from a rest
/// day to the next working day. Fails with `calendar_range` when a day that decides the result
/// lies outside the calendar, `period_unit` for hours (use add_hours), `period_count` for a
/// count below 1.
Expected<DateDeadline> add_period(const Calendar& calendar, Date start, Period period,
                                  PeriodPolicy policy = {});

/// A period of hours added to an instant.
struct InstantDeadline {
    Instant start;
    Period period;
    Instant end;
    Explanation explanation;
};

/// Adds hours exactly (民法典 Art. 201(2)): no calendar, no roll. Fails with `period_unit` for
/// any other unit, `period_count` for a count below 1.
Expected<InstantDeadline> add_hours(Instant start, Period period);

/// Whether `today` still lies within a look-back limit that began on `start` (D3 inspection
/// limit, D25 arbitration limitation): true up to and including the period's last day.
struct LimitationCheck {
    bool within = false;
    DateDeadline deadline;
};
Expected<LimitationCheck> within_limitation(const Calendar& calendar, Date start, Date today,
                                            Period period, PeriodPolicy policy = {});

/// The latest day on which a notice still comes `period` (calendar days) before `event`
/// (D29: hearing notice ≥ 5 days before, postponement request ≥ 3 days before). No rest-day
/// roll applies: the roll extends periods that end on rest days, and a minimum interval before
/// an event is not one; the explanation says when the day is a rest day. Fails with
/// `period_unit` for any unit other than calendar days, `calendar_range` outside the calendar.
Expected<DateDeadline> latest_before(const Calendar& calendar, Date event, Period period);

}  // namespace wg::rules
