// Host functions: the seam through which the engine offers law parameters and calendar
// arithmetic to expressions, checked against their signatures at compile time.
#include <doctest/doctest.h>

#include <atomic>

#include "rules/period.hpp"
#include "tests/support/expression_fixture.hpp"
#include "tests/support/shipped_calendar.hpp"

using namespace wg::test;
using wg::rules::HostFunction;
using wg::rules::Period;

namespace {

// A fake law: the final-award cap is ¥30,000 in 4401xx regions from 2025, ¥25,000 before.
HostFunction fake_final_award_cap() {
    return HostFunction{
        "final_award_cap",
        {Type::string(), Type::date()},
        Type::money(),
        [](std::span<const Value> args) -> wg::Expected<Value> {
            if (!args[0].as_string().starts_with("4401"))
                return wg::fail("law_parameter", "no final-award cap for region " + args[0].as_string());
            const bool from_2025 = args[1].as_date() >= day("2025-01-01");
            return Value(yuan(from_2025 ? 30'000 : 25'000));
        },
        "the cap below which an arbitral award is final",
    };
}

// A fake calendar: adds the period's count in days, whatever its unit.
HostFunction fake_add_period() {
    return HostFunction{
        "add_period",
        {Type::date(), Type::period()},
        Type::date(),
        [](std::span<const Value> args) -> wg::Expected<Value> {
            const auto days = std::chrono::days{args[1].as_period().count};
            return Value(wg::rules::Date{std::chrono::sys_days(args[0].as_date()) + days});
        },
        {},
    };
}

// Counts the claims of at least ¥N — declared over records with just the field it reads.
HostFunction fake_meets_threshold(std::atomic<int>* calls) {
    return HostFunction{
        "meets_criminal_threshold",
        {Type::list(Type::record({{"amount", Type::money()}})), Type::string(), Type::date()},
        Type::boolean(),
        [calls](std::span<const Value> args) -> wg::Expected<Value> {
            ++*calls;
            wg::rules::Money total;
            for (const auto& item : args[0].as_list()) total.fen += item.as_record().find("amount")->as_money().fen;
            return Value(total >= yuan(20'000));
        },
        {},
    };
}

FunctionRegistry fake_host() {
    FunctionRegistry functions;
    REQUIRE(functions.add(fake_final_award_cap()));
    REQUIRE(functions.add(fake_add_period()));
    return functions;
}

}  // namespace

TEST_CASE("expression: a registered host function is type-checked and called") {
    const auto functions = fake_host();
    CHECK(run("final_award_cap(case.region, today)", functions) == Value(yuan(30'000)));
    CHECK(run("data.amount <= final_award_cap(case.region, date('2024-06-01'))", functions).as_bool());
}

TEST_CASE("expression: a string literal is read as the period or date a host function declares") {
    const auto functions = fake_host();
    CHECK(run("add_period(data.due_date, '5 working days')", functions) == Value(day("2025-09-20")));
    CHECK(run("add_period('2025-01-01', '2 days')", functions) == Value(day("2025-01-03")));
}

TEST_CASE("expression: a bad literal for a host parameter is a compile error at the literal") {
    const auto error = compile_error("add_period(today, '5 weeks of rest')", fake_host());
    CHECK(error.code == "literal");
    CHECK(error.location.column == 19);
    CHECK(error.message.find("argument 2 of 'add_period' must be a period") == 0);
}

TEST_CASE("expression: host calls are checked for arity and argument types") {
    const auto functions = fake_host();
    CHECK(compile_error("final_award_cap(case.region)", functions).message ==
          "'final_award_cap' takes 2 arguments, got 1");
    CHECK(compile_error("final_award_cap(case.region)", functions).code == "arguments");
    CHECK(compile_error("final_award_cap(today, case.region)", functions).message ==
          "argument 1 of 'final_award_cap' must be string, but 'today' has type date");
    CHECK(compile_error("add_period(data.claims, c -> c)", functions).message ==
          "argument 1 of 'add_period' must be date, but 'data.claims' has type list<record{amount: money, months: integer, name: string}>");
    CHECK(compile_error("add_period(today, c -> c)", functions).message == "argument 2 of 'add_period' cannot be a lambda");
    CHECK(compile_error("final_award_cap(case.region, today) > 1", functions).message ==
          "cannot order money against integer; write money with its sign, e.g. ¥20,000.00");
    CHECK(compile_error("final_award_cap", functions).message ==
          "'final_award_cap' is a function; call it as final_award_cap(…)");
    CHECK(compile_error("final_awrd_cap(case.region, today)", functions).message ==
          "unknown function 'final_awrd_cap' (did you mean 'final_award_cap'?)");
}

TEST_CASE("expression: a record argument may carry more fields than the host declares") {
    std::atomic<int> calls{0};
    FunctionRegistry functions;
    REQUIRE(functions.add(fake_meets_threshold(&calls)));
    CHECK(run("meets_criminal_threshold(data.claims, case.region, today)", functions).as_bool());
    CHECK(calls == 1);
}

TEST_CASE("expression: a host function's failure is an evaluation error with its code at the call") {
    Context context = wage_context();
    context.set("case", Value(Record{{"region", Value("110101")}}));
    const auto error = run_error("data.amount > ¥0 and data.amount <= final_award_cap(case.region, today)",
                                 context, fake_host());
    CHECK(error.code == "law_parameter");
    CHECK(error.message == "final_award_cap: no final-award cap for region 110101");
    CHECK(error.location.column == 37);
}

TEST_CASE("expression: a null argument stops before the host function is called") {
    std::atomic<int> calls{0};
    FunctionRegistry functions;
    REQUIRE(functions.add(fake_meets_threshold(&calls)));
    Context context = wage_context();
    context.set("case", Value(Record{}));
    const auto error = run_error("meets_criminal_threshold(data.claims, case.region, today)", context, functions);
    CHECK(error.code == "null_value");
    CHECK(error.message == "'case.region' is null where a value is needed");
    CHECK(calls == 0);
}

TEST_CASE("expression: a parameter of type any takes whole records and nulls") {
    FunctionRegistry functions;
    REQUIRE(functions.add(HostFunction{"field_count", {Type::any()}, Type::integer(),
                                       [](std::span<const Value> args) -> wg::Expected<Value> {
                                           if (args[0].is_null()) return Value(-1);
                                           return Value(static_cast<std::int64_t>(args[0].as_record().size()));
                                       }, {}}));
    CHECK(run("field_count(case)", functions) == Value(2));
    CHECK(run("field_count(data.note)", functions) == Value(-1));
}

TEST_CASE("expression: a host result of the wrong kind is an evaluation error, not a crash") {
    FunctionRegistry functions;
    REQUIRE(functions.add(HostFunction{"broken", {}, Type::money(),
                                       [](std::span<const Value>) -> wg::Expected<Value> { return Value("1.00"); },
                                       {}}));
    const auto error = run_error("broken() > ¥0", wage_context(), functions);
    CHECK(error.code == "host");
    CHECK(error.message == "broken returned string but declares money");
}

TEST_CASE("expression: the registry refuses names the language owns, duplicates and bad signatures") {
    FunctionRegistry functions;
    const auto impl = [](std::span<const Value>) -> wg::Expected<Value> { return Value(1); };
    CHECK(functions.add(HostFunction{"count", {}, Type::integer(), impl, {}}).error().message ==
          "'count' is a built-in function and cannot be replaced");
    CHECK(functions.add(HostFunction{"if", {}, Type::integer(), impl, {}}).error().code == "function");
    CHECK(functions.add(HostFunction{"two words", {}, Type::integer(), impl, {}}).error().code == "function");
    CHECK(functions.add(HostFunction{"f", {}, Type::null(), impl, {}}).error().message ==
          "function 'f' must declare a result type");
    CHECK(functions.add(HostFunction{"f", {}, Type::integer(), {}, {}}).error().message ==
          "function 'f' has no implementation");
    REQUIRE(functions.add(HostFunction{"f", {}, Type::integer(), impl, {}}));
    CHECK(functions.add(HostFunction{"f", {}, Type::integer(), impl, {}}).error().message ==
          "function 'f' is already registered");
    CHECK(functions.names() == std::vector<std::string>{"f"});
}

TEST_CASE("expression: a compiled expression keeps its host functions after the registry is gone") {
    auto expression = [] {
        const auto functions = fake_host();
        return compiled("final_award_cap(case.region, today)", functions);
    }();
    auto value = expression.evaluate(wage_context());
    REQUIRE(value);
    CHECK(*value == Value(yuan(30'000)));
}

TEST_CASE("expression: an explanation shows the host calls a guard made") {
    const auto evaluation = compiled("data.amount <= final_award_cap(case.region, today)", fake_host())
                                .explain(wage_context());
    REQUIRE(evaluation.outcome);
    CHECK(evaluation.describe() ==
          "data.amount = ¥20,000.00, case.region = \"440111\", today = 2025-09-20, "
          "final_award_cap(case.region, today) = ¥30,000.00");
}

TEST_CASE("expression: the real calendar plugs into the same seam as add_period") {
    FunctionRegistry functions;
    REQUIRE(functions.add(HostFunction{
        "add_period",
        {Type::date(), Type::period()},
        Type::date(),
        [](std::span<const Value> args) -> wg::Expected<Value> {
            auto deadline = wg::rules::add_period(shipped_calendar(), args[0].as_date(), args[1].as_period());
            if (!deadline) return wg::Unexpected<wg::Error>{deadline.error()};
            return Value(deadline->end);
        },
        {},
    }));
    // 5 working days from Friday 26 September 2025: the make-up Sunday 28 September counts,
    // the National Day holiday (1-8 October) does not.
    CHECK(run("add_period(date('2025-09-26'), '5 working days')", functions) == Value(day("2025-10-10")));
}
