// The dates of DOMAIN.md §12 acceptance scenarios S1, S2, S10, S12, S14, S19, S21 and S22,
// reproduced from their start dates and periods on the shipped calendar.
#include <doctest/doctest.h>

#include "rules/period.hpp"
#include "tests/support/shipped_calendar.hpp"

using namespace wg::rules;
using wg::test::add;
using wg::test::deadline;

TEST_SUITE("scenario dates") {

TEST_CASE("S1: acceptance by 22 Sep, investigation by 18 Dec, payment order due 27 Oct") {
    CHECK(deadline("2025-09-15", "5 working days") == "2025-09-22");
    auto investigation = add("2025-09-19", "60 working days");
    REQUIRE(investigation);
    CHECK(format_date(investigation->end) == "2025-12-18");
    REQUIRE(investigation->make_up_days_counted.size() == 2);
    CHECK(format_date(investigation->make_up_days_counted[0].date) == "2025-09-28");
    CHECK(format_date(investigation->make_up_days_counted[1].date) == "2025-10-11");
    CHECK(deadline("2025-10-17", "10 days") == "2025-10-27");
}

TEST_CASE("S2: the bank pays by 5 Nov, replenishment due 18 Nov, or 12 Nov counted from the notice") {
    CHECK(deadline("2025-10-29", "5 working days") == "2025-11-05");
    CHECK(deadline("2025-11-04", "10 working days") == "2025-11-18");
    CHECK(deadline("2025-10-29", "10 working days") == "2025-11-12");
}

TEST_CASE("S10: without agreement, arbitration is open after 18 March") {
    CHECK(deadline("2025-03-03", "15 days") == "2025-03-18");
}

TEST_CASE("S12: final award dates: acceptance, service, award, extension, set-aside and suit windows") {
    CHECK(deadline("2025-06-03", "5 days") == "2025-06-09");   // 8 Jun is a Sunday
    CHECK(deadline("2025-06-06", "5 days") == "2025-06-11");
    CHECK(deadline("2025-06-06", "45 days") == "2025-07-21");
    CHECK(deadline("2025-07-21", "15 days") == "2025-08-05");
    CHECK(deadline("2025-07-21", "30 days") == "2025-08-20");
    CHECK(deadline("2025-07-18", "15 days") == "2025-08-04");  // 2 Aug is a Saturday
}

TEST_CASE("S14: suit by 9 Oct, the 2027 enforcement window cannot be computed without the 2027 calendar") {
    CHECK(deadline("2025-09-19", "15 days") == "2025-10-09");
    auto enforcement = add("2025-11-10", "2 years");
    REQUIRE_FALSE(enforcement);
    CHECK(enforcement.error().code == "calendar_range");
    CHECK(enforcement.error().message.starts_with("2027-11-10 is outside the calendar"));
}

TEST_CASE("S19: a correction order of 10 days from 6 Aug is due 18 Aug") {
    CHECK(deadline("2025-08-06", "10 days") == "2025-08-18");  // 16 Aug is a Saturday
}

TEST_CASE("S21(f): the deposit is due 8 Apr past Qingming, the special account 2 Apr") {
    auto deposit = add("2025-03-10", "20 working days");
    REQUIRE(deposit);
    CHECK(format_date(deposit->end) == "2025-04-08");
    CHECK(deposit->explanation.en.find("2025-04-04..2025-04-06 清明节 Qingming Festival holiday") != std::string::npos);
    CHECK(deadline("2025-03-03", "30 days") == "2025-04-02");
}

TEST_CASE("S22: notice to 19 Nov, review by 1 Dec, confirmation by 4 Dec") {
    CHECK(deadline("2025-10-20", "30 days") == "2025-11-19");
    CHECK(deadline("2025-11-24", "5 working days") == "2025-12-01");
    CHECK(deadline("2025-12-01", "3 working days") == "2025-12-04");
}

}  // TEST_SUITE
