// DOMAIN.md §9: each row with a fixed period, on real dates that cross a weekend or a holiday.
// Rows without a fixed period (D11, D13–D16, D40: cadences, retention floors and accrual
// windows) are not deadlines of this kind and have no test here. Expected dates were counted by
// hand on the 2025/2026 State Council schedules; the comments show the count.
#include <doctest/doctest.h>

#include "rules/period.hpp"
#include "tests/support/shipped_calendar.hpp"

using namespace wg::rules;
using wg::test::date;
using wg::test::deadline;
using wg::test::shipped_calendar;

namespace {

constexpr PeriodPolicy kMakeUpDaysRest{MakeUpDayPolicy::rest_day};

bool within(const char* start, const char* today, Period period) {
    auto check = within_limitation(shipped_calendar(), date(start), date(today), period);
    REQUIRE(check);
    return check->within;
}

}  // namespace

TEST_SUITE("deadline table") {

TEST_CASE("D1: acceptance within 5 working days counts the make-up Sunday and skips National Day") {
    // Fri 26 Sep: 28 Sep (make-up) 1, 29–30 Sep 2–3, 1–8 Oct off, 9–10 Oct 4–5.
    CHECK(deadline("2025-09-26", "5 working days") == "2025-10-10");
}

TEST_CASE("D2: the 60-working-day investigation extended by 30 ends where 90 from filing ends") {
    CHECK(deadline("2025-09-19", "60 working days") == "2025-12-18");
    // 19–31 Dec 9, 1–3 Jan 2026 off, 4 Jan (make-up) 10, then four weeks to 30 Jan.
    CHECK(deadline("2025-12-18", "30 working days") == "2026-01-30");
    CHECK(deadline("2025-09-19", "90 working days") == "2026-01-30");
}

TEST_CASE("D3: the 2-year inspection look-back ending on a holiday runs to the next working day") {
    CHECK(deadline("2023-10-04", "2 years") == "2025-10-09");
    CHECK(within("2023-10-04", "2025-10-09", {2, PeriodUnit::years}));
    CHECK_FALSE(within("2023-10-04", "2025-10-10", {2, PeriodUnit::years}));
}

TEST_CASE("D4: a set payment period of 10 days ending in the National Day holiday rolls") {
    CHECK(deadline("2025-10-17", "10 days") == "2025-10-27");
    CHECK(deadline("2025-09-24", "10 days") == "2025-10-09");
}

TEST_CASE("D5: the 5-day hearing request after a penalty notice rolls past Labour Day") {
    CHECK(deadline("2025-04-29", "5 days") == "2025-05-06");
}

TEST_CASE("D6: a 90-day penalty decision ending on 2 October rolls to 9 October") {
    CHECK(deadline("2025-07-04", "90 days") == "2025-10-09");
}

TEST_CASE("D7: 60 days for reconsideration and 6 months for suit, the latter ending on a make-up Saturday") {
    CHECK(deadline("2025-08-02", "60 days") == "2025-10-09");
    // 31 Aug + 6 months: no 31 Feb, so 28 Feb 2026, a make-up working Saturday.
    CHECK(deadline("2025-08-31", "6 months") == "2026-02-28");
    CHECK(deadline("2025-08-31", "6 months", kMakeUpDaysRest) == "2026-03-02");
}

TEST_CASE("D8: 10 days after the reminder and 3 months to apply for enforcement both roll") {
    CHECK(deadline("2025-01-21", "10 days") == "2025-02-05");
    CHECK(deadline("2025-07-01", "3 months") == "2025-10-09");
}

TEST_CASE("D9: the 3-day transfer steps roll past holidays, the 24 hours do not") {
    CHECK(deadline("2025-09-30", "3 days") == "2025-10-09");
    CHECK(deadline("2025-04-30", "3 days") == "2025-05-06");
    CHECK(deadline("2025-01-29", "3 days") == "2025-02-05");
    auto approved = parse_instant("2025-09-30T16:00:00+08:00");
    REQUIRE(approved);
    auto transfer = add_hours(*approved, {24, PeriodUnit::hours});
    REQUIRE(transfer);
    CHECK(format_instant(transfer->end) == "2025-10-01T08:00:00.000Z");
}

TEST_CASE("D10: a 3-year blacklist and the 6-month floor for early removal end on working days") {
    CHECK(deadline("2022-10-01", "3 years") == "2025-10-09");
    CHECK(deadline("2025-11-30", "6 months") == "2026-06-01");  // 30 May 2026 is a Saturday
}

TEST_CASE("D12: the special account opened 30 days after the contract rolls past National Day") {
    CHECK(deadline("2025-09-01", "30 days") == "2025-10-09");
}

TEST_CASE("D17: a 30-day closure notice ending on Labour Day rolls to 6 May") {
    CHECK(deadline("2025-04-01", "30 days") == "2025-05-06");
}

TEST_CASE("D18: the deposit is lodged within 20 working days, both make-up days counted") {
    // 22–26 Sep 5, 28 Sep 6, 29–30 Sep 8, 9–10 Oct 10, 11 Oct 11, 13–17 Oct 16, 20–23 Oct 20.
    CHECK(deadline("2025-09-19", "20 working days") == "2025-10-23");
}

TEST_CASE("D19: the bank pays from the deposit within 5 working days across Labour Day") {
    // 30 Apr 1, 1–5 May off, 6–9 May 2–5.
    CHECK(deadline("2025-04-29", "5 working days") == "2025-05-09");
}

TEST_CASE("D20: replenishment within 10 working days can end on a make-up Saturday") {
    // 21–24 Jan 4, 26 Jan (make-up) 5, 27 Jan 6, 28 Jan–4 Feb off, 5–7 Feb 9, 8 Feb (make-up) 10.
    CHECK(deadline("2025-01-20", "10 working days") == "2025-02-08");
}

TEST_CASE("D21: deposit return: 30-day notice, 5 working days' review, 3 working days' confirmation") {
    CHECK(deadline("2025-01-01", "30 days") == "2025-02-05");
    CHECK(deadline("2025-09-24", "5 working days") == "2025-09-30");  // counts Sunday 28 Sep
    CHECK(deadline("2025-09-30", "3 working days") == "2025-10-11");  // ends on make-up Saturday
}

TEST_CASE("D22: mediation without agreement for 15 days ending in Spring Festival rolls") {
    CHECK(deadline("2025-01-17", "15 days") == "2025-02-05");
}

TEST_CASE("D23: 15 days to apply for arbitral review of a mediation agreement rolls past Labour Day") {
    CHECK(deadline("2025-04-16", "15 days") == "2025-05-06");
}

TEST_CASE("D24: judicial confirmation within 30 days, court decision within 15 plus 10") {
    CHECK(deadline("2025-04-04", "30 days") == "2025-05-06");
    CHECK(deadline("2025-05-16", "15 days") == "2025-06-03");  // 31 May–2 Jun Dragon Boat
    CHECK(deadline("2025-05-06", "15 days") == "2025-05-21");
    CHECK(deadline("2025-05-21", "10 days") == "2025-06-03");
    CHECK(deadline("2025-05-06", "25 days") == "2025-06-03");
}

TEST_CASE("D25: the 1-year arbitration limitation ending on National Day holds until 9 October") {
    CHECK(deadline("2024-10-01", "1 year") == "2025-10-09");
    CHECK(within("2024-10-01", "2025-10-09", {1, PeriodUnit::years}));
    CHECK_FALSE(within("2024-10-01", "2025-10-10", {1, PeriodUnit::years}));
}

TEST_CASE("D26: the 5-day acceptance decision rolls off a Sunday and off National Day") {
    CHECK(deadline("2025-06-03", "5 days") == "2025-06-09");
    CHECK(deadline("2025-09-29", "5 days") == "2025-10-09");
}

TEST_CASE("D27: service 5 days, defence 10 days, service of the defence 5 days") {
    CHECK(deadline("2025-06-06", "5 days") == "2025-06-11");
    CHECK(deadline("2025-09-24", "10 days") == "2025-10-09");
    CHECK(deadline("2025-04-28", "5 days") == "2025-05-06");
}

TEST_CASE("D28: notice of the tribunal within 5 days rolls past Spring Festival") {
    CHECK(deadline("2025-01-24", "5 days") == "2025-02-05");
}

TEST_CASE("D29: hearing notice at least 5 days and postponement at least 3 days before, never rolled") {
    const auto& calendar = shipped_calendar();
    auto notice = latest_before(calendar, date("2025-10-09"), {5, PeriodUnit::calendar_days});
    REQUIRE(notice);
    CHECK(format_date(notice->end) == "2025-10-04");
    auto postponement = latest_before(calendar, date("2025-10-09"), {3, PeriodUnit::calendar_days});
    REQUIRE(postponement);
    CHECK(format_date(postponement->end) == "2025-10-06");
}

TEST_CASE("D30: the award within 45 days, extendable by 15, rolls past National Day") {
    CHECK(deadline("2025-06-06", "45 days") == "2025-07-21");
    CHECK(deadline("2025-07-21", "15 days") == "2025-08-05");
    CHECK(deadline("2025-08-18", "45 days") == "2025-10-09");
}

TEST_CASE("D31: the worker's 15 days roll off a weekend, the employer's 30 days off a holiday") {
    CHECK(deadline("2025-07-18", "15 days") == "2025-08-04");
    CHECK(deadline("2025-07-21", "30 days") == "2025-08-20");
    CHECK(deadline("2025-09-04", "30 days") == "2025-10-09");
}

TEST_CASE("D32: suit within 15 days of a non-final award rolls past National Day") {
    CHECK(deadline("2025-09-19", "15 days") == "2025-10-09");
}

TEST_CASE("D33: suit within 15 days of a set-aside ruling rolls past Spring Festival") {
    CHECK(deadline("2025-01-14", "15 days") == "2025-02-05");
}

TEST_CASE("D34: payment order: notice 5 days, issue 15 days, debtor 15 days ending on a make-up Sunday") {
    CHECK(deadline("2025-09-26", "5 days") == "2025-10-09");
    CHECK(deadline("2025-05-17", "15 days") == "2025-06-03");
    CHECK(deadline("2025-12-20", "15 days") == "2026-01-04");
    CHECK(deadline("2025-12-20", "15 days", kMakeUpDaysRest) == "2026-01-05");
}

TEST_CASE("D35: the court's 7-day filing decision rolls past Spring Festival") {
    CHECK(deadline("2025-01-24", "7 days") == "2025-02-05");
}

TEST_CASE("D36: trial periods in months end on the corresponding date, month end, then roll") {
    CHECK(deadline("2025-08-04", "2 months") == "2025-10-09");   // small claims
    CHECK(deadline("2025-07-15", "2 months") == "2025-09-15");
    CHECK(deadline("2025-09-15", "1 month") == "2025-10-15");    // its extension
    CHECK(deadline("2025-07-15", "3 months") == "2025-10-15");
    CHECK(deadline("2025-10-31", "3 months") == "2026-02-02");   // summary: 31 Jan 2026 is a Saturday
    CHECK(deadline("2025-08-15", "6 months") == "2026-02-24");   // ordinary: 15–23 Feb Spring Festival
    CHECK(deadline("2025-11-01", "3 months") == "2026-02-02");   // second instance
}

TEST_CASE("D37: appeal within 15 days of a judgment and 10 days of a ruling") {
    CHECK(deadline("2025-01-13", "15 days") == "2025-02-05");
    CHECK(deadline("2025-09-24", "10 days") == "2025-10-09");
}

TEST_CASE("D38: the 2-year enforcement application ending on National Day 2026 rolls to 8 October") {
    CHECK(deadline("2024-10-01", "2 years") == "2026-10-08");
}

TEST_CASE("D39: legal aid decided within 7 days and a lawyer assigned within 3") {
    CHECK(deadline("2025-09-27", "7 days") == "2025-10-09");
    CHECK(deadline("2025-05-29", "3 days") == "2025-06-03");
}

}  // TEST_SUITE
