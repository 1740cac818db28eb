// The expression language of workflow guards, `set` assignments and law parameters: compile
// once against a schema and host functions, evaluate many times against contexts.
// Grammar, type rules and built-ins: rules/README.md, "The expression language".
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rules/error.hpp"
#include "rules/expected.hpp"
#include "rules/expr/context.hpp"
#include "rules/expr/functions.hpp"
#include "rules/expr/schema.hpp"
#include "rules/expr/type.hpp"
#include "rules/expr/value.hpp"

namespace wg::rules {

namespace expr {
struct Program;
}

/// One value an evaluation read: a reference to case data or a host-function call, by its
/// source text ("data.paid", "final_award_cap(case.region, today)").
struct Observation {
    std::string expression;
    Value value;
};

/// An outcome with the values the evaluation saw, for rejections such as "guard false".
struct Evaluation {
    Expected<Value> outcome;
    std::vector<Observation> seen;

    /// "data.paid = ¥1,000.00, data.amount = ¥20,000.00".
    [[nodiscard]] std::string describe() const;
};

/// A compiled expression. Immutable and cheap to copy; evaluations may run concurrently.
class Expression {
public:
    [[nodiscard]] const std::string& source() const;
    /// The static type of every value the expression yields (or null at run time).
    [[nodiscard]] const Type& type() const;

    /// Evaluates against `context`. Failures are values: `overflow`, `null_value` (a null where
    /// a value was needed), `unbound` (a root name the context lacks), `type` (data that does
    /// not conform to the schema), `limit` (too many lambda iterations) or a host function's
    /// own code; each located within the expression.
    [[nodiscard]] Expected<Value> evaluate(const Context& context) const;
    /// evaluate() for a bool expression (a guard); a null result fails with `null_value`.
    [[nodiscard]] Expected<bool> evaluate_bool(const Context& context) const;
    /// evaluate(), also recording each case-data reference and host call with its value.
    /// Slower: meant for explaining a guard that said no.
    [[nodiscard]] Evaluation explain(const Context& context) const;

private:
    friend Expected<Expression> compile_expression(std::string_view, const Schema&,
                                                   const FunctionRegistry&);
    explicit Expression(std::shared_ptr<const expr::Program> program);

    std::shared_ptr<const expr::Program> program_;
};

/// Parses, type-checks and compiles `source`. Errors are located within the expression (line
/// 1, column 1 is its first character; see relocate()) with codes `syntax`, `encoding`,
/// `limit`, `type`, `unknown_name`, `unknown_field`, `unknown_function`, `arguments` or
/// `literal`.
Expected<Expression> compile_expression(std::string_view source, const Schema& schema,
                                        const FunctionRegistry& functions);

/// compile_expression() for a guard: the expression must be bool (code `type` otherwise).
Expected<Expression> compile_guard(std::string_view source, const Schema& schema,
                                   const FunctionRegistry& functions);

/// Moves an error located within an expression to the file holding it, given where the
/// expression's first character is (for a quoted YAML scalar, one column after the quote).
/// Keeps `start.file`; an error without a location gets `start`.
void relocate(Error& error, const SourceLocation& start);

}  // namespace wg::rules
