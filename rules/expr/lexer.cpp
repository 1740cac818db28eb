// The expression lexer: one pass over validated UTF-8, tracking line and column.
#include "rules/expr/lexer.hpp"

#include <array>
#include <optional>
#include <utility>

#include "rules/expr/limits.hpp"

namespace wg::rules::expr {
namespace {

constexpr std::array<std::pair<std::string_view, TokenKind>, 10> kKeywords{{
    {"and", TokenKind::kw_and}, {"or", TokenKind::kw_or}, {"not", TokenKind::kw_not},
    {"in", TokenKind::kw_in}, {"if", TokenKind::kw_if}, {"then", TokenKind::kw_then},
    {"else", TokenKind::kw_else}, {"true", TokenKind::kw_true},
    {"false", TokenKind::kw_false}, {"null", TokenKind::kw_null},
}};

constexpr std::string_view kYuan = "\xC2\xA5";           // ¥ U+00A5
constexpr std::string_view kFullWidthYuan = "\xEF\xBF\xA5";  // ￥ U+FFE5

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || is_digit(c); }
bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length of the UTF-8 sequence at `at` (1 to 4), or 0 when it is malformed, overlong or a
// surrogate. Strict, because messages quoting the source end up in JSON.
std::size_t sequence_length(std::string_view text, std::size_t at) {
    const auto byte = [&](std::size_t i) {
        return at + i < text.size() ? static_cast<unsigned char>(text[at + i]) : 0u;
    };
    const unsigned lead = byte(0);
    if (lead < 0x80) return 1;
    unsigned low = 0x80, high = 0xBF;
    std::size_t length = 0;
    if (lead >= 0xC2 && lead <= 0xDF) length = 2;
    else if (lead >= 0xE0 && lead <= 0xEF) length = 3;
    else if (lead >= 0xF0 && lead <= 0xF4) length = 4;
    else return 0;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
    if (byte(1) < low || byte(1) > high) return 0;
    for (std::size_t i = 2; i < length; ++i)
        if (!is_continuation(static_cast<unsigned char>(byte(i)))) return 0;
    return length;
}

class Lexer {
public:
    explicit Lexer(std::string_view source) : source_(source) {}

    Expected<std::vector<Token>> run() {
        std::vector<Token> tokens;
        while (true) {
            skip_space();
            auto token = next();
            if (!token) return Unexpected<Error>{token.error()};
            const bool done = token->kind == TokenKind::end;
            tokens.push_back(std::move(*token));
            if (done) return tokens;
        }
    }

private:
    [[nodiscard]] char peek(std::size_t ahead = 0) const {
        return pos_ + ahead < source_.size() ? source_[pos_ + ahead] : '\0';
    }
    [[nodiscard]] bool at_end() const { return pos_ >= source_.size(); }
    [[nodiscard]] bool starts_with(std::string_view text) const {
        return source_.substr(pos_).starts_with(text);
    }

    void advance(std::size_t count = 1) {
        for (std::size_t i = 0; i < count && pos_ < source_.size(); ++i, ++pos_) {
            const auto c = static_cast<unsigned char>(source_[pos_]);
            if (c == '\n') {
                ++line_;
                column_ = 1;
            } else if (!is_continuation(c)) {
                ++column_;
            }
        }
    }

    [[nodiscard]] Span here() const {
        return Span{static_cast<std::uint32_t>(pos_), 0, line_, column_};
    }

    Token finish(TokenKind kind, Span start, std::string text) const {
        start.length = static_cast<std::uint32_t>(pos_ - start.offset);
        return Token{kind, start, std::move(text)};
    }

