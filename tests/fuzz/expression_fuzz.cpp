// libFuzzer target for the expression language. Any bytes go through compile; what compiles is
// evaluated and explained against three contexts (a sample case, an empty one, and data of the
// wrong types). Nothing may crash, hang or exhaust the stack; every failure must be an error
// value located inside the source; a result must conform to the expression's type.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string_view>

#include "rules/expr/expression.hpp"

namespace {

using namespace wg::rules;

void require(bool condition) {
    if (!condition) std::abort();
}

Type claim_type() {
    return Type::record({{"months", Type::integer()}, {"amount", Type::money()}, {"name", Type::string()}});
}

Schema fuzz_schema() {
    Schema schema;
    const std::pair<const char*, Type> paths[] = {
        {"data.amount", Type::money()},    {"data.paid", Type::money()},
        {"data.due_date", Type::date()},   {"data.months", Type::integer()},
        {"data.rate", Type::rate()},       {"data.employer.uscc", Type::string()},
        {"data.claims", Type::list(claim_type())}, {"data.tags", Type::list(Type::string())},
        {"data.urgent", Type::boolean()},  {"data.filed_at", Type::timestamp()},
        {"data.limit", Type::period()},    {"data.note", Type::string()},
        {"data.big", Type::integer()},     {"event.amount", Type::money()},
        {"case.state", Type::string()},    {"case.region", Type::string()},
        {"today", Type::date()},
    };
    for (const auto& [path, type] : paths) require(schema.add(path, type).has_value());
    return schema;
}

FunctionRegistry fuzz_functions() {
    FunctionRegistry functions;
    require(functions
                .add(HostFunction{"final_award_cap", {Type::string(), Type::date()}, Type::money(),
                                  [](std::span<const Value> args) -> wg::Expected<Value> {
                                      if (args[0].as_string().empty()) return wg::fail("law_parameter", "no region");
                                      return Value(Money{3'000'000});
                                  },
                                  {}})
                .has_value());
    require(functions
                .add(HostFunction{"add_period", {Type::date(), Type::period()}, Type::date(),
                                  [](std::span<const Value> args) -> wg::Expected<Value> {
                                      const auto days = std::chrono::days{args[1].as_period().count};
                                      return Value(Date{std::chrono::sys_days(args[0].as_date()) + days});
                                  },
                                  {}})
                .has_value());
    require(functions
                .add(HostFunction{"describe", {Type::any()}, Type::string(),
                                  [](std::span<const Value> args) -> wg::Expected<Value> {
                                      return Value(format_value(args[0]));
                                  },
                                  {}})
                .has_value());
    return functions;
}

Value claim(std::int64_t months, std::int64_t fen, const char* name) {
    return Value(Record{{"months", Value(months)}, {"amount", Value(Money{fen})}, {"name", Value(name)}});
}

Context sample_context() {
    Record data{
        {"amount", Value(Money{2'000'000})},
        {"paid", Value(Money{100'000})},
        {"due_date", Value(Date{std::chrono::year{2025} / 9 / 15})},
        {"months", Value(4)},
        {"rate", Value(Rate{15'000'000})},
        {"employer", Value(Record{{"uscc", Value("91440101MA59XXXX0X")}})},
        {"claims", Value(List{claim(3, 800'000, "张三"), claim(1, 200'000, "李四"), claim(5, 1'000'000, "王五")})},
        {"tags", Value(List{Value("construction"), Value("group")})},
        {"urgent", Value(true)},
        {"filed_at", Value(Instant{std::chrono::milliseconds{1'758'295'800'000}})},
        {"limit", Value(Period{2, PeriodUnit::years})},
        {"big", Value(std::int64_t{9'000'000'000'000'000'000})},
    };
    Context context;
    context.set("data", Value(std::move(data)))
        .set("event", Value(Record{{"amount", Value(Money{50'000})}}))
        .set("case", Value(Record{{"state", Value("investigating")}, {"region", Value("440111")}}))
        .set("today", Value(Date{std::chrono::year{2025} / 9 / 20}));
    return context;
}

// Every field holds a value of the wrong kind: the evaluator must answer `type`, not crash.
Context mismatched_context() {
    Record data{{"amount", Value("20000.00")}, {"claims", Value(List{Value(1), Value()})},
                {"employer", Value(7)},       {"tags", Value(Record{})},
                {"urgent", Value(Money{1})},  {"months", Value("4")}};
    Context context;
    context.set("data", Value(std::move(data))).set("case", Value(List{})).set("today", Value(true));
    return context;
}

struct Fixture {
    Schema schema = fuzz_schema();
    FunctionRegistry functions = fuzz_functions();
    Context sample = sample_context();
    Context empty;
    Context mismatched = mismatched_context();
};

std::uint32_t line_count(std::string_view source) {
    std::uint32_t lines = 1;
    for (const char c : source) lines += c == '\n' ? 1 : 0;
    return lines;
}

void require_located(const wg::Error& error, std::string_view source) {
    require(!error.code.empty() && !error.message.empty());
    require(error.location.line >= 1 && error.location.line <= line_count(source));
    require(error.location.column >= 1 && error.location.column <= source.size() + 1);
}

// The kind of a result is always its static type's; all of it conforms when the data does.
bool has_static_kind(const Value& value, const Type& type) {
    return value.is_null() || static_cast<int>(value.kind()) == static_cast<int>(type.kind());
}

void evaluate_all_ways(const Expression& expression, const Context& context, bool data_conforms,
                       std::string_view source) {
    const auto value = expression.evaluate(context);
    const auto evaluation = expression.explain(context);
    require(value.has_value() == evaluation.outcome.has_value());
    if (value) {
        require(has_static_kind(*value, expression.type()));
        require(!data_conforms || conforms(*value, expression.type()));
        require(*value == *evaluation.outcome);
        (void)format_value(*value);
    } else {
        require_located(value.error(), source);
        require(value.error().code == evaluation.outcome.error().code);
    }
    (void)evaluation.describe();
    if (expression.type().is(TypeKind::boolean)) (void)expression.evaluate_bool(context);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const Fixture fixture;
    const std::string_view source(reinterpret_cast<const char*>(data), size);
    const auto expression = compile_expression(source, fixture.schema, fixture.functions);
    if (!expression) {
        require_located(expression.error(), source);
        return 0;
    }
    require(expression->source() == source);
    evaluate_all_ways(*expression, fixture.sample, true, source);
    evaluate_all_ways(*expression, fixture.empty, true, source);
    evaluate_all_ways(*expression, fixture.mismatched, false, source);
    return 0;
}
