// The built-in functions: list functions with lambdas, coalesce, explicit rounding, literal
// constructors and dates, and the limit on work over lists.
#include <doctest/doctest.h>

#include "tests/support/expression_fixture.hpp"

using namespace wg::test;

TEST_CASE("expression: count counts a list, or the items a lambda accepts") {
    CHECK(run("count(data.claims)") == Value(3));
    CHECK(run("count(data.claims, c -> c.months >= 3)") == Value(2));
    CHECK(run("count([])") == Value(0));
}

TEST_CASE("expression: sum adds integers or money exactly, zero for none") {
    CHECK(run("sum(data.claims, c -> c.amount)") == Value(yuan(20'000)));
    CHECK(run("sum([1, 2, 3])") == Value(6));
    CHECK(run("sum(map(data.claims, c -> c.months))") == Value(9));
    CHECK(run("sum(filter(data.claims, c -> c.months > 10), c -> c.amount)") == Value(yuan(0)));
    CHECK(run("sum(filter([1], x -> false))") == Value(0));
}

TEST_CASE("expression: sum reports overflow and null items as evaluation errors") {
    CHECK(run_error("sum([data.big, data.big])").code == "overflow");
    CHECK(run_error("sum([data.months, null])").code == "null_value");
}

TEST_CASE("expression: min and max take a list, a lambda over a list, or several values") {
    CHECK(run("max(data.claims, c -> c.amount)") == Value(yuan(10'000)));
    CHECK(run("min(data.claims, c -> c.months)") == Value(1));
    CHECK(run("max(data.tags)") == Value("group"));
    CHECK(run("min(data.amount, ¥15,000.00)") == Value(yuan(15'000)));
    CHECK(run("max(data.due_date, event.due_date, today)") == Value(day("2025-10-01")));
    CHECK(run("max(filter(data.claims, c -> false), c -> c.amount)") == Value());
    CHECK(run_error("min(data.note, 'a')").code == "null_value");
}

TEST_CASE("expression: any and all test a list of bools or a lambda, with the empty cases") {
    CHECK(run("any(data.claims, c -> c.name == '王五')").as_bool());
    CHECK_FALSE(run("all(data.claims, c -> c.months >= 3)").as_bool());
    CHECK(run("all([true, true])").as_bool());
    CHECK_FALSE(run("any([false])").as_bool());
    CHECK_FALSE(run("any(filter(data.claims, c -> false), c -> true)").as_bool());
    CHECK(run("all(filter(data.claims, c -> false), c -> false)").as_bool());
    CHECK(run_error("any([null, true])").code == "null_value");
}

TEST_CASE("expression: filter keeps the items a lambda accepts and map transforms each") {
    CHECK(run("filter(data.claims, c -> c.months >= 3)") ==
          Value(List{claim(3, 8'000, "张三"), claim(5, 10'000, "王五")}));
    CHECK(run("map(data.claims, c -> c.name)") == Value(List{Value("张三"), Value("李四"), Value("王五")}));
    CHECK(run("count(map(data.claims, c -> {who: c.name}), r -> r.who == '李四')") == Value(1));
}

TEST_CASE("expression: a lambda that gives null for an item is an evaluation error") {
    Context context = wage_context();
    context.set("data", Value(Record{{"claims", Value(List{Value(Record{})})}}));
    const auto error = run_error("count(data.claims, c -> c.months > 1)", context);
    CHECK(error.code == "null_value");
    CHECK(error.message == "'c.months' is null where a value is needed");
}

TEST_CASE("expression: lambdas nest and see the parameters around them") {
    CHECK(run("count(data.claims, c -> all(data.claims, d -> d.months <= c.months))") == Value(1));
    CHECK(run("count(data.claims, data -> data.months > 1)") == Value(2));  // shadows the root
}

TEST_CASE("expression: coalesce gives its first non-null argument") {
    CHECK(run("coalesce(data.note, 'none')") == Value("none"));
    CHECK(run("coalesce(null, data.months, 7)") == Value(4));
    CHECK(run("coalesce(data.note, null)") == Value());
}

TEST_CASE("expression: round_half_up multiplies money by a rate and rounds half up to the fen") {
    CHECK(run("round_half_up(data.amount * 1.5%)") == Value(yuan(300)));
    CHECK(run("round_half_up(¥0.01 * 50%)") == Value(Money{1}));
    CHECK(run("round_half_up(¥0.01 * 49%)") == Value(Money{0}));
    CHECK(run("round_half_up(-¥0.01 * 50%)") == Value(Money{-1}));
    CHECK(run("round_half_up(data.rate * data.amount)") == Value(yuan(300)));
    CHECK(run_error("round_half_up(¥92,233,720,368,547,758.07 * 200%)").code == "overflow");
}

TEST_CASE("expression: literal constructors read typed constants once, at compile time") {
    CHECK(run("money('20000.00')") == Value(yuan(20'000)));
    CHECK(run("rate('1.5%') == 0.015").as_bool());
    CHECK(run("date('2025-09-15') == data.due_date").as_bool());
    CHECK(run("timestamp('2025-09-19T23:30:00+08:00') == data.filed_at").as_bool());
    CHECK(run("period('2 years') == data.limit").as_bool());
    CHECK(run("period('5个工作日')") == Value(wg::rules::Period{5, wg::rules::PeriodUnit::working_days}));
}

TEST_CASE("expression: legal_date gives the China Standard Time date of a timestamp") {
    CHECK(run("legal_date(data.filed_at)") == Value(day("2025-09-19")));
}

TEST_CASE("expression: days_between counts calendar days from the first date to the second") {
    CHECK(run("days_between(data.due_date, today)") == Value(5));
    CHECK(run("days_between(today, data.due_date)") == Value(-5));
}

TEST_CASE("expression: work is bounded, so nested lambdas over large lists stop with limit") {
    List many;
    for (int i = 0; i < 4'000; ++i) many.push_back(claim(i, 1, "x"));
    Context context = wage_context();
    context.set("data", Value(Record{{"claims", Value(std::move(many))}}));
    const auto error = run_error("count(data.claims, c -> any(data.claims, d -> d.months > c.months + 5000))",
                                 context);
    CHECK(error.code == "limit");
    CHECK(error.message == "evaluation takes more than 10000000 steps");
    CHECK(run_error("count(data.claims, c -> c in data.claims)", context).code == "limit");
    CHECK(run_error("count(data.claims, c -> data.claims == data.claims)", context).code == "limit");
}

TEST_CASE("expression: work within the bound completes") {
    List many;
    for (int i = 0; i < 1'000; ++i) many.push_back(claim(i, 1, "x"));
    Context context = wage_context();
    context.set("data", Value(Record{{"claims", Value(std::move(many))}}));
    auto value = compiled("count(data.claims, c -> any(data.claims, d -> d.months == c.months))").evaluate(context);
    REQUIRE(value);
    CHECK(*value == Value(1'000));
}
