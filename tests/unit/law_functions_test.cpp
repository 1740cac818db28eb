// The law parameters as expressions see them: guards over the shipped config/rules, each answer
// a record of the value and the rule that produced it (DOMAIN.md §12 S4, S12, S21).
#include <doctest/doctest.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "rules/law_functions.hpp"
#include "tests/support/expression_fixture.hpp"
#include "tests/support/shipped_law.hpp"

using namespace wg::test;
using wg::Error;
using wg::rules::ContractorRecord;
using wg::rules::LawParameters;

namespace {

const FunctionRegistry& law_host() {
    static const FunctionRegistry functions = [] {
        FunctionRegistry registry;
        auto added = wg::rules::register_law_functions(
            registry, std::make_shared<const LawParameters>(shipped_law()));
        if (!added) throw std::runtime_error(added.error().message);
        return registry;
    }();
    return functions;
}

// A claim as a workflow declares it: the fields the law reads, plus one it ignores.
Type filed_claim_type() {
    return Type::record(
        {{"amount", Type::money()}, {"months_unpaid", Type::integer()}, {"name", Type::string()}});
}

Schema law_schema() {
    Schema schema;
    REQUIRE(schema.add("data.claims", Type::list(filed_claim_type())));
    REQUIRE(schema.add("data.old_claims", Type::list(Type::record({{"amount", Type::money()},
                                                                   {"months", Type::integer()}}))));
    REQUIRE(schema.add("data.amount", Type::money()));
    REQUIRE(schema.add("data.contract_value", Type::money()));
    REQUIRE(schema.add("data.contractor", wg::rules::contractor_record_type()));
    REQUIRE(schema.add("case.region", Type::string()));
    REQUIRE(schema.add("today", Type::date()));
    return schema;
}

Value filed_claim(const char* amount, std::int64_t months) {
    return Value(Record{{"amount", Value(*wg::rules::parse_money(amount))},
                        {"months_unpaid", Value(months)},
                        {"name", Value("张三")}});
}

Value contractor(const ContractorRecord& r) {
    return Value(Record{{"arrears_in_prior_year", Value(r.arrears_in_prior_year)},
                        {"arrears_in_prior_two_years", Value(r.arrears_in_prior_two_years)},
                        {"clean_years", Value(r.clean_years)},
                        {"concurrent_projects_in_area", Value(r.concurrent_projects_in_area)},
                        {"systems_in_place", Value(r.systems_in_place)}});
}

// A case in 清远 (441802) on 2025-09-15 with the given claims and a new contractor.
Context case_with(List claims, const char* region = "441802") {
    Context context;
    context
        .set("data", Value(Record{{"claims", Value(std::move(claims))},
                                  {"amount", Value(yuan(13'600))},
                                  {"contract_value", Value(yuan(50'000'000))},
                                  {"contractor", contractor({})}}))
        .set("case", Value(Record{{"region", Value(region)}}))
        .set("today", Value(day("2025-09-15")));
    return context;
}

Context workers(int count, const char* amount, std::int64_t months, const char* region = "441802") {
    return case_with(List(static_cast<std::size_t>(count), filed_claim(amount, months)), region);
}

wg::Expected<Value> evaluate(std::string_view source, const Context& context) {
    auto expression = wg::rules::compile_expression(source, law_schema(), law_host());
    if (!expression)
        FAIL("'" << source << "' does not compile: " << expression.error().to_string());
    return expression->evaluate(context);
}

Value value_of(std::string_view source, const Context& context = case_with({})) {
    auto value = evaluate(source, context);
    if (!value) FAIL("'" << source << "' fails: " << value.error().to_string());
    return *value;
}

bool guard(std::string_view source, const Context& context) {
    auto expression = wg::rules::compile_guard(source, law_schema(), law_host());
    if (!expression)
        FAIL("'" << source << "' does not compile: " << expression.error().to_string());
    auto outcome = expression->evaluate_bool(context);
    if (!outcome) FAIL("'" << source << "' fails: " << outcome.error().to_string());
    return *outcome;
}

Error evaluation_error(std::string_view source, const Context& context = case_with({})) {
    auto value = evaluate(source, context);
    if (value)
        FAIL("'" << source << "' gave " << wg::rules::format_value(*value)
                 << ", but an error was expected");
    return value.error();
}

Error compile_failure(std::string_view source) {
    auto expression = wg::rules::compile_expression(source, law_schema(), law_host());
    if (expression) FAIL("'" << source << "' compiled, but an error was expected");
    return expression.error();
}

constexpr const char* kReferral = "meets_criminal_threshold(data.claims, case.region, today).value";

}  // namespace

TEST_SUITE("law functions") {

TEST_CASE("S4a: in 清远 3 months × ¥3,333.33 = ¥9,999.99 owed to one worker does not reach the threshold") {
    CHECK_FALSE(guard(kReferral, workers(1, "9999.99", 3)));
    CHECK_FALSE(value_of("meets_criminal_threshold([{amount: ¥3,333.33 * 3, months_unpaid: 3}], "
                         "'4418', today).value")
                    .as_bool());
}

TEST_CASE("S4b: in 清远 3 months × ¥3,334.00 owed to one worker is eligible") {
    CHECK(guard(kReferral, workers(1, "10002.00", 3)));
    CHECK(value_of("meets_criminal_threshold([{amount: ¥3,334.00 * 3, months_unpaid: 3}], '4418', "
                   "today).value")
              .as_bool());
}

TEST_CASE("S4c: in 清远 2 months × ¥6,000 is not eligible, since the individual rule needs 3 months") {
    CHECK_FALSE(guard(kReferral, workers(1, "12000.00", 2)));
}

TEST_CASE("S4d: in 清远 10 workers × ¥6,000 = ¥60,000 is eligible under the inclusive group rule") {
    CHECK(guard(kReferral, workers(10, "6000.00", 1)));
    CHECK_FALSE(guard(kReferral, workers(10, "5999.99", 1)));
    CHECK_FALSE(guard(kReferral, workers(9, "6700.00", 1)));
}

TEST_CASE("in 广州 exactly ¥20,000.00 owed over 3 months is eligible, and the ruling names its rule") {
    const Context context = workers(1, "20000.00", 3, "440111");
    CHECK(guard(kReferral, context));
    CHECK(value_of("meets_criminal_threshold(data.claims, case.region, today).rule", context) ==
          Value("gd.criminal_threshold.class_1.2015"));
    CHECK(value_of("meets_criminal_threshold(data.claims, case.region, today).source", context)
              .as_string()
              .find("粤高法发〔2015〕4号") != std::string::npos);
    CHECK(value_of("meets_criminal_threshold(data.claims, case.region, today).explanation", context)
              .as_string() ==
          "广州 (4401) (一类地区): worker 1 is owed ¥20,000.00 over 3 months, reaching ¥20,000.00 "
          "or more owed to "
          "one worker over 3 or more months");
}

TEST_CASE("the final-award cap in 广州 on 2025-06-03 is ¥27,600.00 under 调解仲裁法 Art. 47") {
    CHECK(value_of("final_award_cap('440111', date('2025-06-03')).value == ¥27,600.00").as_bool());
    CHECK(value_of("final_award_cap('440111', date('2025-06-03')).rule") ==
          Value("ldmal.art47.final_award_cap"));
    // S12: ¥13,600 claimed in 广州 is within the cap.
    CHECK(guard("data.amount <= final_award_cap(case.region, '2025-06-03').value",
                case_with({}, "440111")));
}

TEST_CASE("the minimum wage is the city's class rate with its rule") {
    CHECK(value_of("minimum_wage(case.region, today).value") == Value(yuan(1'620)));
    CHECK(value_of("minimum_wage(case.region, today).rule") == Value("gd.min_wage.2021.class_4"));
    CHECK(value_of("minimum_wage('440304', today).value") == Value(yuan(2'360)));
}

TEST_CASE("S21: a ¥50,000,000 contract in 清远 needs a ¥750,000 deposit, ¥1,125,000 after recent arrears") {
    CHECK(value_of(
              "deposit_amount(data.contract_value, data.contractor, case.region, today).value") ==
          Value(yuan(750'000)));
    CHECK(
        value_of("deposit_amount(data.contract_value, data.contractor, case.region, today).rule") ==
        Value("gd.deposit.2021"));
    CHECK(value_of("deposit_amount(¥50,000,000.00, {arrears_in_prior_year: true, "
                   "arrears_in_prior_two_years: true, "
                   "clean_years: 0, concurrent_projects_in_area: 0, systems_in_place: false}, "
                   "'4418', today).value") == Value(yuan(1'125'000)));
}

TEST_CASE("a contractor with 3 clean years and the systems in place owes no deposit, and the ruling says exempt") {
    Context context = case_with({});
    context.set(
        "data",
        Value(Record{{"contract_value", Value(yuan(50'000'000))},
                     {"contractor", contractor({.clean_years = 3, .systems_in_place = true})}}));
    CHECK(value_of("deposit_amount(data.contract_value, data.contractor, case.region, today).value",
                   context) == Value(yuan(0)));
    CHECK(
        value_of(
            "deposit_amount(data.contract_value, data.contractor, case.region, today).explanation",
            context)
            .as_string()
            .starts_with("exempt"));
}

TEST_CASE("penalty ranges and 加付赔偿金 answer with a record of min and max") {
    CHECK(value_of("penalty_range('reg724.art54.unit', today).value.max") == Value(yuan(50'000)));
    CHECK(value_of("penalty_range('reg724.art54.unit', today).value.min") == Value(yuan(20'000)));
    CHECK(value_of("penalty_range('reg724.art54.unit', today).rule") == Value("reg724.art54.unit"));
    CHECK(value_of("additional_compensation(¥10,000.01, today).value") ==
          Value(Record{{"min", Value(Money{500'001})}, {"max", Value(Money{1'000'001})}}));
}

TEST_CASE("the result types let the checker type field access") {
    CHECK(compile_failure("final_award_cap(case.region, today) > ¥1.00").code == "type");
    const auto unknown = compile_failure("final_award_cap(case.region, today).valu");
    CHECK(unknown.code == "unknown_field");
    CHECK(unknown.message.find("did you mean 'value'") != std::string::npos);
    CHECK(wg::rules::compile_guard(kReferral, law_schema(), law_host()));
    CHECK(wg::rules::compile_guard("meets_criminal_threshold(data.claims, case.region, today)",
                                   law_schema(), law_host())
              .error()
              .code == "type");
    CHECK(compile_failure("penalty_range('reg724.art55', today).value + ¥1.00").code == "type");
}

TEST_CASE("wrong argument types are compile errors located at the argument") {
    const auto swapped = compile_failure("final_award_cap(today, case.region)");
    CHECK(swapped.code == "type");
    CHECK(swapped.location.column == 17);
    CHECK(swapped.message ==
          "argument 1 of 'final_award_cap' must be string, but 'today' has type date");

    const auto old_claims =
        compile_failure("meets_criminal_threshold(data.old_claims, case.region, today)");
    CHECK(old_claims.code == "type");
    CHECK(old_claims.location.column == 26);
    CHECK(old_claims.message ==
          "argument 1 of 'meets_criminal_threshold' must be list<record{amount: money, "
          "months_unpaid: integer}>, "
          "but 'data.old_claims' has type list<record{amount: money, months: integer}>");

    const auto partial = compile_failure(
        "deposit_amount(data.contract_value, {clean_years: 3}, case.region, today)");
    CHECK(partial.code == "type");
    CHECK(partial.location.column == 37);

    CHECK(compile_failure("deposit_amount(1000, data.contractor, case.region, today)")
              .location.column == 16);
    CHECK(compile_failure("additional_compensation(data.amount, '2025-02-30')").code == "literal");
}

TEST_CASE("a date no rule covers is an evaluation error at the call, not a guess") {
    const auto error = evaluation_error(
        "data.amount > ¥0 and meets_criminal_threshold(data.claims, case.region, "
        "date('2010-01-01')).value",
        workers(1, "20000.00", 3));
    CHECK(error.code == "no_rule");
    CHECK(error.location.column == 22);
    CHECK(error.message.starts_with(
        "meets_criminal_threshold: no rule gives the criminal threshold for region 4418 "
        "on 2010-01-01"));
    CHECK(evaluation_error("minimum_wage(case.region, '2020-01-01')").code == "no_rule");
    CHECK(evaluation_error("final_award_cap('110101', today)").code == "no_rule");
    CHECK(evaluation_error("penalty_range('no.such.key', today)").code == "no_rule");
    CHECK(evaluation_error("minimum_wage('44', today)").code == "region");
}

TEST_CASE("claims of the wrong shape in case data are evaluation errors naming the claim") {
    const Value good = filed_claim("100.00", 3);
    const auto check = [&](Value bad, const char* code, const char* message) {
        const auto error = evaluation_error(kReferral, case_with(List{good, std::move(bad)}));
        CHECK(error.code == code);
        CHECK(error.message == message);
        CHECK(error.location.column == 1);
    };
    check(Value(Record{{"amount", Value("100.00")}, {"months_unpaid", Value(3)}}), "type",
          "meets_criminal_threshold: claim 2 field 'amount' holds string where money was expected");
    check(Value(Record{{"amount", Value(yuan(100))}}), "null_value",
          "meets_criminal_threshold: claim 2 has no 'months_unpaid'");
    check(Value(Record{{"amount", Value(yuan(100))}, {"months_unpaid", Value()}}), "null_value",
          "meets_criminal_threshold: claim 2 has no 'months_unpaid'");
    check(Value(7), "type", "meets_criminal_threshold: claim 2 holds integer, not a record");
    check(Value(), "null_value", "meets_criminal_threshold: claim 2 is null");
    check(filed_claim("100.00", -1), "negative_amount",
          "meets_criminal_threshold: claim 2 has a negative months_unpaid");
    check(filed_claim("100.00", std::int64_t{1} << 40), "overflow",
          "meets_criminal_threshold: claim 2 field 'months_unpaid' is out of range: 1099511627776");
    check(filed_claim("-1.00", 3), "negative_amount",
          "meets_criminal_threshold: claim 2 is negative");
}

TEST_CASE("a contractor record of the wrong shape or contradicting itself is an evaluation error") {
    Context context = case_with({});
    const auto with_contractor = [&](Value record) {
        context.set("data", Value(Record{{"contract_value", Value(yuan(1'000'000))},
                                         {"contractor", std::move(record)}}));
        return evaluation_error(
            "deposit_amount(data.contract_value, data.contractor, case.region, today)", context);
    };
    CHECK(with_contractor(Value(Record{{"clean_years", Value(3)}})).message ==
          "deposit_amount: contractor_record has no 'arrears_in_prior_year'");
    Record wrong = contractor({}).as_record();
    wrong.set("clean_years", Value(true));
    CHECK(with_contractor(Value(wrong)).code == "type");
    const auto contradicting = with_contractor(contractor({.arrears_in_prior_year = true}));
    CHECK(contradicting.code == "inconsistent_record");
    CHECK(contradicting.message.starts_with("deposit_amount: contractor record is inconsistent"));
}

TEST_CASE("registering the law functions twice, or without law parameters, is refused and adds nothing") {
    FunctionRegistry registry;
    const auto law = std::make_shared<const LawParameters>();
    CHECK(wg::rules::register_law_functions(registry, nullptr).error().code == "function");
    REQUIRE(wg::rules::register_law_functions(registry, law));
    CHECK(registry.names() ==
          std::vector<std::string>{"additional_compensation", "deposit_amount", "final_award_cap",
                                   "meets_criminal_threshold", "minimum_wage", "penalty_range"});
    CHECK(wg::rules::register_law_functions(registry, law).error().message ==
          "function 'meets_criminal_threshold' is already registered");
    CHECK(registry.names().size() == 6);
}

TEST_CASE("an explanation of a guard that said no shows the ruling it saw") {
    auto expression = wg::rules::compile_guard(kReferral, law_schema(), law_host());
    REQUIRE(expression);
    const auto evaluation = expression->explain(workers(1, "9999.99", 3));
    REQUIRE(evaluation.outcome);
    CHECK(evaluation.outcome->as_bool() == false);
    CHECK(evaluation.describe().find("rule: \"gd.criminal_threshold.class_2.2015\"") !=
          std::string::npos);
}

}  // TEST_SUITE
