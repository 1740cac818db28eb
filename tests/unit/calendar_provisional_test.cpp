// Provisional years: deadlines reaching past the last published holiday notice are computed on
// weekends only and say so; nothing else changes.
#include <doctest/doctest.h>

#include "rules/period.hpp"
#include "tests/support/shipped_calendar.hpp"

using namespace wg::rules;
using wg::test::date;
using wg::test::period;
using wg::test::shipped_calendar;

namespace {

Calendar with_2027() {
    std::vector<CalendarYear> years = shipped_calendar().years();
    years.push_back(provisional_year(2027));
    auto built = Calendar::build(std::move(years));
    REQUIRE(built);
    return *built;
}

}  // namespace

TEST_SUITE("provisional calendar") {

TEST_CASE("a period into an unpublished year is computed on weekends and marked provisional") {
    const Calendar calendar = with_2027();
    CHECK(calendar.last_published_year() == 2026);
    auto deadline = add_period(calendar, date("2026-11-30"), period("60 working days"));
    REQUIRE(deadline);
    CHECK(deadline->provisional);
    // December 2026 has no holiday; 2027 counts weekends only, so New Year 2027 is not skipped
    CHECK(format_date(deadline->end) == "2027-02-22");
    CHECK(deadline->explanation.en.find("Provisional: the State Council has not yet published the 2027") !=
          std::string::npos);
    CHECK(deadline->explanation.zh.find("暂定") != std::string::npos);
}

TEST_CASE("a period inside published years is not provisional even when provisional years exist") {
    auto deadline = add_period(with_2027(), date("2025-09-15"), period("5 working days"));
    REQUIRE(deadline);
    CHECK_FALSE(deadline->provisional);
    CHECK(deadline->explanation.en.find("Provisional") == std::string::npos);
}

TEST_CASE("without provisional years the same period is an error, never a guess") {
    auto deadline = add_period(shipped_calendar(), date("2026-11-30"), period("60 working days"));
    REQUIRE_FALSE(deadline);
    CHECK(deadline.error().code == "calendar_range");
}

}
