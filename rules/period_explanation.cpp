// Writes the Chinese and English accounts of computed deadlines. Weekends are summarised when
// there are many, so that a 60-working-day count still reads in one breath; holidays and
// make-up days are always named.
#include "rules/period_explanation.hpp"

#include "rules/join.hpp"

#include <array>

namespace wg::rules {
namespace {

using namespace std::chrono;

// Up to this many plain weekends are listed by date; more are summarised as a count.
constexpr std::size_t kWeekendsListed = 2;

constexpr std::array<const char*, 7> kWeekdayEn{"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                "Thursday", "Friday", "Saturday"};
constexpr std::array<const char*, 7> kWeekdayZh{"星期日", "星期一", "星期二", "星期三",
                                                "星期四", "星期五", "星期六"};

std::string weekday_en(Date date) { return kWeekdayEn[weekday{sys_days{date}}.c_encoding()]; }
std::string weekday_zh(Date date) { return kWeekdayZh[weekday{sys_days{date}}.c_encoding()]; }

std::string span_en(Date first, Date last) {
    return first == last ? format_date(first) : format_date(first) + ".." + format_date(last);
}

std::string span_zh(Date first, Date last) {
    return first == last ? format_date(first) : format_date(first) + "至" + format_date(last);
}

std::string holidays_en(const std::vector<HolidayName>& names) {
    std::vector<std::string> parts;
    for (const auto& name : names) parts.push_back(name.zh + " " + name.en);
    return join(parts, " and ") + " holiday";
}

std::string holidays_zh(const std::vector<HolidayName>& names) {
    std::vector<std::string> parts;
    for (const auto& name : names) parts.push_back(name.zh);
    return join(parts, "、") + "假期";
}

std::string run_en(const RestRun& run) {
    std::vector<std::string> parts;
    if (run.weekend) parts.push_back("weekend");
    if (run.make_up_as_rest) parts.push_back("make-up working day treated as rest (policy)");
    if (!run.holidays.empty()) parts.push_back(holidays_en(run.holidays));
    return span_en(run.first, run.last) + " " + join(parts, " and ");
}

std::string run_zh(const RestRun& run) {
    std::vector<std::string> parts;
    if (run.weekend) parts.push_back("周末");
    if (run.make_up_as_rest) parts.push_back("调休上班日（按政策视为休息日）");
    if (!run.holidays.empty()) parts.push_back(holidays_zh(run.holidays));
    return span_zh(run.first, run.last) + " " + join(parts, "及");
}

bool plain_weekend(const RestRun& run) {
    return run.weekend && !run.make_up_as_rest && run.holidays.empty();
}

std::int64_t length(const RestRun& run) {
    return (sys_days{run.last} - sys_days{run.first}).count() + 1;
}

// The runs as phrases, in date order; plain weekends beyond kWeekendsListed become one count.
Explanation describe_runs(const std::vector<RestRun>& runs) {
    std::size_t weekends = 0;
    std::int64_t weekend_days = 0;
    for (const auto& run : runs) {
        if (!plain_weekend(run)) continue;
        ++weekends;
        weekend_days += length(run);
    }
    const bool summarise = weekends > kWeekendsListed;
    std::vector<std::string> zh, en;
    for (const auto& run : runs) {
        if (summarise && plain_weekend(run)) continue;
        zh.push_back(run_zh(run));
        en.push_back(run_en(run));
    }
    if (summarise) {
        zh.push_back("周末共" + std::to_string(weekend_days) + "天");
        en.push_back(std::to_string(weekend_days) + " weekend days");
    }
    return {join(zh, "；"), join(en, "; ")};
}

// "2025-09-28、2025-10-11（国庆节、中秋节）" and its English form; names each once.
Explanation describe_make_up_days(const std::vector<DayInfo>& days_counted) {
    std::vector<std::string> dates_zh, dates_en;
    std::vector<HolidayName> names;
    for (const auto& day : days_counted) {
        dates_zh.push_back(format_date(day.date));
        dates_en.push_back(format_date(day.date));
        if (names.empty() || !(names.back() == day.name)) names.push_back(day.name);
    }
    std::vector<std::string> names_zh, names_en;
    for (const auto& name : names) {
        names_zh.push_back(name.zh);
        names_en.push_back(name.zh + " " + name.en);
    }
    const std::string noun = days_counted.size() == 1 ? " make-up working day (" : " make-up working days (";
    return {join(dates_zh, "、") + "（" + join(names_zh, "；") + "）",
            join(dates_en, ", ") + noun + join(names_en, "; ") + ")"};
}

Explanation explain_working_days(const DateDeadline& d) {
    const std::string start = format_date(d.start);
    const std::string end = format_date(d.end);
    std::string zh = start + "起算" + format_period_zh(d.period) + "（起算当日不计入），截止" + end + "（" +
                     weekday_zh(d.end) + "）。";
    std::string en = start + " + " + format_period_en(d.period) + " = " + end + " (" + weekday_en(d.end) + ").";
    const Explanation runs = describe_runs(d.skipped);
    zh += d.skipped.empty() ? "期间内无休息日。" : "不计：" + runs.zh + "。";
    en += d.skipped.empty() ? " No rest day fell in between." : " Skipped: " + runs.en + ".";
    if (!d.make_up_days_counted.empty()) {
        const Explanation made_up = describe_make_up_days(d.make_up_days_counted);
        zh += "计入调休上班日：" + made_up.zh + "。";
        en += " Counted: " + made_up.en + ".";
    }
    zh += "规则：工作日不含周末和法定节假日，含调休上班日。";
    en += " Rule: working days (工作日) exclude weekends and public holidays and include make-up working "
          "days (调休上班日); the start day is not counted.";
    return {zh, en};
}

// What happened at the end: a roll over rest days, a make-up day that stops it, or nothing.
Explanation explain_end(const DateDeadline& d) {
    const std::string end = format_date(d.end);
    if (!d.rolled_over.empty()) {
        const Explanation runs = describe_runs(d.rolled_over);
        return {"，系休息日；顺延跳过" + runs.zh + "，至其后第一个工作日" + end + "（" + weekday_zh(d.end) + "）。",
                ", a rest day; rolled over " + runs.en + " to the next working day: " + end + " (" +
                    weekday_en(d.end) + ")."};
    }
    if (d.end_day.kind == DayKind::make_up_working_day)
        return {"（" + weekday_zh(d.end) + "），系调休上班日（" + d.end_day.name.zh +
                    "），按工作日处理，不顺延（政策选项：调休上班日视为工作日）。",
                " (" + weekday_en(d.end) + "), a make-up working day (" + d.end_day.name.zh + " " +
                    d.end_day.name.en + "): it counts as a working day, so the period does not roll "
                    "(policy option: make-up days as working days)."};
    return {"（" + weekday_zh(d.end) + "），系工作日，无需顺延。",
            " (" + weekday_en(d.end) + "), a working day: no roll."};
}

Explanation explain_calendar_period(const DateDeadline& d) {
    const std::string start = format_date(d.start);
    const std::string last = format_date(d.unrolled_end);
    std::string zh = start + "起算" + format_period_zh(d.period) + "（起算当日不计入），届满日为" + last;
    std::string en = start + " + " + format_period_en(d.period) + " = " + last;
    const Explanation end = explain_end(d);
    zh += end.zh;
    en += end.en;
    if (d.month_end_clamped) {
        zh += "到期月无对应日，取该月末日。";
        en += " The month of expiry has no corresponding date, so its last day was taken.";
    }
    zh += "规则：《民事诉讼法》第85条、《民法典》第201条至第203条：开始的当日不计入；期间最后一日是法定休假日"
          "（周末或节假日）的，以其后第一个工作日为期间届满日。";
    en += " Rule: Civil Procedure Law Art. 85 and Civil Code Arts. 201–203: the start day is not counted; when "
          "the last day is a statutory rest day (weekend or public holiday) the period ends on the first working "
          "day after it.";
    if (d.period.unit == PeriodUnit::months || d.period.unit == PeriodUnit::years) {
        zh += "按月、年计算的，到期月的对应日为最后一日；没有对应日的，以月末日为最后一日（《民法典》第202条）。";
        en += " A month or year period ends on the corresponding date, or on the month's last day when there "
              "is none (Civil Code Art. 202).";
    }
    return {zh, en};
}

Explanation describe_day(const DayInfo& day) {
    switch (day.kind) {
        case DayKind::weekend: return {"周末", "weekend"};
        case DayKind::public_holiday: return {holidays_zh({day.name}), holidays_en({day.name})};
        case DayKind::make_up_working_day:
            return {"调休上班日（" + day.name.zh + "）", "make-up working day (" + day.name.zh + " " + day.name.en + ")"};
        case DayKind::working_day: break;
    }
    return {"工作日", "working day"};
}

// 2025-10-01T02:00:00.000Z → "2025-10-01 10:00", the wall-clock time in China Standard Time.
std::string china_time(Instant instant) {
    std::string text = format_instant(instant + hours{8});
    text[10] = ' ';
    return text.substr(0, 16);
}

}  // namespace

Explanation explain_added(const DateDeadline& deadline) {
    if (deadline.period.unit == PeriodUnit::working_days) return explain_working_days(deadline);
    return explain_calendar_period(deadline);
}

Explanation explain_latest_before(const DateDeadline& d) {
    const std::string event = format_date(d.start);
    const std::string last = format_date(d.end);
    const Explanation day = describe_day(d.end_day);
    const bool rest = !is_working(d.end_day.kind);
    std::string zh = "须于" + event + "前至少" + format_period_zh(d.period) + "：最迟" + last + "（" + weekday_zh(d.end) + "），";
    std::string en = "At least " + format_period_en(d.period) + " before " + event + ": " + last + " (" +
                     weekday_en(d.end) + ") at the latest, ";
    zh += rest ? "系休息日（" + day.zh + "），没有规则使其顺延，应于当日或之前完成。" : "系" + day.zh + "。";
    en += rest ? "a rest day (" + day.en + "); no rule moves it, so act on or before it." : "a " + day.en + ".";
    zh += "规则：通知当日不计入（《民事诉讼法》第85条）；休息日顺延适用于期间届满，不适用于事件之前的最短间隔（待法律顾问确认）。";
    en += " Rule: the day of notice is not counted (Civil Procedure Law Art. 85); the rest-day roll extends "
          "periods that end on rest days and does not apply to a minimum interval before an event (a question "
          "for counsel).";
    return {zh, en};
}

Explanation explain_hours(const InstantDeadline& d) {
    const std::string period_zh = format_period_zh(d.period);
    return {"自" + china_time(d.start) + "（北京时间）起" + period_zh + "，至" + china_time(d.end) +
                "（北京时间）届满。规则：《民法典》第201条第2款：按照小时计算期间的，自规定的时间开始计算，精确计算，"
                "不受周末和节假日影响。",
            format_instant(d.start) + " + " + format_period_en(d.period) + " = " + format_instant(d.end) + " (" +
                china_time(d.end) + " China Standard Time). Rule: Civil Code Art. 201(2): a period in hours runs "
                "from the stated moment and is counted exactly; weekends and holidays do not matter."};
}

}  // namespace wg::rules
