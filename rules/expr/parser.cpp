// Precedence climbing in the manner of Lua's lparser.c: each parse function opens with its
// grammar rule, and operator precedence is the one table of binding powers below.
#include "rules/expr/parser.hpp"

#include <algorithm>
#include <charconv>
#include <optional>

#include "rules/expr/lexer.hpp"
#include "rules/expr/limits.hpp"
#include "rules/expr/scalars.hpp"

namespace wg::rules::expr {
namespace {

// Binding powers, higher binds tighter. An infix operator binds its left operand with `left`
// and parses its right operand at `right` (right = left + 1: left-associative). `prefix` is
// the power at which a prefix operator parses its operand. 0 means "not in this position".
struct BindingPower {
    TokenKind token;
    int left;
    int right;
    int prefix;
};

constexpr BindingPower kPowers[] = {
    {TokenKind::kw_or, 1, 2, 0},
    {TokenKind::kw_and, 3, 4, 0},
    {TokenKind::kw_not, 7, 8, 5},  // prefix: not a == b is not (a == b); infix: `not in`
    {TokenKind::equal, 7, 8, 0},
    {TokenKind::not_equal, 7, 8, 0},
    {TokenKind::less, 7, 8, 0},
    {TokenKind::less_equal, 7, 8, 0},
    {TokenKind::greater, 7, 8, 0},
    {TokenKind::greater_equal, 7, 8, 0},
    {TokenKind::kw_in, 7, 8, 0},
    {TokenKind::plus, 9, 10, 0},
    {TokenKind::minus, 9, 10, 13},
    {TokenKind::star, 11, 12, 0},
    {TokenKind::dot, 15, 0, 0},  // postfix field access
};

constexpr int kComparisonPower = 7;

const BindingPower* power_of(TokenKind token) {
    for (const auto& power : kPowers)
        if (power.token == token) return &power;
    return nullptr;
}

class Parser {
public:
    explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

    // whole = expression end
    Expected<NodePtr> parse_whole() {
        auto node = expression(0);
        if (node && peek().kind != TokenKind::end)
            node = fail("syntax", "unexpected " + describe(peek()) + " after a complete expression",
                        peek().span);
        if (!node) return Unexpected<Error>{*error_};
        return node;
    }

private:
    // expression = prefix { infix_operator expression | "." identifier }
    NodePtr expression(int min_power) {
        if (++depth_ > kMaxDepth) return too_deep(peek().span);
        NodePtr left = prefix();
        bool compared = false;
        while (left) {
            const BindingPower* power = infix_power();
            if (power == nullptr || power->left < min_power) break;
            const bool comparison = power->left == kComparisonPower;
            if (comparison && compared)
                return fail("syntax", "comparisons do not chain; join them with 'and'", peek().span);
            compared = comparison;
            left = power->token == TokenKind::dot ? field(std::move(left))
                                                  : infix(std::move(left), *power);
        }
        --depth_;
        return left;
    }

    // The infix binding power of the next token; `not` counts only as the start of `not in`.
    const BindingPower* infix_power() const {
        const BindingPower* power = power_of(peek().kind);
        if (power == nullptr || power->left == 0) return nullptr;
        if (peek().kind == TokenKind::kw_not && peek(1).kind != TokenKind::kw_in) return nullptr;
        return power;
    }

    // infix = expression operator expression ; `not in` is one operator
    NodePtr infix(NodePtr left, const BindingPower& power) {
        const Token op = take();
        if (op.kind == TokenKind::kw_not) take();  // the `in` of `not in`
        NodePtr right = expression(power.right);
        if (!right) return nullptr;
        const Span span = cover(left->span, right->span);
        std::vector<NodePtr> operands;
        operands.push_back(std::move(left));
        operands.push_back(std::move(right));
        auto node = make_node(NodeKind::binary, span, std::move(operands));
        node->token = op.kind;
        node->text = op.kind == TokenKind::kw_not ? "not in" : op.text;
        return checked(std::move(node));
    }

