// Type checking of names, fields, literals, conditionals, list and record literals, calls
// and lambdas. Operators are checked in checker_operators.cpp.
#include "rules/expr/checker.hpp"

#include <algorithm>
#include <set>

#include "rules/expr/builtins.hpp"
#include "rules/expr/scalars.hpp"
#include "rules/suggest.hpp"

namespace wg::rules::expr {
namespace {

bool has_literal_syntax(const Type& type) {
    switch (type.kind()) {
        case TypeKind::money:
        case TypeKind::rate:
        case TypeKind::date:
        case TypeKind::timestamp:
        case TypeKind::period: return true;
        default: return false;
    }
}

bool is_string_literal(const Node& node) {
    return node.kind == NodeKind::literal && node.value.kind() == ValueKind::string;
}

}  // namespace

bool Checker::check(Node& node) {
    switch (node.kind) {
        case NodeKind::literal: return check_literal(node);
        case NodeKind::name: return check_name(node);
        case NodeKind::field: return check_field(node);
        case NodeKind::unary: return check_unary(node);
        case NodeKind::binary: return check_binary(node);
        case NodeKind::conditional: return check_conditional(node);
        case NodeKind::call: return check_call(node);
        case NodeKind::list: return check_list(node);
        case NodeKind::record: return check_record(node);
        case NodeKind::lambda: break;
    }
    return fail("type", "a lambda ('" + node.text + " -> …') is only allowed as the last "
                        "argument of count, sum, min, max, any, all, filter or map", node.span);
}

bool Checker::fail(std::string code, std::string message, const Span& span) {
    if (!error_) error_ = error_at(std::move(code), std::move(message), span);
    return false;
}

std::string Checker::quote(const Node& node) const {
    return quote_source(source_, node.span);
}

bool Checker::check_literal(Node& node) {
    node.op = Op::constant;
    switch (node.value.kind()) {
        case ValueKind::null: node.type = Type::null(); break;
        case ValueKind::boolean: node.type = Type::boolean(); break;
        case ValueKind::integer: node.type = Type::integer(); break;
        case ValueKind::money: node.type = Type::money(); break;
        case ValueKind::rate: node.type = Type::rate(); break;
        case ValueKind::string: node.type = Type::string(); break;
        case ValueKind::date: node.type = Type::date(); break;
        case ValueKind::timestamp: node.type = Type::timestamp(); break;
        case ValueKind::period: node.type = Type::period(); break;
        case ValueKind::list:
        case ValueKind::record: return fail("type", "unexpected literal", node.span);
    }
    return true;
}

bool Checker::check_name(Node& node) {
    if (const Local* local = find_local(node.text)) {
        node.op = Op::local;
        node.slot = local->slot;
        node.type = local->type;
        return true;
    }
    if (const Type* root = schema_.root(node.text)) {
        node.op = Op::root;
        node.type = *root;
        return true;
    }
    return unknown_name(node);
}

bool Checker::unknown_name(const Node& node) {
    if (is_builtin(node.text) || functions_.find(node.text))
        return fail("type", "'" + node.text + "' is a function; call it as " + node.text + "(…)",
                    node.span);
    auto candidates = schema_.root_names();
    for (const auto& local : scope_) candidates.push_back(local.name);
    return fail("unknown_name", "unknown name '" + node.text + "'" +
                                    did_you_mean(node.text, candidates), node.span);
}

const Checker::Local* Checker::find_local(const std::string& name) const {
    for (auto it = scope_.rbegin(); it != scope_.rend(); ++it)
        if (it->name == name) return &*it;
    return nullptr;
}

bool Checker::check_field(Node& node) {
    Node& record = *node.children[0];
    if (!check(record)) return false;
    if (!record.type.is(TypeKind::record))
        return fail("type", quote(record) + " has type " + record.type.to_string() +
                                ", which has no field '" + node.text + "'", node.span);
    const Type* field = record.type.field(node.text);
    if (field == nullptr) {
        std::vector<std::string> names;
        for (const auto& [name, type] : record.type.fields()) names.push_back(name);
        return fail("unknown_field", quote(record) + " has no field '" + node.text + "'" +
                                         did_you_mean(node.text, names), node.span);
    }
    node.op = Op::field;
    node.type = *field;
    return true;
}

bool Checker::check_conditional(Node& node) {
    for (auto& part : node.children)
        if (!check(*part)) return false;
    const Node& condition = *node.children[0];
    if (!condition.type.is(TypeKind::boolean))
        return fail("type", "the condition of 'if' must be bool, but " + quote(condition) +
                                " has type " + condition.type.to_string(), condition.span);
    const auto type = unify(node.children[1]->type, node.children[2]->type);
    if (!type)
        return fail("type", "the branches of 'if' have different types: " +
                                node.children[1]->type.to_string() + " and " +
                                node.children[2]->type.to_string(), node.span);
    node.op = Op::conditional;
    node.type = *type;
    return true;
}

bool Checker::check_list(Node& node) {
    Type element = Type::null();
    for (auto& item : node.children) {
        if (!check(*item)) return false;
        const auto joined = unify(element, item->type);
        if (!joined)
            return fail("type", "list items must have one type, but " + quote(*item) +
                                    " has type " + item->type.to_string() + " after items of type " +
                                    element.to_string(), item->span);
        element = *joined;
    }
    node.op = Op::make_list;
    node.type = Type::list(std::move(element));
    return true;
}

bool Checker::check_record(Node& node) {
    TypeFields fields;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < node.children.size(); ++i) {
        if (!seen.insert(node.keys[i]).second)
            return fail("type", "field '" + node.keys[i] + "' appears twice in the record",
                        node.children[i]->span);
        if (!check(*node.children[i])) return false;
        fields.emplace_back(node.keys[i], node.children[i]->type);
    }
    node.op = Op::make_record;
    node.type = Type::record(std::move(fields));
    return true;
}

