// The pipeline: parse, check, compile once; evaluate many times; explain on request.
#include "rules/expr/expression.hpp"

#include "rules/expr/checker.hpp"
#include "rules/expr/evaluator.hpp"
#include "rules/expr/parser.hpp"
#include "rules/expr/program.hpp"

namespace wg::rules {
namespace {

Expected<Value> run(const expr::Program& program, const Context& context,
                    std::vector<Observation>* seen) {
    expr::Evaluator evaluator(program, context, seen);
    Value scratch;
    const Value* result = evaluator.eval(program.entry, scratch);
    if (result == nullptr) return Unexpected<Error>{evaluator.error()};
    return *result;
}

}  // namespace

Expression::Expression(std::shared_ptr<const expr::Program> program) : program_(std::move(program)) {}

const std::string& Expression::source() const {
    return program_->source;
}

const Type& Expression::type() const {
    return program_->type;
}

Expected<Value> Expression::evaluate(const Context& context) const {
    return run(*program_, context, nullptr);
}

Expected<bool> Expression::evaluate_bool(const Context& context) const {
    expr::Evaluator evaluator(*program_, context, nullptr);
    Value scratch;
    const Value* result = evaluator.eval(program_->entry, scratch);
    if (result == nullptr) return Unexpected<Error>{evaluator.error()};
    if (result->kind() == ValueKind::boolean) return result->as_bool();
    return fail(result->is_null() ? "null_value" : "type",
                "the expression gave " + std::string(kind_name(result->kind())) + ", not bool");
}

Evaluation Expression::explain(const Context& context) const {
    std::vector<Observation> seen;
    auto outcome = run(*program_, context, &seen);
    return Evaluation{std::move(outcome), std::move(seen)};
}

std::string Evaluation::describe() const {
    std::string out;
    for (const auto& observation : seen) {
        if (!out.empty()) out += ", ";
        out += observation.expression + " = " + format_value(observation.value);
    }
    return out;
}

Expected<Expression> compile_expression(std::string_view source, const Schema& schema,
                                        const FunctionRegistry& functions) {
    auto tree = expr::parse(source);
    if (!tree) return Unexpected<Error>{tree.error()};
    expr::Checker checker(schema, functions, source);
    if (!checker.check(**tree)) return Unexpected<Error>{checker.error()};
    auto program = expr::compile(**tree, checker, std::string(source));
    return Expression(std::make_shared<const expr::Program>(std::move(program)));
}

Expected<Expression> compile_guard(std::string_view source, const Schema& schema,
                                   const FunctionRegistry& functions) {
    auto compiled = compile_expression(source, schema, functions);
    if (!compiled || compiled->type().is(TypeKind::boolean)) return compiled;
    Error error = expr::error_at("type", "a guard must be bool, but this expression has type " +
                                             compiled->type().to_string(), expr::Span{});
    return Unexpected<Error>{std::move(error)};
}

void relocate(Error& error, const SourceLocation& start) {
    if (!error.location.known()) {
        error.location = start;
        return;
    }
    error.location.file = start.file;
    if (!start.known()) return;
    if (error.location.line == 1 && start.column != 0) error.location.column += start.column - 1;
    error.location.line += start.line - 1;
}

}  // namespace wg::rules