    void skip_space() {
        while (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r') advance();
    }

    Expected<Token> next() {
        const Span start = here();
        if (at_end()) return Token{TokenKind::end, start, {}};
        const char c = peek();
        if (is_name_start(c)) return name(start);
        if (is_digit(c)) return number(start);
        if (c == '"' || c == '\'') return string(start, c);
        if (starts_with(kYuan) || starts_with(kFullWidthYuan)) return money(start);
        return symbol(start);
    }

    // identifier = letter { letter | digit } ; keywords are reserved.
    Token name(Span start) {
        while (is_name_char(peek())) advance();
        const auto text = source_.substr(start.offset, pos_ - start.offset);
        for (const auto& [word, kind] : kKeywords)
            if (word == text) return finish(kind, start, std::string(text));
        return finish(TokenKind::identifier, start, std::string(text));
    }

    // integer = digit { digit } ; decimal = digits "." digits [ "%" ] | digits "%" .
    Expected<Token> number(Span start) {
        while (is_digit(peek())) advance();
        bool is_rate = false;
        if (peek() == '.' && is_digit(peek(1))) {
            advance();
            while (is_digit(peek())) advance();
            is_rate = true;
        }
        if (peek() == '%') {
            advance();
            is_rate = true;
        }
        if (is_name_char(peek()) || (peek() == '.' && is_digit(peek(1))))
            return fail_at("syntax", "malformed number", start);
        const auto text = std::string(source_.substr(start.offset, pos_ - start.offset));
        return finish(is_rate ? TokenKind::decimal : TokenKind::integer, start, text);
    }

    // money = ("¥" | "￥") digits { "," digits } [ "." digits ] ; grouping checked by parse_money.
    Token money(Span start) {
        advance(starts_with(kYuan) ? kYuan.size() : kFullWidthYuan.size());
        while (is_digit(peek()) || (peek() == ',' && is_digit(peek(1))) ||
               (peek() == '.' && is_digit(peek(1))))
            advance();
        return finish(TokenKind::money, start,
                      std::string(source_.substr(start.offset, pos_ - start.offset)));
    }

    // string = "'" { char | escape } "'" | '"' { char | escape } '"' .
    Expected<Token> string(Span start, char quote) {
        advance();
        std::string text;
        while (!at_end() && peek() != quote && peek() != '\n') {
            if (peek() != '\\') {
                text += peek();
                advance();
                continue;
            }
            const Span escape = here();
            advance();
            const char decoded = unescape(peek());
            if (decoded == '\0') return fail_at("syntax", "unknown escape in string", escape);
            text += decoded;
            advance();
        }
        if (peek() != quote) return fail_at("syntax", "unterminated string", start);
        advance();
        return finish(TokenKind::string, start, std::move(text));
    }

    static char unescape(char c) {
        switch (c) {
            case '\\': return '\\';
            case '\'': return '\'';
            case '"': return '"';
            case 'n': return '\n';
            case 't': return '\t';
            default: return '\0';
        }
    }

    Expected<Token> symbol(Span start) {
        struct Symbol {
            std::string_view text;
            TokenKind kind;
        };
        // Longest first, so that "->" wins over "-" and "<=" over "<".
        static constexpr Symbol kSymbols[] = {
            {"->", TokenKind::arrow}, {"==", TokenKind::equal}, {"!=", TokenKind::not_equal},
            {"<=", TokenKind::less_equal}, {">=", TokenKind::greater_equal},
            {"(", TokenKind::left_paren}, {")", TokenKind::right_paren},
            {"[", TokenKind::left_bracket}, {"]", TokenKind::right_bracket},
            {"{", TokenKind::left_brace}, {"}", TokenKind::right_brace},
            {",", TokenKind::comma}, {".", TokenKind::dot}, {":", TokenKind::colon},
            {"+", TokenKind::plus}, {"-", TokenKind::minus}, {"*", TokenKind::star},
            {"<", TokenKind::less}, {">", TokenKind::greater},
        };
        for (const auto& symbol : kSymbols) {
            if (!starts_with(symbol.text)) continue;
            advance(symbol.text.size());
            return finish(symbol.kind, start, std::string(symbol.text));
        }
        return fail_at("syntax", unexpected_message(), start);
    }

    [[nodiscard]] std::string unexpected_message() const {
        if (starts_with("&&")) return "unexpected '&&'; write 'and'";
        if (starts_with("||")) return "unexpected '||'; write 'or'";
        if (starts_with("=")) return "unexpected '='; write '==' to compare";
        if (starts_with("!")) return "unexpected '!'; write 'not'";
        if (starts_with("/")) return "unexpected '/'; there is no division, use a function that rounds explicitly";
        if (starts_with("?")) return "unexpected '?'; write 'if condition then a else b'";
        const auto c = static_cast<unsigned char>(peek());
        if (c < 0x20 || c == 0x7F) return "unexpected control character";
        const auto length = sequence_length(source_, pos_);
        return "unexpected character '" + std::string(source_.substr(pos_, length)) + "'";
    }

    std::string_view source_;
    std::size_t pos_ = 0;
    std::uint32_t line_ = 1;
    std::uint32_t column_ = 1;
};

// The span of the first byte that is not valid UTF-8, if any.
std::optional<Span> find_bad_encoding(std::string_view source) {
    Span span;
    for (std::size_t at = 0; at < source.size();) {
        const auto length = sequence_length(source, at);
        if (length == 0) return Span{static_cast<std::uint32_t>(at), 1, span.line, span.column};
        if (source[at] == '\n') {
            ++span.line;
            span.column = 1;
        } else {
            ++span.column;
        }
        at += length;
    }
    return std::nullopt;
}

}  // namespace

Expected<std::vector<Token>> tokenize(std::string_view source) {
    if (source.size() > kMaxSourceBytes)
        return fail_at("limit", "expression is longer than " + std::to_string(kMaxSourceBytes) +
                                    " bytes", Span{});
    if (const auto bad = find_bad_encoding(source))
        return fail_at("encoding", "expression is not valid UTF-8", *bad);
    return Lexer(source).run();
}

bool is_identifier(std::string_view text) {
    if (text.empty() || !is_name_start(text.front())) return false;
    for (const char c : text)
        if (!is_name_char(c)) return false;
    return true;
}

bool is_keyword(std::string_view text) {
    for (const auto& [word, kind] : kKeywords)
        if (word == text) return true;
    return false;
}

std::string describe(const Token& token) {
    switch (token.kind) {
        case TokenKind::end: return "end of expression";
        case TokenKind::identifier: return "name '" + token.text + "'";
        case TokenKind::string: return "a string";
        default: return "'" + token.text + "'";
    }
}

}  // namespace wg::rules::expr
