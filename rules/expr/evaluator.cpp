// The evaluator's core: names, fields, operators, literals and host calls.
#include "rules/expr/evaluator.hpp"

#include "rules/expr/arithmetic.hpp"

namespace wg::rules::expr {
namespace {

// The work of comparing or joining a value beyond one step: its items, or its bytes / 64.
std::size_t breadth(const Value& value) {
    switch (value.kind()) {
        case ValueKind::list: return value.as_list().size();
        case ValueKind::record: return value.as_record().size();
        case ValueKind::string: return value.as_string().size() / 64;
        default: return 0;
    }
}

bool holds(std::strong_ordering order, Op op) {
    switch (op) {
        case Op::less: return order < 0;
        case Op::less_equal: return order <= 0;
        case Op::greater: return order > 0;
        default: return order >= 0;
    }
}

}  // namespace

const Value* constant_of(bool flag) {
    static const Value kTrue(true);
    static const Value kFalse(false);
    return flag ? &kTrue : &kFalse;
}

const Value* null_constant() {
    static const Value kNull;
    return &kNull;
}

const Value* Evaluator::eval(std::uint32_t at, Value& scratch) {
    const Instruction& instruction = program_.code[at];
    if (instruction.op == Op::constant) return &instruction.constant;  // free: no work, no record
    if (!charge(1, instruction)) return nullptr;
    const Value* result = dispatch(instruction, scratch);
    if (seen_ != nullptr && instruction.observe && result != nullptr) observe(instruction, *result);
    return result;
}

const Value* Evaluator::dispatch(const Instruction& instruction, Value& scratch) {
    switch (instruction.op) {
        case Op::constant: return &instruction.constant;
        case Op::path: return path(instruction);
        case Op::local: return conforming(locals_[instruction.slot], instruction);
        case Op::field: return field(instruction, scratch);
        case Op::negate:
        case Op::logical_not: return negation(instruction, scratch);
        case Op::logical_and:
        case Op::logical_or: return logical(instruction);
        case Op::add:
        case Op::subtract:
        case Op::multiply: return arithmetic_op(instruction, scratch);
        case Op::equal:
        case Op::not_equal: return equality(instruction);
        case Op::less:
        case Op::less_equal:
        case Op::greater:
        case Op::greater_equal: return ordering(instruction);
        case Op::in_list:
        case Op::not_in_list: return membership(instruction);
        case Op::conditional: return conditional(instruction, scratch);
        case Op::make_list: return make_list(instruction, scratch);
        case Op::make_record: return make_record(instruction, scratch);
        case Op::call_host: return call_host(instruction, scratch);
        default: return builtin(instruction, scratch);
    }
}

// Case data: a root name and the fields below it. Nothing is copied; a missing field reads as
// null, as an absent JSON member does.
const Value* Evaluator::path(const Instruction& instruction) {
    const Value* value = context_.find(instruction.name);
    if (value == nullptr)
        return fail("unbound", "'" + instruction.name + "' has no value in this evaluation", instruction);
    for (std::size_t i = 0; i < instruction.keys.size(); ++i) {
        if (value->is_null())
            return fail("null_value", "'" + path_prefix(instruction, i) + "' is null, so it has no field '" +
                                          instruction.keys[i] + "'", instruction);
        if (value->kind() != ValueKind::record)
            return fail("type", "'" + path_prefix(instruction, i) + "' holds " +
                                    std::string(kind_name(value->kind())) + " where the schema says record",
                        instruction);
        value = value->as_record().find(instruction.keys[i]);
        if (value == nullptr) value = null_constant();
    }
    return conforming(value, instruction);
}

std::string Evaluator::path_prefix(const Instruction& instruction, std::size_t fields) const {
    std::string text = instruction.name;
    for (std::size_t i = 0; i < fields; ++i) text += "." + instruction.keys[i];
    return text;
}

// A field of a computed record (a lambda parameter, a call's result); missing reads as null.
const Value* Evaluator::field(const Instruction& instruction, Value& scratch) {
    Value holder;
    const Value* record = eval(program_.operand(instruction, 0), holder);
    if (record == nullptr) return nullptr;
    if (record->is_null())
        return fail("null_value", quote_operand(instruction, 0) + " is null, so it has no field '" +
                                      instruction.name + "'", instruction);
    if (record->kind() != ValueKind::record)
        return fail("type", quote_operand(instruction, 0) + " holds " +
                                std::string(kind_name(record->kind())) + ", not a record", instruction);
    const Value* found = record->as_record().find(instruction.name);
    if (found == nullptr) return null_constant();
    if (conforming(found, instruction) == nullptr) return nullptr;
    if (record != &holder) return found;
    scratch = *found;  // the record dies with `holder`
    return &scratch;
}

const Value* Evaluator::negation(const Instruction& instruction, Value& scratch) {
    if (instruction.op == Op::logical_not) {
        const Value* operand = typed(instruction, 0, ValueKind::boolean, scratch);
        return operand == nullptr ? nullptr : constant_of(!operand->as_bool());
    }
    Value holder;
    const Value* operand = present(instruction, 0, holder);
    if (operand == nullptr) return nullptr;
    return store(negate(*operand), instruction, scratch);
}

const Value* Evaluator::logical(const Instruction& instruction) {
    const bool is_and = instruction.op == Op::logical_and;
    Value holder;
    const Value* left = typed(instruction, 0, ValueKind::boolean, holder);
    if (left == nullptr) return nullptr;
    if (left->as_bool() != is_and) return constant_of(!is_and);  // short circuit
    const Value* right = typed(instruction, 1, ValueKind::boolean, holder);
    return right == nullptr ? nullptr : constant_of(right->as_bool());
}

const Value* Evaluator::arithmetic_op(const Instruction& instruction, Value& scratch) {
    Value left_holder;
    Value right_holder;
    const Value* left = present(instruction, 0, left_holder);
    if (left == nullptr) return nullptr;
    const Value* right = present(instruction, 1, right_holder);
    if (right == nullptr || !charge(breadth(*left) + breadth(*right), instruction)) return nullptr;
    return store(arithmetic(instruction.op, *left, *right), instruction, scratch);
}

const Value* Evaluator::equality(const Instruction& instruction) {
    Value left_holder;
    Value right_holder;
    const Value* left = eval(program_.operand(instruction, 0), left_holder);
    if (left == nullptr) return nullptr;
    const Value* right = eval(program_.operand(instruction, 1), right_holder);
    if (right == nullptr || !charge(breadth(*left), instruction)) return nullptr;
    return constant_of((*left == *right) == (instruction.op == Op::equal));
}

const Value* Evaluator::ordering(const Instruction& instruction) {
    Value left_holder;
    Value right_holder;
    const Value* left = present(instruction, 0, left_holder);
    if (left == nullptr) return nullptr;
    const Value* right = present(instruction, 1, right_holder);
    if (right == nullptr) return nullptr;
    const auto order = expr::order(*left, *right);
    if (!order)
        return fail("type", "cannot order " + std::string(kind_name(left->kind())) + " against " +
                                std::string(kind_name(right->kind())), instruction);
    return constant_of(holds(*order, instruction.op));
}

const Value* Evaluator::membership(const Instruction& instruction) {
    Value item_holder;
    Value list_holder;
    const Value* item = eval(program_.operand(instruction, 0), item_holder);
    if (item == nullptr) return nullptr;
    const Value* list = typed(instruction, 1, ValueKind::list, list_holder);
    if (list == nullptr || !charge(breadth(*list), instruction)) return nullptr;
    bool found = false;
    for (const Value& element : list->as_list()) {
        if (!(element == *item)) continue;
        found = true;
        break;
    }
    return constant_of(found == (instruction.op == Op::in_list));
}

const Value* Evaluator::conditional(const Instruction& instruction, Value& scratch) {
    Value holder;
    const Value* condition = typed(instruction, 0, ValueKind::boolean, holder);
    if (condition == nullptr) return nullptr;
    return eval(program_.operand(instruction, condition->as_bool() ? 1 : 2), scratch);
}

const Value* Evaluator::make_list(const Instruction& instruction, Value& scratch) {
    List items;
    items.reserve(instruction.count);
    for (std::size_t i = 0; i < instruction.count; ++i) {
        Value holder;
        const Value* item = eval(program_.operand(instruction, i), holder);
        if (item == nullptr) return nullptr;
        items.push_back(*item);
    }
    scratch = Value(std::move(items));
    return &scratch;
}

const Value* Evaluator::make_record(const Instruction& instruction, Value& scratch) {
    Record record;
    for (std::size_t i = 0; i < instruction.count; ++i) {
        Value holder;
        const Value* field = eval(program_.operand(instruction, i), holder);
        if (field == nullptr) return nullptr;
        record.set(instruction.keys[i], *field);
    }
    scratch = Value(std::move(record));
    return &scratch;
}

const Value* Evaluator::call_host(const Instruction& instruction, Value& scratch) {
    const HostFunction& function = *program_.hosts[instruction.slot];
    std::vector<Value> arguments(instruction.count);
    for (std::size_t i = 0; i < instruction.count; ++i) {
        const bool nullable = function.parameters[i].is(TypeKind::any);
        const Value* argument = nullable ? eval(program_.operand(instruction, i), arguments[i])
                                         : present(instruction, i, arguments[i]);
        if (argument == nullptr) return nullptr;
        if (argument != &arguments[i]) arguments[i] = *argument;
    }
    auto result = function.implementation(arguments);
    if (!result) return fail(result.error().code, function.name + ": " + result.error().message, instruction);
    if (!conforms(*result, function.result))
        return fail("host", function.name + " returned " + std::string(kind_name(result->kind())) +
                                " but declares " + function.result.to_string(), instruction);
    scratch = std::move(*result);
    return &scratch;
}

const Value* Evaluator::present(const Instruction& instruction, std::size_t i, Value& scratch) {
    const Value* value = eval(program_.operand(instruction, i), scratch);
    if (value == nullptr || !value->is_null()) return value;
    return fail("null_value", quote_operand(instruction, i) + " is null where a value is needed",
                program_.code[program_.operand(instruction, i)]);
}

const Value* Evaluator::typed(const Instruction& instruction, std::size_t i, ValueKind kind,
                              Value& scratch) {
    const Value* value = present(instruction, i, scratch);
    if (value == nullptr || value->kind() == kind) return value;
    return fail("type", quote_operand(instruction, i) + " holds " +
                            std::string(kind_name(value->kind())) + " where " +
                            std::string(kind_name(kind)) + " was expected",
                program_.code[program_.operand(instruction, i)]);
}

bool Evaluator::over_budget(const Instruction& instruction) {
    fail("limit", "evaluation takes more than " + std::to_string(kMaxSteps) + " steps", instruction);
    return false;
}

const Value* Evaluator::not_conforming(const Value& value, const Instruction& instruction) {
    return fail("type", quote(instruction) + " holds " + std::string(kind_name(value.kind())) +
                            " where the schema says " + std::string(kind_name(instruction.kind)),
                instruction);
}

const Value* Evaluator::store(Expected<Value> result, const Instruction& instruction, Value& scratch) {
    if (!result)
        return fail(result.error().code, result.error().message + " in " + quote(instruction), instruction);
    scratch = std::move(*result);
    return &scratch;
}

const Value* Evaluator::fail(std::string code, std::string message, const Instruction& where) {
    if (!error_) error_ = error_at(std::move(code), std::move(message), where.span);
    return nullptr;
}

std::string Evaluator::quote(const Instruction& instruction) const {
    return quote_source(program_.source, instruction.span);
}

std::string Evaluator::quote_operand(const Instruction& instruction, std::size_t i) const {
    return quote(program_.code[program_.operand(instruction, i)]);
}

void Evaluator::observe(const Instruction& instruction, const Value& value) {
    const std::string text(program_.text(instruction));
    for (const auto& seen : *seen_)
        if (seen.expression == text) return;
    seen_->push_back(Observation{text, value});
}

}  // namespace wg::rules::expr
