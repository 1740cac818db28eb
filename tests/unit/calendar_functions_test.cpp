// The official calendar as expressions see it: add_period, within_limitation and is_working_day
// over the shipped config/calendars, each answer a record of the value and its explanation.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rules/calendar_functions.hpp"
#include "tests/support/expression_fixture.hpp"
#include "tests/support/shipped_calendar.hpp"

using namespace wg::test;
using wg::rules::Calendar;
using wg::rules::MakeUpDayPolicy;
using wg::rules::PeriodPolicy;

namespace {

FunctionRegistry calendar_host(PeriodPolicy policy = {}) {
    FunctionRegistry functions;
    auto added = wg::rules::register_calendar_functions(
        functions, std::make_shared<const Calendar>(shipped_calendar()), policy);
    REQUIRE_MESSAGE(added, added.error().message);
    return functions;
}

const FunctionRegistry& host() {
    static const FunctionRegistry functions = calendar_host();
    return functions;
}

std::string text(std::string_view source) { return run(source, host()).as_string(); }

}  // namespace

TEST_SUITE("calendar functions") {

TEST_CASE("add_period counts working days over the National Day holiday and explains it in both languages") {
    CHECK(run("add_period(date('2025-09-26'), '5 working days').value", host()) ==
          Value(day("2025-10-10")));
    const std::string en = text("add_period(date('2025-09-26'), '5 working days').explanation_en");
    CHECK(en.starts_with("2025-09-26 + 5 working days = 2025-10-10 (Friday)."));
    CHECK(en.find("国庆节、中秋节") != std::string::npos);
    CHECK(text("add_period(date('2025-09-26'), '5 working days').explanation_zh")
              .find("计入调休上班日：2025-09-28") != std::string::npos);
}

TEST_CASE("a guard compares today with a deadline computed from case data") {
    // 2025-09-15 (Monday) + 5 working days = 2025-09-22; today is 2025-09-20.
    CHECK(run("add_period(data.due_date, '5 working days').value", host()) ==
          Value(day("2025-09-22")));
    CHECK(run("today <= add_period(data.due_date, '5 working days').value", host()).as_bool());
    CHECK(run("today > add_period(data.due_date, period('2天')).value", host()).as_bool());
}

TEST_CASE("within_limitation holds up to the rolled last day of a one-year limit and not after") {
    // 2024-09-20 + 1 year = Saturday 2025-09-20, rolled to Monday 2025-09-22.
    const char* limit = "within_limitation(date('2024-09-20'), date('2025-09-22'), '1 year')";
    CHECK(run(std::string(limit) + ".value", host()).as_bool());
    CHECK(run(std::string(limit) + ".deadline", host()) == Value(day("2025-09-22")));
    CHECK(text(std::string(limit) + ".explanation_en")
              .starts_with("2025-09-22 is within the period, whose last day is 2025-09-22. "
                           "2024-09-20 + 1 year = 2025-09-20"));
    CHECK(text(std::string(limit) + ".explanation_zh")
              .starts_with("2025-09-22未超过期限（最后一日2025-09-22）。"));
    CHECK_FALSE(
        run("within_limitation(date('2024-09-20'), date('2025-09-23'), '1 year').value", host())
            .as_bool());
}

TEST_CASE("is_working_day names the kind of day: holiday, make-up working day, weekend, working day") {
    CHECK_FALSE(run("is_working_day(date('2025-10-01')).value", host()).as_bool());
    CHECK(run("is_working_day(date('2025-10-01')).kind", host()) == Value("public_holiday"));
    CHECK(text("is_working_day(date('2025-10-01')).explanation_zh") ==
          "2025-10-01系法定节假日（国庆节、中秋节），非工作日。");
    CHECK(run("is_working_day(date('2025-09-28')).value", host()).as_bool());
    CHECK(run("is_working_day(date('2025-09-28')).kind", host()) == Value("make_up_working_day"));
    CHECK(run("is_working_day(today).kind", host()) == Value("weekend"));
    CHECK(text("is_working_day(today).explanation_en") ==
          "2025-09-20 is a weekend rest day, not a working day.");
    CHECK(run("is_working_day(data.due_date).kind", host()) == Value("working_day"));
}

TEST_CASE("the make-up day policy given at registration decides whether a period ending on one rolls") {
    // 2025-09-21 + 7 days = Sunday 2025-09-28, a make-up working day.
    const char* source = "add_period(date('2025-09-21'), '7 days').value";
    CHECK(run(source, host()) == Value(day("2025-09-28")));
    CHECK(run(source, calendar_host({MakeUpDayPolicy::rest_day})) == Value(day("2025-09-29")));
}

TEST_CASE("a date outside the calendar and a period of hours are evaluation errors, not crashes") {
    const auto outside =
        run_error("is_working_day(date('2019-06-03')).value", wage_context(), host());
    CHECK(outside.code == "calendar_range");
    CHECK(outside.location.column == 1);
    CHECK(
        run_error("add_period(date('2026-12-25'), '10 working days').value", wage_context(), host())
            .code == "calendar_range");
    const auto hours = run_error("data.urgent and add_period(today, '24 hours').value > today",
                                 wage_context(), host());
    CHECK(hours.code == "period_unit");
    CHECK(hours.location.column == 17);
}

TEST_CASE("wrong argument types are compile errors at the argument") {
    const auto integer = compile_error("add_period(today, 5)", host());
    CHECK(integer.code == "type");
    CHECK(integer.location.column == 19);
    CHECK(integer.message == "argument 2 of 'add_period' must be period, but '5' has type integer");
    const auto literal = compile_error("within_limitation(today, '1 year', '1 year')", host());
    CHECK(literal.code == "literal");
    CHECK(literal.location.column == 26);
    CHECK(compile_error("add_period(today, '5 working days') > today", host()).code == "type");
    CHECK(compile_error("is_working_day(data.filed_at)", host()).message ==
          "argument 1 of 'is_working_day' must be date, but 'data.filed_at' has type timestamp");
}

TEST_CASE("registering the calendar functions twice, or without a calendar, is refused and adds nothing") {
    FunctionRegistry registry;
    CHECK(wg::rules::register_calendar_functions(registry, nullptr).error().code == "function");
    const auto calendar = std::make_shared<const Calendar>(shipped_calendar());
    REQUIRE(wg::rules::register_calendar_functions(registry, calendar));
    CHECK(registry.names() ==
          std::vector<std::string>{"add_period", "is_working_day", "within_limitation"});
    CHECK(wg::rules::register_calendar_functions(registry, calendar).error().message ==
          "function 'add_period' is already registered");
}

}  // TEST_SUITE
