// Calendar YAML files: what a well-formed file yields, and that each mistake is reported at
// file:line:col.
#include <doctest/doctest.h>

#include "rules/calendar_loader.hpp"

using namespace wg::rules;

namespace {

constexpr const char* kYear2025 = R"(year: 2025
notices:
  - title: 国务院办公厅关于2025年部分节假日安排的通知
    document: 国办发明电〔2024〕12号
    issued: 2024-11-12
holidays:
  - zh: 国庆节、中秋节
    en: National Day and Mid-Autumn Festival
    from: 2025-10-01
    to: 2025-10-08
    make_up_working_days: [2025-09-28, 2025-10-11]
)";

std::string first_error(const char* text) {
    auto loaded = load_calendar_year(text, "cn-2025.yaml");
    REQUIRE_FALSE(loaded);
    return loaded.error().front().to_string();
}

}  // namespace

TEST_SUITE("calendar loader") {

TEST_CASE("a well-formed year file yields its notice, holidays and make-up days") {
    auto loaded = load_calendar_year(kYear2025, "cn-2025.yaml");
    REQUIRE(loaded);
    CHECK(loaded->year == 2025);
    REQUIRE(loaded->notices.size() == 1);
    CHECK(loaded->notices[0].document == "国办发明电〔2024〕12号");
    CHECK(format_date(loaded->notices[0].issued) == "2024-11-12");
    REQUIRE(loaded->holidays.size() == 1);
    const Holiday& holiday = loaded->holidays[0];
    CHECK(holiday.name.en == "National Day and Mid-Autumn Festival");
    CHECK(format_date(holiday.first) == "2025-10-01");
    CHECK(format_date(holiday.last) == "2025-10-08");
    REQUIRE(holiday.make_up_days.size() == 2);
    CHECK(holiday.make_up_days[1].where.to_string() == "cn-2025.yaml:11:40");
    CHECK(holiday.where.to_string() == "cn-2025.yaml:7:5");
}

TEST_CASE("text that is not YAML is reported at the line and column where parsing failed") {
    auto loaded = load_calendar_year("year: 2025\nholidays: [\n  - zh: x\n", "cn-2025.yaml");
    REQUIRE_FALSE(loaded);
    const wg::Error& error = loaded.error().front();
    CHECK(error.code == "calendar_yaml");
    CHECK(error.location.to_string() == "cn-2025.yaml:3:3");
}

TEST_CASE("an unknown key is reported at the key, naming the keys expected") {
    const std::string text = std::string(kYear2025) + "holdays: []\n";
    CHECK(first_error(text.c_str()) ==
          "cn-2025.yaml:12:1: error: unknown key 'holdays' in a calendar file (expected year, notices, holidays)");
}

TEST_CASE("a date that is not a real day is reported at the date itself") {
    std::string text = kYear2025;
    text.replace(text.find("2025-10-08"), 10, "2025-10-32");
    CHECK(first_error(text.c_str()) ==
          "cn-2025.yaml:10:9: error: 'to' of holiday '国庆节、中秋节': '2025-10-32' is not a real calendar day");
}

TEST_CASE("a make-up day that is not a date is reported at its place in the list") {
    std::string text = kYear2025;
    text.replace(text.find("2025-10-11"), 10, "11 Oct");
    CHECK(first_error(text.c_str()).starts_with("cn-2025.yaml:11:40: error: a make-up working day of holiday"));
}

TEST_CASE("a file that cites no notice is refused, since the data must name its source") {
    const auto message = first_error("year: 2025\nholidays: []\n");
    CHECK(message == "cn-2025.yaml:1:1: error: a calendar file needs a non-empty 'notices' list citing its source");
}

TEST_CASE("a year that is not a number is refused at the year") {
    const auto message = first_error("year: twenty\nnotices: [{title: t, document: d, issued: 2024-11-12}]\n");
    CHECK(message.starts_with("cn-2025.yaml:1:7: error: 'year' must be a year"));
}

TEST_CASE("every mistake in a file is reported, not only the first") {
    auto loaded = load_calendar_year(
        "year: 2025\nnotices: [{title: t, document: d}]\nholidays:\n  - {zh: 春节, from: 2025-01-28, to: 2025-02-04}\n",
        "cn-2025.yaml");
    REQUIRE_FALSE(loaded);
    REQUIRE(loaded.error().size() == 2);
    CHECK(loaded.error()[0].message == "a notice needs 'issued'");
    CHECK(loaded.error()[1].message == "holiday '春节' needs 'en'");
    CHECK(loaded.error()[1].location.line == 4);
}

TEST_CASE("a day declared by two files is refused at its place in the later file") {
    const std::string y2022 = R"(year: 2022
notices: [{title: t, document: d, issued: 2021-10-25}]
holidays:
  - {zh: 元旦, en: New Year's Day, from: 2022-12-31, to: 2022-12-31}
)";
    const std::string y2023 = R"(year: 2023
notices: [{title: t, document: d, issued: 2022-12-08}]
holidays:
  - {zh: 元旦, en: New Year's Day, from: 2022-12-31, to: 2023-01-02}
)";
    auto calendar = load_calendar({{"cn-2022.yaml", y2022}, {"cn-2023.yaml", y2023}});
    REQUIRE_FALSE(calendar);
    CHECK(calendar.error().front().code == "calendar_conflict");
    CHECK(calendar.error().front().location.to_string() == "cn-2023.yaml:4:5");
}

TEST_CASE("errors of several files are all reported together") {
    auto calendar = load_calendar({{"cn-2024.yaml", "year: 2024\n"}, {"cn-2025.yaml", "year: 2025\n"}});
    REQUIRE_FALSE(calendar);
    REQUIRE(calendar.error().size() == 2);
    CHECK(calendar.error()[0].location.file == "cn-2024.yaml");
    CHECK(calendar.error()[1].location.file == "cn-2025.yaml");
}

}  // TEST_SUITE
