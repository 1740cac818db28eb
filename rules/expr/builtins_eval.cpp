// Evaluation of the built-in functions: list functions (with their lambdas), coalesce,
// rounding and dates.
#include <cassert>
#include <chrono>

#include "rules/expr/arithmetic.hpp"
#include "rules/expr/evaluator.hpp"
#include "rules/money.hpp"

namespace wg::rules::expr {

const Value* Evaluator::builtin(const Instruction& instruction, Value& scratch) {
    switch (instruction.op) {
        case Op::count:
        case Op::count_if: return count(instruction, scratch);
        case Op::sum:
        case Op::sum_of: return sum(instruction, scratch);
        case Op::min_list:
        case Op::max_list:
        case Op::min_of:
        case Op::max_of: return extreme(instruction, scratch);
        case Op::min_args:
        case Op::max_args: return extreme_of_values(instruction, scratch);
        case Op::any_list:
        case Op::all_list:
        case Op::any_if:
        case Op::all_if: return any_all(instruction);
        case Op::filter:
        case Op::map: return filter_map(instruction, scratch);
        case Op::coalesce: return coalesce(instruction, scratch);
        case Op::round_half_up: return round_half_up(instruction, scratch);
        case Op::legal_date:
        case Op::days_between: return date_function(instruction, scratch);
        default: break;
    }
    assert(false && "the checker chose an operation the evaluator lacks");
    return fail("internal", "unknown operation", instruction);
}

const Value* Evaluator::scanned_list(const Instruction& instruction, Value& scratch) {
    const Value* list = typed(instruction, 0, ValueKind::list, scratch);
    if (list == nullptr || !charge(list->as_list().size(), instruction)) return nullptr;
    return list;
}

const Value* Evaluator::apply(const Instruction& instruction, const Value& element, Value& scratch) {
    locals_[instruction.slot] = &element;
    return eval(program_.operand(instruction, 1), scratch);
}

int Evaluator::test(const Instruction& instruction, const Value& element) {
    Value holder;
    const Value* result = apply(instruction, element, holder);
    if (result == nullptr) return -1;
    if (result->kind() == ValueKind::boolean) return result->as_bool() ? 1 : 0;
    fail(result->is_null() ? "null_value" : "type",
         quote_operand(instruction, 1) + " gave " + std::string(kind_name(result->kind())) +
             " for an item, not bool", instruction);
    return -1;
}

const Value* Evaluator::count(const Instruction& instruction, Value& scratch) {
    Value holder;
    const Value* list = scanned_list(instruction, holder);
    if (list == nullptr) return nullptr;
    std::int64_t matches = 0;
    for (const Value& element : list->as_list()) {
        const int passed = instruction.op == Op::count ? 1 : test(instruction, element);
        if (passed < 0) return nullptr;
        matches += passed;
    }
    scratch = Value(matches);
    return &scratch;
}

const Value* Evaluator::sum(const Instruction& instruction, Value& scratch) {
    Value holder;
    const Value* list = scanned_list(instruction, holder);
    if (list == nullptr) return nullptr;
    Value total = instruction.kind == ValueKind::money ? Value(Money{0}) : Value(std::int64_t{0});
    for (const Value& element : list->as_list()) {
        Value item_holder;
        const Value* item = instruction.op == Op::sum ? &element : apply(instruction, element, item_holder);
        if (item == nullptr) return nullptr;
        if (item->is_null())
            return fail("null_value", "an item added up by " + quote(instruction) + " is null", instruction);
        auto next = add_values(total, *item);
        if (!next) return store(std::move(next), instruction, scratch);
        total = std::move(*next);
    }
    scratch = std::move(total);
    return &scratch;
}

// min or max of a list, of the lambda's results over a list; null for an empty list.
const Value* Evaluator::extreme(const Instruction& instruction, Value& scratch) {
    const bool is_min = instruction.op == Op::min_list || instruction.op == Op::min_of;
    const bool projected = instruction.op == Op::min_of || instruction.op == Op::max_of;
    Value holder;
    const Value* list = scanned_list(instruction, holder);
    if (list == nullptr) return nullptr;
    Value best;
    for (const Value& element : list->as_list()) {
        Value item_holder;
        const Value* item = projected ? apply(instruction, element, item_holder) : &element;
        if (item == nullptr) return nullptr;
        if (item->is_null())
            return fail("null_value", "an item compared by " + quote(instruction) + " is null", instruction);
        if (best.is_null()) {
            best = *item;
            continue;
        }
        const auto order = expr::order(*item, best);
        if (!order) return fail("type", "items of different kinds in " + quote(instruction), instruction);
        if (is_min ? *order < 0 : *order > 0) best = *item;
    }
    scratch = std::move(best);
    return conforming(&scratch, instruction);
}

const Value* Evaluator::extreme_of_values(const Instruction& instruction, Value& scratch) {
    const bool is_min = instruction.op == Op::min_args;
    Value best;
    for (std::size_t i = 0; i < instruction.count; ++i) {
        Value holder;
        const Value* item = present(instruction, i, holder);
        if (item == nullptr) return nullptr;
        if (i == 0) {
            best = *item;
            continue;
        }
        const auto order = expr::order(*item, best);
        if (!order) return fail("type", "arguments of different kinds in " + quote(instruction), instruction);
        if (is_min ? *order < 0 : *order > 0) best = *item;
    }
    scratch = std::move(best);
    return &scratch;
}

const Value* Evaluator::any_all(const Instruction& instruction) {
    const bool is_any = instruction.op == Op::any_list || instruction.op == Op::any_if;
    const bool projected = instruction.op == Op::any_if || instruction.op == Op::all_if;
    Value holder;
    const Value* list = scanned_list(instruction, holder);
    if (list == nullptr) return nullptr;
    for (const Value& element : list->as_list()) {
        if (!projected && element.kind() != ValueKind::boolean)
            return fail(element.is_null() ? "null_value" : "type",
                        "an item of " + quote_operand(instruction, 0) + " is " +
                            std::string(kind_name(element.kind())) + ", not bool", instruction);
        const int passed = projected ? test(instruction, element) : element.as_bool() ? 1 : 0;
        if (passed < 0) return nullptr;
        if ((passed == 1) == is_any) return constant_of(is_any);  // decided
    }
    return constant_of(!is_any);
}

const Value* Evaluator::filter_map(const Instruction& instruction, Value& scratch) {
    Value holder;
    const Value* list = scanned_list(instruction, holder);
    if (list == nullptr) return nullptr;
    List out;
    for (const Value& element : list->as_list()) {
        if (instruction.op == Op::filter) {
            const int passed = test(instruction, element);
            if (passed < 0) return nullptr;
            if (passed == 1) out.push_back(element);
            continue;
        }
        Value item_holder;
        const Value* item = apply(instruction, element, item_holder);
        if (item == nullptr) return nullptr;
        out.push_back(*item);
    }
    scratch = Value(std::move(out));
    return &scratch;
}

const Value* Evaluator::coalesce(const Instruction& instruction, Value& scratch) {
    for (std::size_t i = 0; i < instruction.count; ++i) {
        const Value* value = eval(program_.operand(instruction, i), scratch);
        if (value == nullptr || !value->is_null()) return value;
    }
    return null_constant();
}

const Value* Evaluator::round_half_up(const Instruction& instruction, Value& scratch) {
    Value money_holder;
    Value rate_holder;
    const Value* amount = typed(instruction, 0, ValueKind::money, money_holder);
    if (amount == nullptr) return nullptr;
    const Value* rate = typed(instruction, 1, ValueKind::rate, rate_holder);
    if (rate == nullptr) return nullptr;
    auto rounded = apply_rate_half_up(amount->as_money(), rate->as_rate());
    if (!rounded) return fail(rounded.error().code, rounded.error().message + " in " + quote(instruction), instruction);
    scratch = Value(*rounded);
    return &scratch;
}

const Value* Evaluator::date_function(const Instruction& instruction, Value& scratch) {
    Value first_holder;
    Value second_holder;
    if (instruction.op == Op::legal_date) {
        const Value* instant = typed(instruction, 0, ValueKind::timestamp, first_holder);
        if (instant == nullptr) return nullptr;
        scratch = Value(legal_date(instant->as_timestamp()));
        return &scratch;
    }
    const Value* from = typed(instruction, 0, ValueKind::date, first_holder);
    if (from == nullptr) return nullptr;
    const Value* to = typed(instruction, 1, ValueKind::date, second_holder);
    if (to == nullptr) return nullptr;
    const auto days = std::chrono::sys_days(to->as_date()) - std::chrono::sys_days(from->as_date());
    scratch = Value(static_cast<std::int64_t>(days.count()));
    return &scratch;
}

}  // namespace wg::rules::expr
