// Evaluates a program against a context. Each call answers a pointer to its value: into the
// program (constants), the context (case data) or the caller's scratch (computed), so reading
// data copies nothing. Failures set error() and answer nullptr.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rules/expr/context.hpp"
#include "rules/expr/expression.hpp"
#include "rules/expr/limits.hpp"
#include "rules/expr/program.hpp"

namespace wg::rules::expr {

/// Shared constants the evaluator answers pointers to.
const Value* constant_of(bool flag);
const Value* null_constant();

class Evaluator {
public:
    Evaluator(const Program& program, const Context& context, std::vector<Observation>* seen)
        : program_(program), context_(context), locals_(program.local_count), seen_(seen) {}

    /// The value of instruction `at`, or nullptr with error() set.
    const Value* eval(std::uint32_t at, Value& scratch);
    [[nodiscard]] const Error& error() const { return *error_; }

private:
    const Value* dispatch(const Instruction& instruction, Value& scratch);
    const Value* path(const Instruction& instruction);
    [[nodiscard]] std::string path_prefix(const Instruction& instruction, std::size_t fields) const;
    const Value* field(const Instruction& instruction, Value& scratch);
    const Value* negation(const Instruction& instruction, Value& scratch);
    const Value* logical(const Instruction& instruction);
    const Value* arithmetic_op(const Instruction& instruction, Value& scratch);
    const Value* equality(const Instruction& instruction);
    const Value* ordering(const Instruction& instruction);
    const Value* membership(const Instruction& instruction);
    const Value* conditional(const Instruction& instruction, Value& scratch);
    const Value* make_list(const Instruction& instruction, Value& scratch);
    const Value* make_record(const Instruction& instruction, Value& scratch);
    const Value* call_host(const Instruction& instruction, Value& scratch);

    // Built-in functions (builtins_eval.cpp).
    const Value* builtin(const Instruction& instruction, Value& scratch);
    const Value* count(const Instruction& instruction, Value& scratch);
    const Value* sum(const Instruction& instruction, Value& scratch);
    const Value* extreme(const Instruction& instruction, Value& scratch);
    const Value* extreme_of_values(const Instruction& instruction, Value& scratch);
    const Value* any_all(const Instruction& instruction);
    const Value* filter_map(const Instruction& instruction, Value& scratch);
    const Value* coalesce(const Instruction& instruction, Value& scratch);
    const Value* round_half_up(const Instruction& instruction, Value& scratch);
    const Value* date_function(const Instruction& instruction, Value& scratch);

    /// The operand's value; null is an error naming the operand.
    const Value* present(const Instruction& instruction, std::size_t i, Value& scratch);
    /// The operand's value, which must be present and of `kind`.
    const Value* typed(const Instruction& instruction, std::size_t i, ValueKind kind, Value& scratch);
    /// Operand 0 as a list, its items charged as work.
    const Value* scanned_list(const Instruction& instruction, Value& scratch);
    /// Counts `steps` of work; false (with a `limit` error) once the budget is spent.
    bool charge(std::size_t steps, const Instruction& instruction) {
        steps_ += steps;
        return steps_ <= kMaxSteps || over_budget(instruction);
    }
    bool over_budget(const Instruction& instruction);
    /// The lambda body (operand 1) applied to one list element.
    const Value* apply(const Instruction& instruction, const Value& element, Value& scratch);
    /// The lambda body as a predicate: 1 true, 0 false, -1 failed.
    int test(const Instruction& instruction, const Value& element);
    /// `value` when its kind is the instruction's static kind (or null), else a `type` error:
    /// data that does not match the schema stops here instead of flowing on.
    const Value* conforming(const Value* value, const Instruction& instruction) {
        if (value == nullptr || value->is_null() || instruction.kind == ValueKind::null ||
            value->kind() == instruction.kind)
            return value;
        return not_conforming(*value, instruction);
    }
    const Value* not_conforming(const Value& value, const Instruction& instruction);
    const Value* store(Expected<Value> result, const Instruction& instruction, Value& scratch);
    const Value* fail(std::string code, std::string message, const Instruction& where);
    [[nodiscard]] std::string quote(const Instruction& instruction) const;
    [[nodiscard]] std::string quote_operand(const Instruction& instruction, std::size_t i) const;
    void observe(const Instruction& instruction, const Value& value);

    const Program& program_;
    const Context& context_;
    std::vector<const Value*> locals_;  // lambda parameters, pointing at list elements
    std::size_t steps_ = 0;
    std::vector<Observation>* seen_;
    std::optional<Error> error_;
};

}  // namespace wg::rules::expr
