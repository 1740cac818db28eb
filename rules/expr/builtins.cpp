// Type rules of the built-in functions. Each rule checks the arguments of one call and
// writes its type and operation; see rules/README.md for the catalogue.
#include "rules/expr/builtins.hpp"

#include <cstdint>

#include "rules/expr/checker.hpp"
#include "rules/expr/scalars.hpp"

namespace wg::rules::expr {
namespace {

using Rule = bool (*)(Checker&, Node&);

struct Builtin {
    std::string_view name;
    Rule rule;
};

bool arity(Checker& checker, const Node& call, std::size_t least, std::size_t most) {
    const std::size_t got = call.children.size();
    if (got >= least && got <= most) return true;
    std::string expected = std::to_string(least);
    if (most == least + 1) expected += " or " + std::to_string(most);
    else if (most > least) expected += most == SIZE_MAX ? " or more" : " to " + std::to_string(most);
    return checker.fail("arguments", "'" + call.text + "' takes " + expected + " arguments, got " +
                                         std::to_string(got), call.span);
}

bool must_be(Checker& checker, const Node& call, const Node& argument, bool ok, std::string_view what) {
    if (ok) return true;
    return checker.fail("type", "'" + call.text + "' needs " + std::string(what) + ", but " +
                                    checker.quote(argument) + " has type " + argument.type.to_string(),
                        argument.span);
}

bool is_orderable(const Type& type) {
    return type.is(TypeKind::integer) || type.is(TypeKind::money) || type.is(TypeKind::rate) ||
           type.is(TypeKind::string) || type.is(TypeKind::date) || type.is(TypeKind::timestamp);
}

bool is_summable(const Type& type) {
    return type.is(TypeKind::integer) || type.is(TypeKind::money);
}

// The list in first position; the checked list's element type is then call.children[0]'s.
bool check_list_argument(Checker& checker, Node& call) {
    Node& list = *call.children[0];
    return checker.check(list) && must_be(checker, call, list, list.type.is(TypeKind::list), "a list first");
}

// The lambda in second position, its parameter typed by the list's elements.
bool check_lambda_argument(Checker& checker, Node& call) {
    Node& lambda = *call.children[1];
    if (lambda.kind != NodeKind::lambda)
        return checker.fail("type", "'" + call.text + "' needs a lambda second, such as c -> c.months >= 3",
                            lambda.span);
    if (!checker.check_lambda(lambda, call.children[0]->type.element())) return false;
    call.slot = lambda.slot;
    return true;
}

// list [, lambda] with the list's elements (or the lambda's results) passing `ok`.
bool check_list_function(Checker& checker, Node& call, bool (*ok)(const Type&), std::string_view what,
                         Op plain, Op with_lambda) {
    if (!arity(checker, call, 1, 2) || !check_list_argument(checker, call)) return false;
    if (call.children.size() == 2 && !check_lambda_argument(checker, call)) return false;
    const Node& source = call.children.size() == 2 ? *call.children[1] : *call.children[0];
    const Type& produced = call.children.size() == 2 ? source.type : source.type.element();
    if (!must_be(checker, call, source, ok(produced), what)) return false;
    call.op = call.children.size() == 2 ? with_lambda : plain;
    call.type = produced;
    return true;
}

bool is_bool(const Type& type) { return type.is(TypeKind::boolean); }
bool is_anything(const Type&) { return true; }

bool check_count(Checker& checker, Node& call) {
    const bool with_lambda = call.children.size() == 2;
    if (!check_list_function(checker, call, with_lambda ? is_bool : is_anything,
                             "a lambda that gives bool", Op::count, Op::count_if))
        return false;
    call.type = Type::integer();
    return true;
}

bool check_sum(Checker& checker, Node& call) {
    return check_list_function(checker, call, is_summable, "integers or money to add", Op::sum, Op::sum_of);
}

bool check_any_all(Checker& checker, Node& call) {
    const bool any = call.text == "any";
    return check_list_function(checker, call, is_bool, "bools", any ? Op::any_list : Op::all_list,
                               any ? Op::any_if : Op::all_if);
}

// Checks every argument; their common type, or nullopt (reported) when they have none.
std::optional<Type> common_argument_type(Checker& checker, Node& call) {
    Type joined = Type::null();
    for (auto& argument : call.children) {
        if (!checker.check(*argument)) return std::nullopt;
        const auto next = unify(joined, argument->type);
        if (!next) {
            must_be(checker, call, *argument, false, "arguments of one type");
            return std::nullopt;
        }
        joined = *next;
    }
    return joined;
}

// min(a, b, ...) over values of one orderable type.
bool check_min_max_of_values(Checker& checker, Node& call) {
    const auto common = common_argument_type(checker, call);
    if (!common) return false;
    const Type& joined = *common;
    if (!must_be(checker, call, *call.children[0], is_orderable(joined), "values that have an order"))
        return false;
    call.op = call.text == "min" ? Op::min_args : Op::max_args;
    call.type = joined;
    return true;
}

bool check_min_max(Checker& checker, Node& call) {
    if (!arity(checker, call, 1, SIZE_MAX)) return false;
    const bool list_form = call.children.size() == 1 || call.children[1]->kind == NodeKind::lambda;
    if (!list_form) return check_min_max_of_values(checker, call);
    const bool min = call.text == "min";
    return check_list_function(checker, call, is_orderable, "values that have an order",
                               min ? Op::min_list : Op::max_list, min ? Op::min_of : Op::max_of);
}

bool check_filter(Checker& checker, Node& call) {
    if (!arity(checker, call, 2, 2) || !check_list_argument(checker, call) ||
        !check_lambda_argument(checker, call))
        return false;
    const Node& lambda = *call.children[1];
    if (!must_be(checker, call, lambda, lambda.type.is(TypeKind::boolean), "a lambda that gives bool"))
        return false;
    call.op = Op::filter;
    call.type = call.children[0]->type;
    return true;
}

bool check_map(Checker& checker, Node& call) {
    if (!arity(checker, call, 2, 2) || !check_list_argument(checker, call) ||
        !check_lambda_argument(checker, call))
        return false;
    call.op = Op::map;
    call.type = Type::list(call.children[1]->type);
    return true;
}

bool check_coalesce(Checker& checker, Node& call) {
    if (!arity(checker, call, 2, SIZE_MAX)) return false;
    const auto common = common_argument_type(checker, call);
    if (!common) return false;
    const Type& joined = *common;
    call.op = Op::coalesce;
    call.type = joined;
    return true;
}

// round_half_up(money * rate): the only way to multiply money by a rate, so rounding is
// always visible. The product's operands become the call's, money first.
bool check_round_half_up(Checker& checker, Node& call) {
    if (!arity(checker, call, 1, 1)) return false;
    Node& product = *call.children[0];
    if (product.kind != NodeKind::binary || product.token != TokenKind::star)
        return checker.fail("type", "'round_half_up' takes a product of money and a rate, "
                                    "such as round_half_up(data.wage * 150%)", product.span);
    if (!checker.check(*product.children[0]) || !checker.check(*product.children[1])) return false;
    auto operands = std::move(product.children);
    if (operands[0]->type.is(TypeKind::rate)) std::swap(operands[0], operands[1]);
    if (!operands[0]->type.is(TypeKind::money) || !operands[1]->type.is(TypeKind::rate))
        return checker.fail("type", "'round_half_up' takes money × rate, not " +
                                        operands[0]->type.to_string() + " × " +
                                        operands[1]->type.to_string(), product.span);
    call.children = std::move(operands);
    call.op = Op::round_half_up;
    call.type = Type::money();
    return true;
}

// money("20000.00"), rate("1.5%"), date(...), timestamp(...), period("2 years"): a typed
// constant read from a string literal at compile time.
bool check_constructor(Checker& checker, Node& call) {
    if (!arity(checker, call, 1, 1)) return false;
    const Node& argument = *call.children[0];
    if (argument.kind != NodeKind::literal || argument.value.kind() != ValueKind::string)
        return checker.fail("type", "'" + call.text + "' takes a string literal, such as " +
                                        call.text + "(\"…\")", argument.span);
    const auto kind = call.text == "money"  ? ValueKind::money
                      : call.text == "rate" ? ValueKind::rate
                      : call.text == "date" ? ValueKind::date
                      : call.text == "timestamp" ? ValueKind::timestamp
                                                 : ValueKind::period;
    auto value = parse_scalar(kind, argument.value.as_string());
    if (!value)
        return checker.fail("literal", "bad " + call.text + " literal: " + value.error().message,
                            argument.span);
    call.value = std::move(*value);
    call.children.clear();
    call.kind = NodeKind::literal;
    return checker.check(call);
}

bool check_scalar_function(Checker& checker, Node& call, std::initializer_list<TypeKind> parameters,
                           Type result, Op op) {
    if (!arity(checker, call, parameters.size(), parameters.size())) return false;
    std::size_t i = 0;
    for (const TypeKind kind : parameters) {
        Node& argument = *call.children[i++];
        if (!checker.check(argument)) return false;
        if (!must_be(checker, call, argument, argument.type.is(kind), type_name(kind))) return false;
    }
    call.op = op;
    call.type = std::move(result);
    return true;
}

bool check_legal_date(Checker& checker, Node& call) {
    return check_scalar_function(checker, call, {TypeKind::timestamp}, Type::date(), Op::legal_date);
}

bool check_days_between(Checker& checker, Node& call) {
    return check_scalar_function(checker, call, {TypeKind::date, TypeKind::date}, Type::integer(),
                                 Op::days_between);
}

constexpr Builtin kBuiltins[] = {
    {"count", check_count},
    {"sum", check_sum},
    {"min", check_min_max},
    {"max", check_min_max},
    {"any", check_any_all},
    {"all", check_any_all},
    {"filter", check_filter},
    {"map", check_map},
    {"coalesce", check_coalesce},
    {"round_half_up", check_round_half_up},
    {"money", check_constructor},
    {"rate", check_constructor},
    {"date", check_constructor},
    {"timestamp", check_constructor},
    {"period", check_constructor},
    {"legal_date", check_legal_date},
    {"days_between", check_days_between},
};

const Builtin* find_builtin(std::string_view name) {
    for (const auto& builtin : kBuiltins)
        if (builtin.name == name) return &builtin;
    return nullptr;
}

}  // namespace

bool is_builtin(std::string_view name) {
    return find_builtin(name) != nullptr;
}

std::vector<std::string> builtin_names() {
    std::vector<std::string> names;
    for (const auto& builtin : kBuiltins) names.emplace_back(builtin.name);
    return names;
}

bool check_builtin(Checker& checker, Node& call) {
    return find_builtin(call.text)->rule(checker, call);
}

}  // namespace wg::rules::expr
