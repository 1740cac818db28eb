// The type checker: every type error, with its code, message and place. Errors are found once,
// at compile time, so a guard that compiles cannot meet a type error on well-formed data.
#include <doctest/doctest.h>

#include <string>

#include "tests/support/expression_fixture.hpp"

using namespace wg::test;

namespace {

bool says(const wg::Error& error, const std::string& part) {
    const bool found = error.message.find(part) != std::string::npos;
    if (!found) MESSAGE("message was: " << error.message);
    return found;
}

}  // namespace

TEST_CASE("expression: an unknown name is refused with a suggestion") {
    const auto error = compile_error("dta.amount > ¥0");
    CHECK(error.code == "unknown_name");
    CHECK(error.message == "unknown name 'dta' (did you mean 'data'?)");
    CHECK(error.location.column == 1);
}

TEST_CASE("expression: an unknown field is refused with a suggestion at the field") {
    const auto error = compile_error("data.employer.usc == ''");
    CHECK(error.code == "unknown_field");
    CHECK(error.message == "'data.employer' has no field 'usc' (did you mean 'uscc'?)");
}

TEST_CASE("expression: a field of something that is not a record is a type error") {
    const auto error = compile_error("data.amount.fen");
    CHECK(error.code == "type");
    CHECK(error.message == "'data.amount' has type money, which has no field 'fen'");
}

TEST_CASE("expression: a function named without a call is a type error") {
    CHECK(compile_error("count").message == "'count' is a function; call it as count(…)");
}

TEST_CASE("expression: an unknown function is refused with a suggestion") {
    const auto error = compile_error("cuont(data.claims)");
    CHECK(error.code == "unknown_function");
    CHECK(says(error, "did you mean 'count'?"));
}

TEST_CASE("expression: not, and, or need bools") {
    CHECK(says(compile_error("not data.months"), "'not' needs a bool, but 'data.months' has type integer"));
    CHECK(says(compile_error("data.urgent and data.months"), "'and' needs bool operands"));
    CHECK(says(compile_error("data.note or true"), "'or' needs bool operands, but 'data.note' has type string"));
}

TEST_CASE("expression: minus needs an integer, money or rate") {
    CHECK(says(compile_error("-case.state"), "'-' needs an integer, money or rate"));
}

TEST_CASE("expression: money and integers do not mix, with a hint to write money") {
    const auto error = compile_error("data.amount + 100");
    CHECK(error.code == "type");
    CHECK(error.message == "cannot add money and integer; write money with its sign, e.g. ¥20,000.00");
    CHECK(says(compile_error("data.amount >= 20000"), "cannot order money against integer; write money"));
    CHECK(says(compile_error("data.amount == 20000"), "cannot compare money with integer"));
}

TEST_CASE("expression: money times money is a type error") {
    CHECK(compile_error("data.amount * data.paid").message == "cannot multiply money and money");
}

TEST_CASE("expression: money times a rate must be rounded explicitly") {
    const auto error = compile_error("data.amount * 1.5% > ¥0");
    CHECK(error.code == "type");
    CHECK(error.message == "money × rate must be rounded explicitly: write round_half_up(data.amount * 1.5%)");
    CHECK(says(compile_error("data.rate * data.amount"), "round_half_up"));
}

TEST_CASE("expression: dates do not take arithmetic, with a hint to add a period") {
    CHECK(says(compile_error("data.due_date + data.limit"), "use add_period(date, \"5 working days\")"));
    CHECK(says(compile_error("data.due_date + 5"), "cannot add date and integer; use add_period"));
}

TEST_CASE("expression: other arithmetic outside the typing table is a type error") {
    CHECK(compile_error("'a' - 'b'").message == "cannot subtract string and string");
    CHECK(compile_error("1.5% * 2").message == "cannot multiply rate and integer");
    CHECK(compile_error("true + true").message == "cannot add bool and bool");
}

TEST_CASE("expression: comparisons need values of one type") {
    CHECK(says(compile_error("case.state == 1"), "cannot compare string with integer"));
    CHECK(says(compile_error("data.due_date < data.filed_at"), "cannot order date against timestamp"));
    CHECK(says(compile_error("true < false"), "cannot order bool against bool"));
    CHECK(says(compile_error("data.claims < data.claims"), "cannot order list"));
    CHECK(says(compile_error("null < 1"), "cannot order null against integer"));
}

TEST_CASE("expression: periods have no order") {
    CHECK(says(compile_error("data.limit > period('1 year')"), "periods have no order"));
}

TEST_CASE("expression: in needs a list of the item's type") {
    CHECK(says(compile_error("'x' in case.state"), "'in' needs a list on its right, but 'case.state' has type string"));
    CHECK(says(compile_error("1 in data.tags"), "cannot look for integer in list<string>"));
    CHECK(says(compile_error("1 not in data.tags"), "cannot look for integer"));
}

TEST_CASE("expression: a conditional needs a bool condition and branches of one type") {
    CHECK(says(compile_error("if data.months then 1 else 2"), "the condition of 'if' must be bool"));
    CHECK(compile_error("if data.urgent then 1 else 'x'").message ==
          "the branches of 'if' have different types: integer and string");
    CHECK(compiled("if data.urgent then data.amount else null").type() == Type::money());
}