bool Checker::check_call(Node& node) {
    if (is_builtin(node.text)) return check_builtin(*this, node);
    if (auto function = functions_.find(node.text)) return check_host_call(node, std::move(function));
    auto candidates = builtin_names();
    for (auto& name : functions_.names()) candidates.push_back(std::move(name));
    return fail("unknown_function", "unknown function '" + node.text + "'" +
                                        did_you_mean(node.text, candidates), node.span);
}

bool Checker::check_host_call(Node& node, std::shared_ptr<const HostFunction> function) {
    const auto& parameters = function->parameters;
    if (node.children.size() != parameters.size())
        return fail("arguments", "'" + node.text + "' takes " + std::to_string(parameters.size()) +
                                     " arguments, got " + std::to_string(node.children.size()),
                    node.span);
    for (std::size_t i = 0; i < parameters.size(); ++i) {
        const std::string where = "argument " + std::to_string(i + 1) + " of '" + node.text + "'";
        if (!check_host_argument(*node.children[i], parameters[i], where)) return false;
    }
    const auto known = std::find(hosts_.begin(), hosts_.end(), function);
    node.slot = static_cast<std::uint32_t>(known - hosts_.begin());
    if (known == hosts_.end()) hosts_.push_back(function);
    node.op = Op::call_host;
    node.type = function->result;
    return true;
}

// A string literal where a money, rate, date, timestamp or period is declared is read as one
// at compile time: add_period(data.due_date, "5 working days").
bool Checker::check_host_argument(Node& argument, const Type& parameter, const std::string& where) {
    if (argument.kind == NodeKind::lambda)
        return fail("type", where + " cannot be a lambda", argument.span);
    if (is_string_literal(argument) && has_literal_syntax(parameter)) {
        auto value = parse_scalar(static_cast<ValueKind>(parameter.kind()), argument.value.as_string());
        if (!value)
            return fail("literal", where + " must be a " + parameter.to_string() + ": " +
                                       value.error().message, argument.span);
        argument.value = std::move(*value);
    }
    if (!check(argument)) return false;
    if (!fits(argument.type, parameter))
        return fail("type", where + " must be " + parameter.to_string() + ", but " +
                                quote(argument) + " has type " + argument.type.to_string(),
                    argument.span);
    return true;
}

bool Checker::check_lambda(Node& lambda, const Type& parameter) {
    lambda.slot = next_slot_++;
    scope_.push_back(Local{lambda.text, lambda.slot, parameter});
    const bool ok = check(*lambda.children[0]);
    scope_.pop_back();
    if (!ok) return false;
    lambda.type = lambda.children[0]->type;
    return true;
}

}  // namespace wg::rules::expr
