// Adding statutory periods on the official calendar (DOMAIN.md §5.6): working-day counts,
// calendar days, months and years with the rest-day roll, and exact hours.
#include <utility>

#include "rules/period.hpp"
#include "rules/period_explanation.hpp"

namespace wg::rules {
namespace {

using namespace std::chrono;

// Beyond this year no calendar exists and std::chrono::year would overflow.
constexpr std::int64_t kLastRepresentableYear = 9999;

// Gathers consecutive rest days into runs; a working day closes the open run.
class RunCollector {
public:
    void add(const DayInfo& day) {
        if (!open_) runs_.push_back(RestRun{day.date, day.date, false, false, {}});
        open_ = true;
        RestRun& run = runs_.back();
        run.last = day.date;
        if (day.kind == DayKind::make_up_working_day) run.make_up_as_rest = true;
        if (day.kind == DayKind::weekend) run.weekend = true;
        if (day.kind != DayKind::public_holiday) return;
        if (run.holidays.empty() || !(run.holidays.back() == day.name)) run.holidays.push_back(day.name);
    }
    void close() { open_ = false; }
    std::vector<RestRun> take() { return std::move(runs_); }

private:
    std::vector<RestRun> runs_;
    bool open_ = false;
};

bool stops_roll(DayKind kind, PeriodPolicy policy) {
    if (kind == DayKind::make_up_working_day) return policy.make_up_days == MakeUpDayPolicy::working_day;
    return kind == DayKind::working_day;
}

Expected<void> check_count(Period period) {
    if (period.count >= 1 && period.count <= kMaxPeriodCount) return {};
    return fail("period_count", "a period needs a count from 1 to " + std::to_string(kMaxPeriodCount) +
                                    ", got " + std::to_string(period.count));
}

// Counts working days after the start day: weekends and holidays are skipped, make-up days count.
Expected<void> count_working_days(const Calendar& calendar, DateDeadline& out) {
    RunCollector skipped;
    auto day = sys_days{out.start};
    for (std::int64_t counted = 0; counted < out.period.count;) {
        day += days{1};
        const auto kind = calendar.kind(Date{day});  // the fast table; names only when needed
        if (!kind) return Unexpected<Error>{calendar.day(Date{day}).error()};
        if (*kind == DayKind::working_day) {
            skipped.close();
            ++counted;
            continue;
        }
        auto info = calendar.day(Date{day});
        if (!info) return Unexpected<Error>{info.error()};
        if (!is_working(info->kind)) {
            skipped.add(*info);
            continue;
        }
        skipped.close();
        ++counted;
        out.make_up_days_counted.push_back(*info);
    }
    out.end = out.unrolled_end = Date{day};
    auto end_day = calendar.day(out.end);
    if (!end_day) return Unexpected<Error>{end_day.error()};
    out.end_day = std::move(*end_day);
    out.skipped = skipped.take();
    return {};
}

// The corresponding date `months` later, or that month's last day when there is none
// (民法典 Art. 202). Fails beyond year 9999, which no calendar reaches.
Expected<Date> shift_months(Date start, std::int64_t months, bool& clamped) {
    const std::int64_t index =
        static_cast<int>(start.year()) * std::int64_t{12} + static_cast<unsigned>(start.month()) - 1 + months;
    if (index / 12 > kLastRepresentableYear)
        return fail("calendar_range", "a period from " + format_date(start) + " ends beyond year 9999");
    const year_month target{year{static_cast<int>(index / 12)}, month{static_cast<unsigned>(index % 12 + 1)}};
    const day last = (target / std::chrono::last).day();
    clamped = start.day() > last;
    return Date{target / (clamped ? last : start.day())};
}

// The last day before any roll: start + n days, months or years.
Expected<void> plain_end(DateDeadline& out) {
    if (out.period.unit == PeriodUnit::calendar_days) {
        out.unrolled_end = Date{sys_days{out.start} + days{out.period.count}};
        return {};
    }
    const std::int64_t months = out.period.unit == PeriodUnit::years ? out.period.count * 12 : out.period.count;
    auto shifted = shift_months(out.start, months, out.month_end_clamped);
    if (!shifted) return Unexpected<Error>{shifted.error()};
    out.unrolled_end = *shifted;
    return {};
}

// 民诉法 Art. 85 / 民法典 Art. 203: a last day that is a rest day moves to the next working day.
Expected<void> roll_forward(const Calendar& calendar, DateDeadline& out) {
    RunCollector rolled;
    for (auto day = sys_days{out.unrolled_end};; day += days{1}) {
        auto info = calendar.day(Date{day});
        if (!info) return Unexpected<Error>{info.error()};
        if (stops_roll(info->kind, out.policy)) {
            out.end = Date{day};
            out.end_day = *info;
            out.rolled_over = rolled.take();
            return {};
        }
        rolled.add(*info);
    }
}

// A result that runs into a provisional year says so, in both languages.
void mark_provisional(const Calendar& calendar, DateDeadline& out) {
    if (!calendar.is_provisional(out.end)) return;
    out.provisional = true;
    const std::string year = std::to_string(static_cast<int>(out.end.year()));
    out.explanation.zh += "（暂定：" + year + "年节假日安排尚未公布，该年只计周末、未计节假日；公布后须重新计算。）";
    out.explanation.en += " Provisional: the State Council has not yet published the " + year +
                          " holidays, so only weekends were skipped in " + year + "; recompute once it has.";
}

Expected<void> compute(const Calendar& calendar, DateDeadline& out) {
    if (out.period.unit == PeriodUnit::working_days) return count_working_days(calendar, out);
    if (auto ended = plain_end(out); !ended) return ended;
    return roll_forward(calendar, out);
}

}  // namespace

Expected<DateDeadline> add_period(const Calendar& calendar, Date start, Period period, PeriodPolicy policy) {
    if (period.unit == PeriodUnit::hours)
        return fail("period_unit", "a period of hours runs from an instant, not a date: give a time such as " +
                                       format_date(start) + "T09:00:00+08:00");
    if (auto checked = check_count(period); !checked) return Unexpected<Error>{checked.error()};
    DateDeadline out;
    out.start = start;
    out.period = period;
    out.policy = policy;
    if (auto computed = compute(calendar, out); !computed) return Unexpected<Error>{computed.error()};
    out.explanation = explain_added(out);
    mark_provisional(calendar, out);
    return out;
}

Expected<InstantDeadline> add_hours(Instant start, Period period) {
    if (period.unit != PeriodUnit::hours)
        return fail("period_unit", "only a period of hours is added to an instant; got " + format_period_en(period));
    if (auto checked = check_count(period); !checked) return Unexpected<Error>{checked.error()};
    InstantDeadline out{start, period, start + hours{period.count}, {}};
    out.explanation = explain_hours(out);
    return out;
}

Expected<LimitationCheck> within_limitation(const Calendar& calendar, Date start, Date today, Period period,
                                            PeriodPolicy policy) {
    auto deadline = add_period(calendar, start, period, policy);
    if (!deadline) return Unexpected<Error>{deadline.error()};
    const bool within = sys_days{today} <= sys_days{deadline->end};
    return LimitationCheck{within, std::move(*deadline)};
}

Expected<DateDeadline> latest_before(const Calendar& calendar, Date event, Period period) {
    if (period.unit != PeriodUnit::calendar_days)
        return fail("period_unit", "a notice interval before an event is counted in days; got " +
                                       format_period_en(period));
    if (auto checked = check_count(period); !checked) return Unexpected<Error>{checked.error()};
    DateDeadline out;
    out.start = event;
    out.period = period;
    out.end = out.unrolled_end = Date{sys_days{event} - days{period.count}};
    auto info = calendar.day(out.end);
    if (!info) return Unexpected<Error>{info.error()};
    out.end_day = *info;
    out.explanation = explain_latest_before(out);
    return out;
}

}  // namespace wg::rules