TEST_CASE("expression: list items need one type and record fields unique names") {
    CHECK(says(compile_error("[1, 'x']"), "list items must have one type, but ''x'' has type string"));
    CHECK(compile_error("{a: 1, a: 2}").message == "field 'a' appears twice in the record");
    CHECK(compiled("[null, 1]").type() == Type::list(Type::integer()));
}

TEST_CASE("expression: a lambda is allowed only as the argument of a list function") {
    CHECK(says(compile_error("c -> c"), "unexpected '->'"));
    CHECK(says(compile_error("[c -> c]"), "expected ']'"));
    CHECK(says(compile_error("count(c -> true, data.claims)"), "only allowed as the last argument"));
    CHECK(says(compile_error("count(data.claims, data.claims)"), "needs a lambda second"));
}

TEST_CASE("expression: list functions check their list and the lambda's result") {
    CHECK(says(compile_error("count(data.amount)"), "'count' needs a list first, but 'data.amount' has type money"));
    CHECK(says(compile_error("count(data.claims, c -> c.months)"), "'count' needs a lambda that gives bool"));
    CHECK(says(compile_error("sum(data.tags)"), "'sum' needs integers or money to add"));
    CHECK(says(compile_error("sum(data.claims, c -> c.name)"), "'sum' needs integers or money"));
    CHECK(says(compile_error("min(data.claims)"), "'min' needs values that have an order"));
    CHECK(says(compile_error("max(true, false)"), "'max' needs values that have an order"));
    CHECK(says(compile_error("max(1, ¥1)"), "'max' needs arguments of one type"));
    CHECK(says(compile_error("any(data.tags)"), "'any' needs bools"));
    CHECK(says(compile_error("all(data.claims, c -> c.name)"), "'all' needs bools"));
    CHECK(says(compile_error("filter(data.claims, c -> c.months)"), "'filter' needs a lambda that gives bool"));
    CHECK(says(compile_error("coalesce(data.note, 1)"), "'coalesce' needs arguments of one type"));
}

TEST_CASE("expression: a lambda body is checked with its parameter typed by the list") {
    CHECK(says(compile_error("count(data.claims, c -> c.month >= 3)"),
               "'c' has no field 'month' (did you mean 'months'?)"));
    CHECK(says(compile_error("count(data.claims, c -> c.months >= ¥3)"), "cannot order integer against money"));
    CHECK(says(compile_error("count(data.tags, t -> t.x)"), "'t' has type string, which has no field 'x'"));
}

TEST_CASE("expression: built-ins take a fixed number of arguments") {
    const auto error = compile_error("count(data.claims, c -> true, 3)");
    CHECK(error.code == "arguments");
    CHECK(error.message == "'count' takes 1 or 2 arguments, got 3");
    CHECK(compile_error("filter(data.claims)").message == "'filter' takes 2 arguments, got 1");
    CHECK(compile_error("coalesce(1)").message == "'coalesce' takes 2 or more arguments, got 1");
    CHECK(compile_error("days_between(today)").message == "'days_between' takes 2 arguments, got 1");
    CHECK(compile_error("min()").message == "'min' takes 1 or more arguments, got 0");
}

TEST_CASE("expression: round_half_up takes exactly a product of money and a rate") {
    CHECK(says(compile_error("round_half_up(data.amount)"), "takes a product of money and a rate"));
    CHECK(says(compile_error("round_half_up(data.amount * 2)"), "takes money × rate, not money × integer"));
    CHECK(says(compile_error("round_half_up(1.5% * 2%)"), "not rate × rate"));
}

TEST_CASE("expression: literal constructors take a valid string literal") {
    CHECK(says(compile_error("date(case.state)"), "'date' takes a string literal"));
    const auto error = compile_error("date('2025-02-30')");
    CHECK(error.code == "literal");
    CHECK(error.location.column == 6);
    CHECK(says(error, "not a real calendar day"));
    CHECK(compile_error("money('12.345')").code == "literal");
    CHECK(compile_error("period('5 fortnights')").code == "literal");
    CHECK(compile_error("timestamp('2025-09-15')").code == "literal");
    CHECK(compile_error("rate('abc')").code == "literal");
}

TEST_CASE("expression: date functions check their argument types") {
    CHECK(says(compile_error("legal_date(today)"), "'legal_date' needs timestamp"));
    CHECK(says(compile_error("days_between(today, 3)"), "'days_between' needs date"));
}

TEST_CASE("expression: a guard must be bool") {
    auto guard = wg::rules::compile_guard("data.amount", wage_schema(), no_functions());
    REQUIRE_FALSE(guard);
    CHECK(guard.error().code == "type");
    CHECK(guard.error().message == "a guard must be bool, but this expression has type money");
    CHECK(wg::rules::compile_guard("data.paid >= data.amount", wage_schema(), no_functions()));
}

TEST_CASE("expression: an error moves to its place in the YAML file that holds the expression") {
    auto error = compile_error("data.paid >= data.amout");
    wg::rules::relocate(error, wg::SourceLocation{"wage_complaint.yaml", 14, 28});
    CHECK(error.to_string() ==
          "wage_complaint.yaml:14:41: error: 'data' has no field 'amout' (did you mean 'amount'?)");
    auto later_line = compile_error("data.paid >=\n  data.amout");
    wg::rules::relocate(later_line, wg::SourceLocation{"w.yaml", 14, 28});
    CHECK(later_line.location.line == 15);
    CHECK(later_line.location.column == 3);
}
