// Legal dates and instants: strict parsing, printing, and the China Standard Time date.
#include <doctest/doctest.h>

#include "rules/date.hpp"

using namespace wg::rules;

TEST_CASE("a strict ISO date parses and prints back unchanged") {
    auto date = parse_date("2025-09-15");
    REQUIRE(date);
    CHECK(format_date(*date) == "2025-09-15");
}

TEST_CASE("a date that is not a real day is refused with code date") {
    auto date = parse_date("1949-02-30");
    REQUIRE_FALSE(date);
    CHECK(date.error().code == "date");
}

TEST_CASE("a malformed date is refused with code format") {
    for (const char* text : {"2025-9-15", "20250915", "2025-09-15x", "", "abcd-ef-gh"}) {
        auto date = parse_date(text);
        REQUIRE_FALSE(date);
        CHECK(date.error().code == "format");
    }
}

TEST_CASE("an instant keeps its offset and prints in UTC") {
    auto instant = parse_instant("2025-09-15T09:30:00+08:00");
    REQUIRE(instant);
    CHECK(format_instant(*instant) == "2025-09-15T01:30:00.000Z");
}

TEST_CASE("a complaint filed at 23:30 Friday in Guangzhou falls on that Friday") {
    auto instant = parse_instant("2025-09-19T15:30:00Z");  // 23:30 in UTC+8
    REQUIRE(instant);
    CHECK(format_date(legal_date(*instant)) == "2025-09-19");
    auto after_midnight = parse_instant("2025-09-19T16:00:00Z");  // 00:00 Saturday in UTC+8
    REQUIRE(after_midnight);
    CHECK(format_date(legal_date(*after_midnight)) == "2025-09-20");
}

TEST_CASE("an instant without a zone is refused") {
    auto instant = parse_instant("2025-09-15T09:30:00");
    REQUIRE_FALSE(instant);
    CHECK(instant.error().code == "format");
}
