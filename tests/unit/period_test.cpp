// Statutory periods: parsing both languages, the §5.6 counting rules on the shipped calendar,
// the make-up-day policy, exact hours, the covered range, and the explanations.
#include <doctest/doctest.h>

#include "rules/period.hpp"
#include "tests/support/shipped_calendar.hpp"

using namespace wg::rules;
using wg::test::add;
using wg::test::date;
using wg::test::deadline;
using wg::test::shipped_calendar;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

constexpr PeriodPolicy kMakeUpDaysRest{MakeUpDayPolicy::rest_day};

}  // namespace

TEST_SUITE("period") {

TEST_CASE("english periods parse in any case, singular or plural") {
    CHECK(*parse_period("5 working days") == Period{5, PeriodUnit::working_days});
    CHECK(*parse_period("1 Working Day") == Period{1, PeriodUnit::working_days});
    CHECK(*parse_period("15 days") == Period{15, PeriodUnit::calendar_days});
    CHECK(*parse_period("  15   calendar days ") == Period{15, PeriodUnit::calendar_days});
    CHECK(*parse_period("2 months") == Period{2, PeriodUnit::months});
    CHECK(*parse_period("1 year") == Period{1, PeriodUnit::years});
    CHECK(*parse_period("24 hours") == Period{24, PeriodUnit::hours});
    CHECK(*parse_period("20WD") == Period{20, PeriodUnit::working_days});
}

TEST_CASE("chinese periods parse as statutes write them") {
    CHECK(*parse_period("5个工作日") == Period{5, PeriodUnit::working_days});
    CHECK(*parse_period("15日") == Period{15, PeriodUnit::calendar_days});
    CHECK(*parse_period("15天") == Period{15, PeriodUnit::calendar_days});
    CHECK(*parse_period("2个月") == Period{2, PeriodUnit::months});
    CHECK(*parse_period("1年") == Period{1, PeriodUnit::years});
    CHECK(*parse_period("24小时") == Period{24, PeriodUnit::hours});
}

TEST_CASE("a period without a count or with an unknown unit is refused with period_format") {
    for (const char* text : {"", "days", "five days", "5 weeks", "5", "2月", "-5 days", "5 days later"}) {
        auto period = parse_period(text);
        REQUIRE_FALSE(period);
        CHECK(period.error().code == "period_format");
    }
}

TEST_CASE("a zero or absurdly large count is refused with period_count") {
    CHECK(parse_period("0 days").error().code == "period_count");
    CHECK(parse_period("100000 days").error().code == "period_count");
}

TEST_CASE("periods print back in both languages") {
    CHECK(format_period_en({5, PeriodUnit::working_days}) == "5 working days");
    CHECK(format_period_en({1, PeriodUnit::calendar_days}) == "1 day");
    CHECK(format_period_zh({5, PeriodUnit::working_days}) == "5个工作日");
    CHECK(format_period_zh({2, PeriodUnit::months}) == "2个月");
    CHECK(*parse_period(format_period_zh({24, PeriodUnit::hours})) == Period{24, PeriodUnit::hours});
}

TEST_CASE("a working-day count skips the weekend and does not count the start day") {
    CHECK(deadline("2025-09-15", "5 working days") == "2025-09-22");
    CHECK(deadline("2025-09-15", "1 working day") == "2025-09-16");
    CHECK(deadline("2025-09-19", "1 working day") == "2025-09-22");
}

TEST_CASE("a working-day count started on a holiday counts from the next working day") {
    CHECK(deadline("2025-10-03", "1 working day") == "2025-10-09");
}

TEST_CASE("a working-day count explains the holiday skipped and the make-up days counted") {
    auto result = add("2025-09-19", "60 working days");
    REQUIRE(result);
    CHECK(format_date(result->end) == "2025-12-18");
    REQUIRE(result->make_up_days_counted.size() == 2);
    const auto& en = result->explanation.en;
    CHECK(contains(en, "2025-09-19 + 60 working days = 2025-12-18 (Thursday)."));
    CHECK(contains(en, "2025-10-01..2025-10-08 国庆节、中秋节 National Day and Mid-Autumn Festival holiday"));
    CHECK(contains(en, "; 22 weekend days."));
    CHECK(contains(en, "Counted: 2025-09-28, 2025-10-11 make-up working days (国庆节、中秋节"));
    CHECK(contains(en, "Rule: working days (工作日) exclude weekends and public holidays"));
    const auto& zh = result->explanation.zh;
    CHECK(contains(zh, "不计：2025-10-01至2025-10-08 国庆节、中秋节假期；周末共22天。"));
    CHECK(contains(zh, "计入调休上班日：2025-09-28、2025-10-11（国庆节、中秋节）"));
}

TEST_CASE("a short working-day count lists its weekend by date") {
    auto result = add("2025-09-15", "5 working days");
    REQUIRE(result);
    CHECK(contains(result->explanation.en, "Skipped: 2025-09-20..2025-09-21 weekend."));
    CHECK(contains(result->explanation.zh, "不计：2025-09-20至2025-09-21 周末。"));
}

TEST_CASE("a calendar-day period ending on a working day does not move") {
    auto result = add("2025-03-03", "30 days");
    REQUIRE(result);
    CHECK(format_date(result->end) == "2025-04-02");
    CHECK(result->rolled_over.empty());
    CHECK(contains(result->explanation.en, "(Wednesday), a working day: no roll."));
}

TEST_CASE("a calendar-day period ending on a holiday rolls to the first working day after it") {
    auto result = add("2025-09-19", "15 days");
    REQUIRE(result);
    CHECK(format_date(result->unrolled_end) == "2025-10-04");
    CHECK(format_date(result->end) == "2025-10-09");
    REQUIRE(result->rolled_over.size() == 1);
    CHECK(format_date(result->rolled_over[0].first) == "2025-10-04");
    CHECK(format_date(result->rolled_over[0].last) == "2025-10-08");
    CHECK(contains(result->explanation.en,
                   "2025-09-19 + 15 days = 2025-10-04, a rest day; rolled over 2025-10-04..2025-10-08 "
                   "国庆节、中秋节 National Day and Mid-Autumn Festival holiday to the next working day: 2025-10-09 "
                   "(Thursday)."));
    CHECK(contains(result->explanation.en, "Civil Procedure Law Art. 85 and Civil Code Arts. 201–203"));
    CHECK(contains(result->explanation.zh, "《民事诉讼法》第85条、《民法典》第201条至第203条"));
}

TEST_CASE("a calendar-day period ending on a plain Sunday rolls to Monday") {
    CHECK(deadline("2025-06-03", "5 days") == "2025-06-09");
}

TEST_CASE("a period ending on a make-up working Saturday does not roll under the default policy") {
    auto result = add("2025-09-26", "15 days");
    REQUIRE(result);
    CHECK(format_date(result->end) == "2025-10-11");
    CHECK(result->end_day.kind == DayKind::make_up_working_day);
    CHECK(contains(result->explanation.en, "a make-up working day (国庆节、中秋节 National Day and Mid-Autumn "
                                           "Festival): it counts as a working day, so the period does not roll"));
}

TEST_CASE("the make-up-days-as-rest policy rolls a period off a make-up Saturday") {
    auto result = add("2025-09-26", "15 days", kMakeUpDaysRest);
    REQUIRE(result);
    CHECK(format_date(result->end) == "2025-10-13");
    CHECK(contains(result->explanation.en, "2025-10-11..2025-10-12 weekend and make-up working day treated as rest"));
}

TEST_CASE("working-day counts include make-up days whatever the roll policy") {
    CHECK(deadline("2025-01-20", "10 working days", kMakeUpDaysRest) == "2025-02-08");
}

TEST_CASE("a month period ends on the corresponding date, or the month's last day when there is none") {
    CHECK(deadline("2025-01-15", "1 month") == "2025-02-17");  // 15 Feb is a Saturday: rolls
    CHECK(deadline("2025-03-31", "1 month") == "2025-04-30");
    CHECK(deadline("2024-01-31", "1 month") == "2024-02-29");
    CHECK(deadline("2024-02-29", "1 year") == "2025-02-28");
    auto clamped = add("2025-03-31", "1 month");
    REQUIRE(clamped);
    CHECK(clamped->month_end_clamped);
    CHECK(contains(clamped->explanation.en, "The month of expiry has no corresponding date, so its last day was taken."));
    CHECK(contains(clamped->explanation.en, "Civil Code Art. 202"));
}

TEST_CASE("hours are added exactly, across holidays, and explained in China Standard Time") {
    auto start = parse_instant("2025-09-30T10:00:00+08:00");
    REQUIRE(start);
    auto result = add_hours(*start, Period{24, PeriodUnit::hours});
    REQUIRE(result);
    CHECK(format_instant(result->end) == "2025-10-01T02:00:00.000Z");
    CHECK(contains(result->explanation.en, "(2025-10-01 10:00 China Standard Time)"));
    CHECK(contains(result->explanation.zh, "至2025-10-01 10:00（北京时间）届满"));
    CHECK(contains(result->explanation.en, "Civil Code Art. 201(2)"));
}

TEST_CASE("hours cannot be added to a date, nor days to an instant") {
    auto on_date = add_period(shipped_calendar(), date("2025-09-30"), Period{24, PeriodUnit::hours});
    REQUIRE_FALSE(on_date);
    CHECK(on_date.error().code == "period_unit");
    auto on_instant = add_hours(*parse_instant("2025-09-30T10:00:00+08:00"), Period{3, PeriodUnit::calendar_days});
    REQUIRE_FALSE(on_instant);
    CHECK(on_instant.error().code == "period_unit");
}

TEST_CASE("a period built in code with a count below one is refused") {
    auto result = add_period(shipped_calendar(), date("2025-09-30"), Period{0, PeriodUnit::calendar_days});
    REQUIRE_FALSE(result);
    CHECK(result.error().code == "period_count");
}

TEST_CASE("a period whose deciding days lie beyond the calendar is a calendar_range error") {
    CHECK(deadline("2026-12-24", "10 working days") == "error: calendar_range");
    CHECK(deadline("2026-12-20", "15 days") == "error: calendar_range");
    CHECK(deadline("2025-11-10", "2 years") == "error: calendar_range");
    auto result = add("2026-12-24", "10 working days");
    CHECK(contains(result.error().message, "2027-01-01 is outside the calendar"));
}

TEST_CASE("a period may start before the calendar when every day it counts is covered") {
    CHECK(deadline("2019-12-25", "15 days") == "2020-01-09");
    CHECK(deadline("2019-12-31", "1 working day") == "2020-01-02");
    CHECK(deadline("2019-12-20", "10 working days") == "error: calendar_range");
}

TEST_CASE("a look-back limit still holds on its last day and not the day after") {
    const auto& calendar = shipped_calendar();
    const Period two_years{2, PeriodUnit::years};
    auto on_last_day = within_limitation(calendar, date("2023-10-04"), date("2025-10-09"), two_years);
    REQUIRE(on_last_day);
    CHECK(on_last_day->within);
    CHECK(format_date(on_last_day->deadline.end) == "2025-10-09");
    auto day_after = within_limitation(calendar, date("2023-10-04"), date("2025-10-10"), two_years);
    REQUIRE(day_after);
    CHECK_FALSE(day_after->within);
}

TEST_CASE("the latest day of notice before an event is not rolled and says when it is a rest day") {
    auto result = latest_before(shipped_calendar(), date("2025-10-09"), Period{5, PeriodUnit::calendar_days});
    REQUIRE(result);
    CHECK(format_date(result->end) == "2025-10-04");
    CHECK(contains(result->explanation.en, "a rest day (国庆节、中秋节 National Day and Mid-Autumn Festival holiday)"));
    CHECK(contains(result->explanation.zh, "没有规则使其顺延"));
    auto months = latest_before(shipped_calendar(), date("2025-10-09"), Period{1, PeriodUnit::months});
    REQUIRE_FALSE(months);
    CHECK(months.error().code == "period_unit");
}

}  // TEST_SUITE
