// The official working calendar: which days are working days, weekend rest days, public
// holidays or make-up working days (调休上班日), built from the State Council's yearly notices.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rules/date.hpp"
#include "rules/error.hpp"
#include "rules/expected.hpp"

namespace wg::rules {

/// What a day is on the official calendar.
enum class DayKind {
    working_day,          ///< Monday to Friday, not a holiday
    weekend,              ///< Saturday or Sunday, not a make-up working day
    public_holiday,       ///< a day off in a holiday block of a State Council notice
    make_up_working_day,  ///< a weekend day worked in exchange for a holiday (调休上班日)
};

/// A holiday's name as the notice gives it, and in English ("国庆节、中秋节").
struct HolidayName {
    std::string zh;
    std::string en;
    friend bool operator==(const HolidayName&, const HolidayName&) = default;
};

/// The notice a year's data comes from.
struct CalendarNotice {
    std::string title;     ///< 国务院办公厅关于2025年部分节假日安排的通知
    std::string document;  ///< 国办发明电〔2024〕12号
    Date issued;
};

/// A weekend day worked in exchange for a holiday, and where its source declares it.
struct MakeUpDay {
    Date date;
    SourceLocation where;
};

/// One block of days off and the weekend days worked in exchange for it.
struct Holiday {
    HolidayName name;
    Date first;
    Date last;
    std::vector<MakeUpDay> make_up_days;
    SourceLocation where;  ///< the block in its source, for messages
};

/// One calendar year as published; `year` is the year every day of which becomes known.
struct CalendarYear {
    int year = 0;
    std::vector<CalendarNotice> notices;
    std::vector<Holiday> holidays;
    SourceLocation where;
    /// A year whose State Council notice is not yet published, added on purpose so that
    /// deadlines can still be set: weekends only, no holidays. Results that touch it are marked
    /// provisional (and fall no later than the final ones, since holidays only lengthen).
    bool provisional = false;
};

/// A day of the calendar. `name` is the holiday's (for a make-up day: the holiday it serves);
/// empty for plain working days and weekends.
struct DayInfo {
    Date date;
    DayKind kind = DayKind::working_day;
    HolidayName name;
};

/// A provisional year: weekends only, until its notice is published.
CalendarYear provisional_year(int year);

/// True for working days and make-up working days.
bool is_working(DayKind kind);

/// The calendar of a contiguous range of years. Immutable once built.
class Calendar {
public:
    /// Builds a calendar from years that must be contiguous, each once. Fails with
    /// `calendar_years` (gap, duplicate, none) or `calendar_conflict` (a day declared twice,
    /// a make-up day that is a weekday or inside a holiday), located at the offending entry.
    static Expected<Calendar> build(std::vector<CalendarYear> years);

    /// The kind of `date`; `calendar_range` when its year is not covered (never a guess).
    [[nodiscard]] Expected<DayInfo> day(Date date) const;

    /// The kind of `date` alone, from a table built once: the fast path for counting days.
    /// nullopt when its year is not covered (ask day() for the error).
    [[nodiscard]] std::optional<DayKind> kind(Date date) const;

    [[nodiscard]] bool covers(Date date) const;
    /// Whether `date` falls in a provisional year (see CalendarYear::provisional).
    [[nodiscard]] bool is_provisional(Date date) const;
    /// The last year with published data.
    [[nodiscard]] int last_published_year() const;
    [[nodiscard]] int first_year() const { return first_year_; }
    [[nodiscard]] int last_year() const { return last_year_; }
    [[nodiscard]] const std::vector<CalendarYear>& years() const { return years_; }

private:
    struct Listed {
        DayKind kind;
        HolidayName name;
    };
    using Key = std::chrono::sys_days::rep;

    Calendar() = default;
    Expected<void> add_holiday(const Holiday& holiday);
    void fill_kinds();
    Expected<void> list(Date date, Listed entry, const SourceLocation& where);

    std::vector<CalendarYear> years_;
    std::map<Key, Listed> listed_;
    std::vector<DayKind> kinds_;  // one per day from 1 January of first_year_
    Key first_day_ = 0;
    int first_year_ = 0;
    int last_year_ = -1;
};

}  // namespace wg::rules
