// The official calendar: day kinds from the shipped State Council data, the covered range, and
// the checks Calendar::build makes on data.
#include <doctest/doctest.h>

#include "rules/calendar.hpp"
#include "tests/support/shipped_calendar.hpp"

using namespace wg::rules;
using wg::test::date;
using wg::test::shipped_calendar;

namespace {

DayInfo day_of(const char* text) {
    auto info = shipped_calendar().day(date(text));
    REQUIRE(info);
    return *info;
}

Holiday block(const char* zh, const char* first, const char* last, std::vector<const char*> make_up = {}) {
    Holiday holiday{{zh, zh}, date(first), date(last), {}, {"test.yaml", 1, 1}};
    std::uint32_t line = 2;
    for (const char* day : make_up) holiday.make_up_days.push_back({date(day), {"test.yaml", line++, 5}});
    return holiday;
}

CalendarYear year_of(int year, std::vector<Holiday> holidays = {}) {
    return CalendarYear{year, {}, std::move(holidays), {"cn-" + std::to_string(year) + ".yaml", 1, 1}};
}

}  // namespace

TEST_SUITE("calendar") {

TEST_CASE("an ordinary weekday is a working day and an ordinary Saturday a weekend rest day") {
    CHECK(day_of("2025-09-19").kind == DayKind::working_day);
    CHECK(day_of("2025-09-20").kind == DayKind::weekend);
    CHECK(day_of("2025-09-21").kind == DayKind::weekend);
}

TEST_CASE("a day inside a holiday block is a public holiday carrying the notice's name") {
    const auto info = day_of("2025-10-06");
    CHECK(info.kind == DayKind::public_holiday);
    CHECK(info.name.zh == "国庆节、中秋节");
    CHECK(info.name.en == "National Day and Mid-Autumn Festival");
}

TEST_CASE("a make-up working Saturday is a working day named after the holiday it pays for") {
    const auto info = day_of("2025-10-11");
    CHECK(info.kind == DayKind::make_up_working_day);
    CHECK(is_working(info.kind));
    CHECK(info.name.zh == "国庆节、中秋节");
    CHECK(day_of("2025-09-28").kind == DayKind::make_up_working_day);
}

TEST_CASE("from 2025 Spring Festival eve and 2 May are holidays under the revised holiday rules") {
    CHECK(day_of("2025-01-28").kind == DayKind::public_holiday);  // 除夕, a Tuesday
    CHECK(day_of("2025-01-28").name.zh == "春节");
    CHECK(day_of("2025-05-02").kind == DayKind::public_holiday);  // a Friday
    CHECK(day_of("2024-02-09").kind == DayKind::working_day);     // 2024's eve was still worked
}

TEST_CASE("the 2020 Spring Festival extension turned the 1 February make-up day into a holiday") {
    CHECK(day_of("2020-01-31").kind == DayKind::public_holiday);
    CHECK(day_of("2020-02-01").kind == DayKind::public_holiday);
    CHECK(day_of("2020-02-02").kind == DayKind::public_holiday);
    CHECK(day_of("2020-02-03").kind == DayKind::working_day);
    CHECK(day_of("2020-01-19").kind == DayKind::make_up_working_day);
}

TEST_CASE("2023's New Year's Day holiday began on 31 December 2022 and ended on 2 January") {
    CHECK(day_of("2022-12-31").kind == DayKind::public_holiday);
    CHECK(day_of("2023-01-02").kind == DayKind::public_holiday);
    CHECK(day_of("2023-01-03").kind == DayKind::working_day);
}

TEST_CASE("a holiday 'joined with the weekend' names only its own day a holiday") {
    CHECK(day_of("2023-12-30").kind == DayKind::weekend);
    CHECK(day_of("2024-01-01").kind == DayKind::public_holiday);
    CHECK(day_of("2024-06-08").kind == DayKind::weekend);
    CHECK(day_of("2024-06-10").kind == DayKind::public_holiday);
}

TEST_CASE("the shipped calendar covers 2020 to 2026 and cites a State Council notice for each year") {
    const auto& calendar = shipped_calendar();
    CHECK(calendar.first_year() == 2020);
    CHECK(calendar.last_year() == 2026);
    for (const auto& year : calendar.years()) {
        REQUIRE_FALSE(year.notices.empty());
        CHECK(year.notices.front().document.starts_with("国办发明电〔"));
        CHECK(year.notices.front().title.find(std::to_string(year.year) + "年") != std::string::npos);
    }
    const auto& y2025 = calendar.years()[5];
    REQUIRE(y2025.year == 2025);
    CHECK(y2025.notices.front().document == "国办发明电〔2024〕12号");
    CHECK(format_date(y2025.notices.front().issued) == "2024-11-12");
}

TEST_CASE("a date outside the covered years is an error, never a guess") {
    for (const char* outside : {"2019-12-31", "2027-01-01", "2027-11-10"}) {
        auto info = shipped_calendar().day(date(outside));
        REQUIRE_FALSE(info);
        CHECK(info.error().code == "calendar_range");
        CHECK(info.error().message.find("2020–2026") != std::string::npos);
    }
    CHECK_FALSE(shipped_calendar().covers(date("2027-01-01")));
    CHECK(shipped_calendar().covers(date("2026-12-31")));
}

TEST_CASE("a calendar needs at least one year") {
    auto calendar = Calendar::build({});
    REQUIRE_FALSE(calendar);
    CHECK(calendar.error().code == "calendar_years");
}

TEST_CASE("years with a gap between them are refused at the later year") {
    auto calendar = Calendar::build({year_of(2024), year_of(2026)});
    REQUIRE_FALSE(calendar);
    CHECK(calendar.error().code == "calendar_years");
    CHECK(calendar.error().location.file == "cn-2026.yaml");
    CHECK(calendar.error().message.find("2025") != std::string::npos);
}

TEST_CASE("a year given twice is refused") {
    auto calendar = Calendar::build({year_of(2025), year_of(2025)});
    REQUIRE_FALSE(calendar);
    CHECK(calendar.error().message == "year 2025 is given twice");
}

TEST_CASE("a day declared both holiday and make-up day is refused where it is declared the second time") {
    auto calendar = Calendar::build({year_of(2025, {block("春节", "2025-01-28", "2025-02-04", {"2025-02-01"})})});
    REQUIRE_FALSE(calendar);
    CHECK(calendar.error().code == "calendar_conflict");
    CHECK(calendar.error().location.to_string() == "test.yaml:2:5");
    CHECK(calendar.error().message.find("2025-02-01") != std::string::npos);
}

TEST_CASE("a make-up working day on a weekday is refused") {
    auto calendar = Calendar::build({year_of(2025, {block("劳动节", "2025-05-01", "2025-05-05", {"2025-04-28"})})});
    REQUIRE_FALSE(calendar);
    CHECK(calendar.error().code == "calendar_conflict");
    CHECK(calendar.error().message.find("is a weekday") != std::string::npos);
}

TEST_CASE("a holiday that ends before it starts, or runs for months, is refused as a typo") {
    auto backwards = Calendar::build({year_of(2025, {block("春节", "2025-02-04", "2025-01-28")})});
    REQUIRE_FALSE(backwards);
    CHECK(backwards.error().message.find("ends (2025-01-28) before it starts (2025-02-04)") != std::string::npos);
    auto long_block = Calendar::build({year_of(2025, {block("春节", "2025-01-28", "2025-12-04")})});
    REQUIRE_FALSE(long_block);
    CHECK(long_block.error().message.find("a typo") != std::string::npos);
}

}  // TEST_SUITE
