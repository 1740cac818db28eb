// Builds the day table from the yearly notices and answers "what kind of day is this?".
#include "rules/calendar.hpp"

#include <algorithm>
#include <cstdlib>

namespace wg::rules {
namespace {

using namespace std::chrono;

// No published block of days off has exceeded ten days; anything past a month is a typo.
constexpr int kLongestHolidayDays = 31;

Unexpected<Error> located(std::string code, std::string message, const SourceLocation& where) {
    auto failure = fail(std::move(code), std::move(message));
    failure.error.location = where;
    return failure;
}

bool is_weekend(Date date) {
    const weekday day{sys_days{date}};
    return day == Saturday || day == Sunday;
}

std::string kind_name(DayKind kind) {
    switch (kind) {
        case DayKind::working_day: return "working day";
        case DayKind::weekend: return "weekend";
        case DayKind::public_holiday: return "public holiday";
        case DayKind::make_up_working_day: return "make-up working day";
    }
    return "day";
}

// Years must run without gaps and each come once, so that "covered" is one plain range.
Expected<void> check_contiguous(const std::vector<CalendarYear>& years) {
    if (years.empty()) return fail("calendar_years", "no calendar years given");
    for (std::size_t i = 1; i < years.size(); ++i) {
        const int before = years[i - 1].year;
        const int year = years[i].year;
        if (year == before)
            return located("calendar_years", "year " + std::to_string(year) + " is given twice",
                           years[i].where);
        if (year != before + 1)
            return located("calendar_years",
                           "years " + std::to_string(before + 1) + "–" + std::to_string(year - 1) +
                               " are missing between " + std::to_string(before) + " and " +
                               std::to_string(year),
                           years[i].where);
    }
    return {};
}

// A block must be ordered, short, and near its year (2023's New Year's Day began in 2022).
Expected<void> check_block(const Holiday& holiday, int year) {
    const std::string name = "holiday '" + holiday.name.zh + "'";
    if (holiday.last < holiday.first)
        return located("calendar_conflict",
                       name + " ends (" + format_date(holiday.last) + ") before it starts (" +
                           format_date(holiday.first) + ")",
                       holiday.where);
    const auto length = (sys_days{holiday.last} - sys_days{holiday.first}).count() + 1;
    if (length > kLongestHolidayDays)
        return located("calendar_conflict",
                       name + " spans " + std::to_string(length) + " days; a holiday block is at most " +
                           std::to_string(kLongestHolidayDays) + " days (a typo in a date?)",
                       holiday.where);
    for (const Date date : {holiday.first, holiday.last})
        if (std::abs(static_cast<int>(date.year()) - year) > 1)
            return located("calendar_conflict",
                           name + " has date " + format_date(date) + ", too far from year " +
                               std::to_string(year),
                           holiday.where);
    return {};
}

}  // namespace

bool is_working(DayKind kind) {
    return kind == DayKind::working_day || kind == DayKind::make_up_working_day;
}

Expected<Calendar> Calendar::build(std::vector<CalendarYear> years) {
    std::stable_sort(years.begin(), years.end(),
                     [](const CalendarYear& a, const CalendarYear& b) { return a.year < b.year; });
    if (auto checked = check_contiguous(years); !checked) return Unexpected<Error>{checked.error()};
    Calendar calendar;
    for (const auto& year : years) {
        for (const auto& holiday : year.holidays) {
            if (auto checked = check_block(holiday, year.year); !checked)
                return Unexpected<Error>{checked.error()};
            if (auto added = calendar.add_holiday(holiday); !added)
                return Unexpected<Error>{added.error()};
        }
    }
    calendar.first_year_ = years.front().year;
    calendar.last_year_ = years.back().year;
    calendar.years_ = std::move(years);
    calendar.fill_kinds();
    return calendar;
}

Expected<void> Calendar::add_holiday(const Holiday& holiday) {
    for (auto day = sys_days{holiday.first}; day <= sys_days{holiday.last}; day += days{1})
        if (auto added = list(Date{day}, {DayKind::public_holiday, holiday.name}, holiday.where); !added)
            return added;
    for (const auto& make_up : holiday.make_up_days) {
        if (!is_weekend(make_up.date))
            return located("calendar_conflict",
                           "make-up working day " + format_date(make_up.date) + " of '" +
                               holiday.name.zh + "' is a weekday; only a weekend day can be worked in exchange",
                           make_up.where);
        if (auto added = list(make_up.date, {DayKind::make_up_working_day, holiday.name}, make_up.where); !added)
            return added;
    }
    return {};
}

Expected<void> Calendar::list(Date date, Listed entry, const SourceLocation& where) {
    const Key key = sys_days{date}.time_since_epoch().count();
    const auto [it, inserted] = listed_.try_emplace(key, entry);
    if (inserted) return {};
    return located("calendar_conflict",
                   format_date(date) + " is declared a " + kind_name(entry.kind) + " of '" + entry.name.zh +
                       "' but is already a " + kind_name(it->second.kind) + " of '" + it->second.name.zh + "'",
                   where);
}

void Calendar::fill_kinds() {
    const auto first = sys_days{Date{std::chrono::year{first_year_}, std::chrono::January, std::chrono::day{1}}};
    const auto end = sys_days{Date{std::chrono::year{last_year_ + 1}, std::chrono::January, std::chrono::day{1}}};
    first_day_ = first.time_since_epoch().count();
    kinds_.clear();
    for (auto d = first; d < end; d += days{1}) {
        const auto it = listed_.find(d.time_since_epoch().count());
        kinds_.push_back(it != listed_.end() ? it->second.kind : is_weekend(Date{d}) ? DayKind::weekend : DayKind::working_day);
    }
}

std::optional<DayKind> Calendar::kind(Date date) const {
    const Key offset = sys_days{date}.time_since_epoch().count() - first_day_;
    if (offset < 0 || offset >= static_cast<Key>(kinds_.size())) return std::nullopt;
    return kinds_[static_cast<std::size_t>(offset)];
}

bool Calendar::covers(Date date) const {
    const int year = static_cast<int>(date.year());
    return year >= first_year_ && year <= last_year_;
}

CalendarYear provisional_year(int year) {
    CalendarYear out;
    out.year = year;
    out.provisional = true;
    return out;
}

bool Calendar::is_provisional(Date date) const {
    const int year = static_cast<int>(date.year());
    for (const auto& data : years_)
        if (data.year == year) return data.provisional;
    return false;
}

int Calendar::last_published_year() const {
    int last = first_year_ - 1;
    for (const auto& data : years_)
        if (!data.provisional) last = std::max(last, data.year);
    return last;
}

Expected<DayInfo> Calendar::day(Date date) const {
    if (!covers(date))
        return fail("calendar_range",
                    format_date(date) + " is outside the calendar, which covers " +
                        std::to_string(first_year_) + "–" + std::to_string(last_year_) +
                        "; add that year's State Council holiday notice to the calendar data");
    const auto it = listed_.find(sys_days{date}.time_since_epoch().count());
    if (it != listed_.end()) return DayInfo{date, it->second.kind, it->second.name};
    return DayInfo{date, is_weekend(date) ? DayKind::weekend : DayKind::working_day, {}};
}

}  // namespace wg::rules
