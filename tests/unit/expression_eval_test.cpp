// Evaluating compiled expressions: every construct on the sample case, evaluation errors as
// located values, short-circuiting, and the values a false guard saw.
#include <doctest/doctest.h>

#include "tests/support/expression_fixture.hpp"

using namespace wg::test;

TEST_CASE("expression: literals of every type evaluate to themselves") {
    CHECK(run("true") == Value(true));
    CHECK(run("null") == Value());
    CHECK(run("42") == Value(42));
    CHECK(run("'text'") == Value("text"));
    CHECK(run("[1, 2]") == Value(List{Value(1), Value(2)}));
    CHECK(run("[]") == Value(List{}));
    CHECK(run("{months: 3, name: 'a'}") == Value(Record{{"months", Value(3)}, {"name", Value("a")}}));
}

TEST_CASE("expression: field references read case data, the event payload and case fields") {
    CHECK(run("data.amount") == Value(yuan(20'000)));
    CHECK(run("data.employer.uscc") == Value("91440101MA59XXXX0X"));
    CHECK(run("event.due_date") == Value(day("2025-10-01")));
    CHECK(run("case.state == 'investigating'").as_bool());
    CHECK(run("today") == Value(day("2025-09-20")));
}

TEST_CASE("expression: a declared field missing from the data reads as null") {
    Context context = wage_context();
    context.set("event", Value(Record{}));
    auto value = compiled("event.amount == null").evaluate(context);
    REQUIRE(value);
    CHECK(value->as_bool());
}

TEST_CASE("expression: integer, money, rate and string arithmetic is exact") {
    CHECK(run("data.months * 3 - 2") == Value(10));
    CHECK(run("data.amount - data.paid") == Value(yuan(19'000)));
    CHECK(run("data.paid * 3") == Value(yuan(3'000)));
    CHECK(run("2 * data.paid + ¥0.01") == Value(Money{200'001}));
    CHECK(run("data.rate + 0.5%") == Value(Rate{20'000'000}));
    CHECK(run("data.rate - 2%") == Value(Rate{-5'000'000}));
    CHECK(run("case.region + '-' + case.state") == Value("440111-investigating"));
    CHECK(run("-data.rate") == Value(Rate{-15'000'000}));
}

TEST_CASE("expression: comparisons order integers, money, rates, strings, dates and timestamps") {
    CHECK(run("data.amount >= ¥20,000.00").as_bool());
    CHECK_FALSE(run("data.amount > ¥20,000.00").as_bool());
    CHECK(run("data.months <= 4 and data.months != 5").as_bool());
    CHECK(run("data.rate < 2%").as_bool());
    CHECK(run("'abc' < 'abd'").as_bool());
    CHECK(run("data.due_date < event.due_date").as_bool());
    CHECK(run("data.filed_at > timestamp('2025-09-19T23:00:00+08:00')").as_bool());
}

TEST_CASE("expression: equality works on every type, null included") {
    CHECK(run("data.note == null").as_bool());
    CHECK(run("data.amount != null").as_bool());
    CHECK(run("data.limit == period('2 years')").as_bool());
    CHECK(run("data.tags == ['construction', 'group']").as_bool());
    CHECK(run("data.employer == {uscc: '91440101MA59XXXX0X', name: '某建筑工程有限公司'}").as_bool());
    CHECK_FALSE(run("data.employer == {uscc: 'x', name: '某建筑工程有限公司'}").as_bool());
}

TEST_CASE("expression: in looks for an item in a list") {
    CHECK(run("'group' in data.tags").as_bool());
    CHECK(run("case.state in ['investigating', 'payment_ordered']").as_bool());
    CHECK_FALSE(run("data.months in [1, 2, 3]").as_bool());
    CHECK(run("data.note not in data.tags").as_bool());
}

TEST_CASE("expression: a conditional evaluates only the branch it takes") {
    CHECK(run("if data.urgent then 'fast' else 'normal'") == Value("fast"));
    CHECK(run("if data.note == null then 0 else data.big * 2") == Value(0));
}

TEST_CASE("expression: and and or stop at the first operand that decides") {
    CHECK_FALSE(run("false and data.big * 2 > 0").as_bool());
    CHECK(run("true or data.big * 2 > 0").as_bool());
    CHECK(run_error("true and data.big * 2 > 0").code == "overflow");
}

TEST_CASE("expression: overflow is an evaluation error naming the expression, not a wrap") {
    const auto error = run_error("data.big * 2");
    CHECK(error.code == "overflow");
    CHECK(error.message == "the result is too large in 'data.big * 2'");
    CHECK(error.location.column == 1);
    CHECK(run_error("data.big + data.big").code == "overflow");
    CHECK(run_error("-data.big - data.big").code == "overflow");
    CHECK(run_error("data.amount * 999999999999999").code == "overflow");
}

TEST_CASE("expression: a null where a value is needed is an evaluation error at the operand") {
    const auto error = run_error("data.amount > ¥0 and data.note + 'x' == 'x'");
    CHECK(error.code == "null_value");
    CHECK(error.message == "'data.note' is null where a value is needed");
    CHECK(error.location.column == 22);
    CHECK(run_error("data.note < 'x'").code == "null_value");
    CHECK(run_error("max(data.note, 'a') == 'a'").code == "null_value");
}

TEST_CASE("expression: a field of a null record is an evaluation error") {
    Context context = wage_context();
    context.set("data", Value(Record{{"amount", Value(yuan(1))}}));
    const auto error = run_error("data.employer.uscc == 'x'", context);
    CHECK(error.code == "null_value");
    CHECK(error.message == "'data.employer' is null, so it has no field 'uscc'");
}

TEST_CASE("expression: a root the context does not bind is an evaluation error") {
    Context context;
    context.set("data", Value(Record{}));
    const auto error = run_error("event.amount == null", context);
    CHECK(error.code == "unbound");
    CHECK(error.message == "'event' has no value in this evaluation");
}

TEST_CASE("expression: data that does not conform to the schema is an evaluation error, not a crash") {
    Context context = wage_context();
    context.set("data", Value(Record{{"amount", Value("20000.00")}, {"employer", Value(3)},
                                     {"urgent", Value(1)}, {"tags", Value("x")}}));
    CHECK(run_error("data.amount >= ¥1", context).code == "type");
    CHECK(run_error("data.amount - ¥1 == ¥0", context).code == "type");
    CHECK(run_error("data.employer.name == ''", context).message ==
          "'data.employer' holds integer where the schema says record");
    CHECK(run_error("data.urgent and true", context).message == "'data.urgent' holds integer where the schema says bool");
    CHECK(run_error("'x' in data.tags", context).code == "type");
    CHECK(run_error("count(data.tags)", context).code == "type");
}

TEST_CASE("expression: list items of the wrong kind are evaluation errors where they are read") {
    Context context = wage_context();
    context.set("data", Value(Record{{"tags", Value(List{Value(1), Value(2)})}, {"claims", Value(List{Value(1)})}}));
    CHECK(run_error("max(data.tags) == ''", context).message == "'max(data.tags)' holds integer where the schema says string");
    CHECK(run_error("count(data.claims, c -> c.months > 1)", context).message ==
          "'c' holds integer where the schema says record");
}

TEST_CASE("expression: one compiled expression evaluates against many contexts") {
    const auto guard = compiled("data.paid >= data.amount");
    for (std::int64_t paid : {0, 19'999, 20'000, 25'000}) {
        Context context = wage_context();
        context.set("data", Value(Record{{"paid", Value(yuan(paid))}, {"amount", Value(yuan(20'000))}}));
        auto result = guard.evaluate_bool(context);
        REQUIRE(result);
        CHECK(*result == (paid >= 20'000));
    }
}

TEST_CASE("expression: evaluate_bool refuses a null result") {
    auto result = compiled("if data.urgent then null else true").evaluate_bool(wage_context());
    REQUIRE_FALSE(result);
    CHECK(result.error().code == "null_value");
}

TEST_CASE("expression: a false guard reports each value it saw") {
    const auto guard = compiled("data.paid >= data.amount and case.state == 'investigating'");
    const auto evaluation = guard.explain(wage_context());
    REQUIRE(evaluation.outcome);
    CHECK(*evaluation.outcome == Value(false));
    CHECK(evaluation.describe() == "data.paid = ¥1,000.00, data.amount = ¥20,000.00");
}

TEST_CASE("expression: an explanation names whole field paths once, and lambda roots") {
    const auto evaluation =
        compiled("count(data.claims, c -> c.months >= data.months) > 0 and data.employer.uscc != ''")
            .explain(wage_context());
    REQUIRE(evaluation.outcome);
    REQUIRE(evaluation.seen.size() == 3);
    CHECK(evaluation.seen[0].expression == "data.claims");
    CHECK(evaluation.seen[1].expression == "data.months");
    CHECK(evaluation.seen[2].expression == "data.employer.uscc");
}

TEST_CASE("expression: an explanation keeps the values seen before an evaluation error") {
    const auto evaluation = compiled("data.months > 1 and data.big * 2 > 0").explain(wage_context());
    REQUIRE_FALSE(evaluation.outcome);
    CHECK(evaluation.outcome.error().code == "overflow");
    CHECK(evaluation.describe() == "data.months = 4, data.big = 9000000000000000000");
}
