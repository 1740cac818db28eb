// Type rules of the operators: not, and, or, arithmetic, comparisons and membership.
#include "rules/expr/checker.hpp"

namespace wg::rules::expr {
namespace {

// Every typing of +, - and * there is; anything else is a type error.
struct ArithmeticRule {
    TokenKind token;
    TypeKind left;
    TypeKind right;
    TypeKind result;
};

constexpr ArithmeticRule kArithmetic[] = {
    {TokenKind::plus, TypeKind::integer, TypeKind::integer, TypeKind::integer},
    {TokenKind::plus, TypeKind::money, TypeKind::money, TypeKind::money},
    {TokenKind::plus, TypeKind::rate, TypeKind::rate, TypeKind::rate},
    {TokenKind::plus, TypeKind::string, TypeKind::string, TypeKind::string},
    {TokenKind::minus, TypeKind::integer, TypeKind::integer, TypeKind::integer},
    {TokenKind::minus, TypeKind::money, TypeKind::money, TypeKind::money},
    {TokenKind::minus, TypeKind::rate, TypeKind::rate, TypeKind::rate},
    {TokenKind::star, TypeKind::integer, TypeKind::integer, TypeKind::integer},
    {TokenKind::star, TypeKind::money, TypeKind::integer, TypeKind::money},
    {TokenKind::star, TypeKind::integer, TypeKind::money, TypeKind::money},
};

Op binary_op(TokenKind token, bool negated_in) {
    switch (token) {
        case TokenKind::kw_and: return Op::logical_and;
        case TokenKind::kw_or: return Op::logical_or;
        case TokenKind::plus: return Op::add;
        case TokenKind::minus: return Op::subtract;
        case TokenKind::star: return Op::multiply;
        case TokenKind::equal: return Op::equal;
        case TokenKind::not_equal: return Op::not_equal;
        case TokenKind::less: return Op::less;
        case TokenKind::less_equal: return Op::less_equal;
        case TokenKind::greater: return Op::greater;
        case TokenKind::greater_equal: return Op::greater_equal;
        default: return negated_in ? Op::not_in_list : Op::in_list;
    }
}

std::string_view verb(TokenKind token) {
    if (token == TokenKind::plus) return "add";
    if (token == TokenKind::minus) return "subtract";
    return "multiply";
}

bool is_orderable(const Type& type) {
    switch (type.kind()) {
        case TypeKind::integer:
        case TypeKind::money:
        case TypeKind::rate:
        case TypeKind::string:
        case TypeKind::date:
        case TypeKind::timestamp: return true;
        default: return false;
    }
}

bool mixes(const Type& a, const Type& b, TypeKind x, TypeKind y) {
    return (a.is(x) && b.is(y)) || (a.is(y) && b.is(x));
}

// Advice for the mistakes people make most, appended to the type error.
std::string hint(const Type& left, const Type& right) {
    if (mixes(left, right, TypeKind::money, TypeKind::integer))
        return "; write money with its sign, e.g. ¥20,000.00";
    if (mixes(left, right, TypeKind::date, TypeKind::period) ||
        mixes(left, right, TypeKind::date, TypeKind::integer))
        return "; use add_period(date, \"5 working days\") to move a date on a calendar";
    return "";
}

}  // namespace

bool Checker::check_unary(Node& node) {
    Node& operand = *node.children[0];
    if (!check(operand)) return false;
    const bool is_not = node.token == TokenKind::kw_not;
    const auto& type = operand.type;
    const bool ok = is_not ? type.is(TypeKind::boolean)
                           : type.is(TypeKind::integer) || type.is(TypeKind::money) ||
                                 type.is(TypeKind::rate);
    if (!ok)
        return fail("type", std::string(is_not ? "'not' needs a bool" : "'-' needs an integer, money or rate") +
                                ", but " + quote(operand) + " has type " + type.to_string(),
                    node.span);
    node.op = is_not ? Op::logical_not : Op::negate;
    node.type = type;
    return true;
}

bool Checker::check_binary(Node& node) {
    if (!check(*node.children[0]) || !check(*node.children[1])) return false;
    node.op = binary_op(node.token, node.text == "not in");
    switch (node.op) {
        case Op::logical_and:
        case Op::logical_or: return check_logical(node);
        case Op::add:
        case Op::subtract:
        case Op::multiply: return check_arithmetic(node);
        case Op::equal:
        case Op::not_equal: return check_equality(node);
        case Op::in_list:
        case Op::not_in_list: return check_membership(node);
        default: return check_ordering(node);
    }
}

bool Checker::check_logical(Node& node) {
    for (const auto& operand : node.children)
        if (!operand->type.is(TypeKind::boolean))
            return fail("type", "'" + node.text + "' needs bool operands, but " + quote(*operand) +
                                    " has type " + operand->type.to_string(), operand->span);
    node.type = Type::boolean();
    return true;
}

bool Checker::check_arithmetic(Node& node) {
    const Type& left = node.children[0]->type;
    const Type& right = node.children[1]->type;
    for (const auto& rule : kArithmetic) {
        if (rule.token != node.token || !left.is(rule.left) || !right.is(rule.right)) continue;
        node.type = rule.result == TypeKind::integer ? Type::integer()
                    : rule.result == TypeKind::money ? Type::money()
                    : rule.result == TypeKind::rate  ? Type::rate()
                                                     : Type::string();
        return true;
    }
    if (node.token == TokenKind::star && mixes(left, right, TypeKind::money, TypeKind::rate))
        return fail("type", "money × rate must be rounded explicitly: write round_half_up(" +
                                std::string(source_.substr(node.span.offset, node.span.length)) + ")",
                    node.span);
    return fail("type", "cannot " + std::string(verb(node.token)) + " " + left.to_string() +
                            " and " + right.to_string() + hint(left, right), node.span);
}

bool Checker::check_equality(Node& node) {
    const Type& left = node.children[0]->type;
    const Type& right = node.children[1]->type;
    if (!unify(left, right))
        return fail("type", "cannot compare " + left.to_string() + " with " + right.to_string() +
                                hint(left, right), node.span);
    node.type = Type::boolean();
    return true;
}

bool Checker::check_ordering(Node& node) {
    const Type& left = node.children[0]->type;
    const Type& right = node.children[1]->type;
    if (left.is(TypeKind::period) || right.is(TypeKind::period))
        return fail("type", "periods have no order (a month is not a fixed number of days); "
                            "compare the dates they lead to", node.span);
    if (!(left == right) || !is_orderable(left))
        return fail("type", "cannot order " + left.to_string() + " against " + right.to_string() +
                                hint(left, right), node.span);
    node.type = Type::boolean();
    return true;
}

bool Checker::check_membership(Node& node) {
    const Node& item = *node.children[0];
    const Node& list = *node.children[1];
    if (!list.type.is(TypeKind::list))
        return fail("type", "'" + node.text + "' needs a list on its right, but " + quote(list) +
                                " has type " + list.type.to_string(), list.span);
    if (!unify(item.type, list.type.element()))
        return fail("type", "cannot look for " + item.type.to_string() + " in " +
                                list.type.to_string() + hint(item.type, list.type.element()),
                    node.span);
    node.type = Type::boolean();
    return true;
}

}  // namespace wg::rules::expr