    // field = expression "." identifier
    NodePtr field(NodePtr record) {
        take();
        if (peek().kind != TokenKind::identifier)
            return fail("syntax", "expected a field name after '.', got " + describe(peek()),
                        peek().span);
        const Token name = take();
        const Span span = cover(record->span, name.span);
        std::vector<NodePtr> operand;
        operand.push_back(std::move(record));
        auto node = make_node(NodeKind::field, span, std::move(operand));
        node->text = name.text;
        return checked(std::move(node));
    }

    // prefix = ("not" | "-") expression | primary
    NodePtr prefix() {
        const BindingPower* power = power_of(peek().kind);
        if (power == nullptr || power->prefix == 0) return primary();
        const Token op = take();
        NodePtr operand = expression(power->prefix);
        if (!operand) return nullptr;
        const Span span = cover(op.span, operand->span);
        std::vector<NodePtr> operands;
        operands.push_back(std::move(operand));
        auto node = make_node(NodeKind::unary, span, std::move(operands));
        node->token = op.kind;
        node->text = op.text;
        return checked(std::move(node));
    }

    // primary = literal | identifier | call | "(" expression ")" | list | record | conditional
    NodePtr primary() {
        switch (peek().kind) {
            case TokenKind::identifier:
                return peek(1).kind == TokenKind::left_paren ? call() : name();
            case TokenKind::left_paren: return parenthesized();
            case TokenKind::left_bracket: return list();
            case TokenKind::left_brace: return record();
            case TokenKind::kw_if: return conditional();
            default: return literal();
        }
    }

    // name = identifier
    NodePtr name() {
        const Token token = take();
        auto node = make_node(NodeKind::name, token.span);
        node->text = token.text;
        return node;
    }

    // parenthesized = "(" expression ")"
    NodePtr parenthesized() {
        take();
        NodePtr inner = expression(0);
        if (!inner || !expect(TokenKind::right_paren, "')' to close '('")) return nullptr;
        return inner;
    }

    // call = identifier "(" [ argument { "," argument } ] ")"
    NodePtr call() {
        const Token callee = take();
        take();
        auto arguments = sequence(TokenKind::right_paren, "')' after the arguments of '" +
                                                              callee.text + "'",
                                  [this] { return argument(); });
        if (!arguments) return nullptr;
        auto node = make_node(NodeKind::call, cover(callee.span, tokens_[pos_ - 1].span),
                              std::move(*arguments));
        node->text = callee.text;
        return checked(std::move(node));
    }

    // argument = identifier "->" expression | expression
    NodePtr argument() {
        if (peek().kind != TokenKind::identifier || peek(1).kind != TokenKind::arrow)
            return expression(0);
        const Token parameter = take();
        take();
        NodePtr body = expression(0);
        if (!body) return nullptr;
        const Span span = cover(parameter.span, body->span);
        std::vector<NodePtr> children;
        children.push_back(std::move(body));
        auto node = make_node(NodeKind::lambda, span, std::move(children));
        node->text = parameter.text;
        return checked(std::move(node));
    }

    // list = "[" [ expression { "," expression } ] "]"
    NodePtr list() {
        const Token open = take();
        auto items = sequence(TokenKind::right_bracket, "']' to close the list",
                              [this] { return expression(0); });
        if (!items) return nullptr;
        return checked(make_node(NodeKind::list, cover(open.span, tokens_[pos_ - 1].span),
                                 std::move(*items)));
    }

    // record = "{" [ identifier ":" expression { "," identifier ":" expression } ] "}"
    NodePtr record() {
        const Token open = take();
        std::vector<std::string> keys;
        auto values = sequence(TokenKind::right_brace, "'}' to close the record", [&]() -> NodePtr {
            if (peek().kind != TokenKind::identifier)
                return fail("syntax", "expected a field name in the record, got " + describe(peek()),
                            peek().span);
            keys.push_back(take().text);
            if (!expect(TokenKind::colon, "':' after the field name")) return nullptr;
            return expression(0);
        });
        if (!values) return nullptr;
        auto node = make_node(NodeKind::record, cover(open.span, tokens_[pos_ - 1].span),
                              std::move(*values));
        node->keys = std::move(keys);
        return checked(std::move(node));
    }

