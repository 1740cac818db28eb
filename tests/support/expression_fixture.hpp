// Test helpers for the expression language: a wage-complaint schema, a case to evaluate
// against, and one-line compile/evaluate helpers that fail the test on the unexpected path.
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "rules/expr/expression.hpp"

namespace wg::test {

using rules::Context;
using rules::FunctionRegistry;
using rules::List;
using rules::Money;
using rules::Rate;
using rules::Record;
using rules::Schema;
using rules::Type;
using rules::Value;

inline Money yuan(std::int64_t whole) { return Money{whole * 100}; }

inline rules::Date day(const char* iso) { return *rules::parse_date(iso); }

inline Type claim_type() {
    return Type::record({{"months", Type::integer()}, {"amount", Type::money()}, {"name", Type::string()}});
}

/// data.*, event.*, case.* and today, as a wage_complaint workflow would declare them.
inline Schema wage_schema() {
    Schema schema;
    const std::pair<const char*, Type> paths[] = {
        {"data.amount", Type::money()},           {"data.paid", Type::money()},
        {"data.due_date", Type::date()},          {"data.months", Type::integer()},
        {"data.rate", Type::rate()},              {"data.employer.uscc", Type::string()},
        {"data.employer.name", Type::string()},   {"data.claims", Type::list(claim_type())},
        {"data.tags", Type::list(Type::string())}, {"data.urgent", Type::boolean()},
        {"data.filed_at", Type::timestamp()},     {"data.limit", Type::period()},
        {"data.note", Type::string()},            {"data.big", Type::integer()},
        {"event.due_date", Type::date()},         {"event.amount", Type::money()},
        {"case.state", Type::string()},           {"case.region", Type::string()},
        {"today", Type::date()},
    };
    for (const auto& [path, type] : paths) REQUIRE(schema.add(path, type));
    return schema;
}

inline Value claim(std::int64_t months, std::int64_t amount_yuan, const char* name) {
    return Value(Record{{"months", Value(months)}, {"amount", Value(yuan(amount_yuan))},
                        {"name", Value(name)}});
}

/// A case with ¥20,000 owed, ¥1,000 paid, three claims and a note left null.
inline Context wage_context() {
    Record employer{{"uscc", Value("91440101MA59XXXX0X")}, {"name", Value("某建筑工程有限公司")}};
    Record data{
        {"amount", Value(yuan(20'000))},
        {"paid", Value(yuan(1'000))},
        {"due_date", Value(day("2025-09-15"))},
        {"months", Value(4)},
        {"rate", Value(Rate{15'000'000})},
        {"employer", Value(std::move(employer))},
        {"claims", Value(List{claim(3, 8'000, "张三"), claim(1, 2'000, "李四"), claim(5, 10'000, "王五")})},
        {"tags", Value(List{Value("construction"), Value("group")})},
        {"urgent", Value(true)},
        {"filed_at", Value(*rules::parse_instant("2025-09-19T15:30:00Z"))},
        {"limit", Value(rules::Period{2, rules::PeriodUnit::years})},
        {"note", Value()},
        {"big", Value(std::int64_t{9'000'000'000'000'000'000})},
    };
    Record event{{"due_date", Value(day("2025-10-01"))}, {"amount", Value(yuan(500))}};
    Record dispute{{"state", Value("investigating")}, {"region", Value("440111")}};
    Context context;
    context.set("data", Value(std::move(data)))
        .set("event", Value(std::move(event)))
        .set("case", Value(std::move(dispute)))
        .set("today", Value(day("2025-09-20")));
    return context;
}

inline const FunctionRegistry& no_functions() {
    static const FunctionRegistry registry;
    return registry;
}

/// Compiles against the wage schema; the test fails if it does not compile.
inline rules::Expression compiled(std::string_view source, const FunctionRegistry& functions = no_functions()) {
    auto expression = rules::compile_expression(source, wage_schema(), functions);
    if (!expression) FAIL("'" << source << "' does not compile: " << expression.error().to_string());
    return *expression;
}

/// The value of `source` in the wage context; the test fails on any error.
inline Value run(std::string_view source, const FunctionRegistry& functions = no_functions()) {
    auto value = compiled(source, functions).evaluate(wage_context());
    if (!value) FAIL("'" << source << "' fails: " << value.error().to_string());
    return *value;
}

/// The error compiling `source`; the test fails if it compiles.
inline Error compile_error(std::string_view source, const FunctionRegistry& functions = no_functions()) {
    auto expression = rules::compile_expression(source, wage_schema(), functions);
    if (expression) FAIL("'" << source << "' compiled, but an error was expected");
    return expression.error();
}

/// The error evaluating `source` in `context`; the test fails if it compiles badly or succeeds.
inline Error run_error(std::string_view source, const Context& context = wage_context(),
                       const FunctionRegistry& functions = no_functions()) {
    auto value = compiled(source, functions).evaluate(context);
    if (value) FAIL("'" << source << "' gave " << rules::format_value(*value) << ", but an error was expected");
    return value.error();
}

}  // namespace wg::test
