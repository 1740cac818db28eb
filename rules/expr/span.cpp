// Spans and located errors inside an expression.
#include "rules/expr/span.hpp"

namespace wg::rules::expr {

Span cover(const Span& first, const Span& last) {
    Span out = first;
    out.length = last.offset + last.length - first.offset;
    return out;
}

Error error_at(std::string code, std::string message, const Span& span) {
    Error error{std::move(code), std::move(message), {}, {}};
    error.location.line = span.line;
    error.location.column = span.column;
    return error;
}

std::string quote_source(std::string_view source, const Span& span) {
    constexpr std::size_t kQuotedLength = 40;
    const std::string_view text = source.substr(span.offset, span.length);
    if (text.size() <= kQuotedLength) return "'" + std::string(text) + "'";
    std::size_t cut = kQuotedLength;  // back off to the start of a UTF-8 character
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return "'" + std::string(text.substr(0, cut)) + "…'";
}

}  // namespace wg::rules::expr