    // conditional = "if" expression "then" expression "else" expression
    NodePtr conditional() {
        const Token open = take();
        std::vector<NodePtr> parts;
        parts.push_back(expression(0));
        if (!parts.back() || !expect(TokenKind::kw_then, "'then'")) return nullptr;
        parts.push_back(expression(0));
        if (!parts.back() || !expect(TokenKind::kw_else, "'else'")) return nullptr;
        parts.push_back(expression(0));
        if (!parts.back()) return nullptr;
        const Span span = cover(open.span, parts.back()->span);
        return checked(make_node(NodeKind::conditional, span, std::move(parts)));
    }

    // sequence = [ item { "," item } ] closer   (the opener is already taken)
    template <typename ParseItem>
    std::optional<std::vector<NodePtr>> sequence(TokenKind closer, const std::string& what,
                                                 ParseItem parse_item) {
        std::vector<NodePtr> items;
        if (peek().kind == closer) {
            take();
            return items;
        }
        while (true) {
            NodePtr item = parse_item();
            if (!item) return std::nullopt;
            items.push_back(std::move(item));
            if (peek().kind == TokenKind::comma) {
                take();
                continue;
            }
            if (!expect(closer, what)) return std::nullopt;
            return items;
        }
    }

    // literal = integer | decimal | money | string | "true" | "false" | "null"
    NodePtr literal() {
        const Token token = take();
        auto node = make_node(NodeKind::literal, token.span);
        switch (token.kind) {
            case TokenKind::kw_true: node->value = Value(true); break;
            case TokenKind::kw_false: node->value = Value(false); break;
            case TokenKind::kw_null: break;
            case TokenKind::string: node->value = Value(token.text); break;
            case TokenKind::integer: return integer(std::move(node), token);
            case TokenKind::decimal: return scalar(std::move(node), token, ValueKind::rate);
            case TokenKind::money: return scalar(std::move(node), token, ValueKind::money);
            default:
                return fail("syntax", "expected a value, got " + describe(token), token.span);
        }
        return node;
    }

    NodePtr integer(NodePtr node, const Token& token) {
        std::int64_t number = 0;
        const char* end = token.text.data() + token.text.size();
        const auto [stop, status] = std::from_chars(token.text.data(), end, number);
        if (status != std::errc{} || stop != end)
            return fail("syntax", "integer literal " + token.text + " is too large", token.span);
        node->value = Value(number);
        return node;
    }

    NodePtr scalar(NodePtr node, const Token& token, ValueKind kind) {
        auto value = parse_scalar(kind, token.text);
        if (!value)
            return fail(value.error().code, "bad " + std::string(kind_name(kind)) + " literal " +
                                                token.text + ": " + value.error().message,
                        token.span);
        node->value = std::move(*value);
        return node;
    }

    NodePtr checked(NodePtr node) {
        if (node->depth > kMaxDepth) return too_deep(node->span);
        return node;
    }

    NodePtr too_deep(const Span& span) {
        return fail("limit", "expression nests deeper than " + std::to_string(kMaxDepth) + " levels",
                    span);
    }

    bool expect(TokenKind kind, const std::string& what) {
        if (peek().kind == kind) {
            take();
            return true;
        }
        fail("syntax", "expected " + what + ", got " + describe(peek()), peek().span);
        return false;
    }

    NodePtr fail(const std::string& code, const std::string& message, const Span& span) {
        if (!error_) error_ = error_at(code, message, span);
        return nullptr;
    }

    [[nodiscard]] const Token& peek(std::size_t ahead = 0) const {
        return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
    }
    Token take() {
        const Token& token = peek();
        if (pos_ < tokens_.size() - 1) ++pos_;
        return token;
    }

    std::vector<Token> tokens_;
    std::size_t pos_ = 0;
    int depth_ = 0;
    std::optional<Error> error_;
};

}  // namespace

Expected<NodePtr> parse(std::string_view source) {
    auto tokens = tokenize(source);
    if (!tokens) return Unexpected<Error>{tokens.error()};
    return Parser(std::move(*tokens)).parse_whole();
}

}  // namespace wg::rules::expr
