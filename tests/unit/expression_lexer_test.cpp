// The expression lexer: literals, characters, positions and the source limits.
#include <doctest/doctest.h>

#include <string>

#include "rules/expr/lexer.hpp"
#include "rules/expr/limits.hpp"
#include "tests/support/expression_fixture.hpp"

using namespace wg::test;
using wg::rules::expr::tokenize;
using wg::rules::expr::TokenKind;

TEST_CASE("expression: a money literal with the yuan sign and thousands groups is exact") {
    CHECK(run("¥20,000.00") == Value(yuan(20'000)));
    CHECK(run("￥1,234,567.89") == Value(Money{123'456'789}));
    CHECK(run("¥5") == Value(yuan(5)));
}

TEST_CASE("expression: a money literal with bad grouping is refused at its column") {
    const auto error = compile_error("data.amount >= ¥20,00.00");
    CHECK(error.code == "format");
    CHECK(error.location.line == 1);
    CHECK(error.location.column == 16);
    CHECK(error.message.find("bad money literal") == 0);
}

TEST_CASE("expression: a money literal with more than two decimals is refused") {
    CHECK(compile_error("¥1.005").code == "precision");
}

TEST_CASE("expression: a comma and a space after a money literal separate arguments") {
    CHECK(run("max(¥1,000, ¥2)") == Value(yuan(1'000)));
}

TEST_CASE("expression: decimal and percent literals are exact rates") {
    CHECK(run("1.5%") == Value(Rate{15'000'000}));
    CHECK(run("0.015") == Value(Rate{15'000'000}));
    CHECK(run("150% == 1.5").as_bool());
}

TEST_CASE("expression: strings take single or double quotes and the usual escapes") {
    CHECK(run(R"('it\'s' == "it's")").as_bool());
    CHECK(run(R"("a\tb\n\\")") == Value("a\tb\n\\"));
    CHECK(run("'欠薪'") == Value("欠薪"));
}

TEST_CASE("expression: an unknown escape in a string is a syntax error at the backslash") {
    const auto error = compile_error(R"('a\qb')");
    CHECK(error.code == "syntax");
    CHECK(error.location.column == 3);
}

TEST_CASE("expression: an unterminated string is reported where it starts") {
    const auto error = compile_error("case.state == 'investigating");
    CHECK(error.code == "syntax");
    CHECK(error.message == "unterminated string");
    CHECK(error.location.column == 15);
}

TEST_CASE("expression: columns count characters, not bytes") {
    const auto error = compile_error("'张三' ==");
    CHECK(error.location.column == 8);
    CHECK(error.message == "expected a value, got end of expression");
}

TEST_CASE("expression: an error on a later line names that line and its column") {
    const auto error = compile_error("data.amount >=\n  ¥1 +");
    CHECK(error.location.line == 2);
    CHECK(error.location.column == 7);
}

TEST_CASE("expression: source that is not UTF-8 is refused with code encoding") {
    const auto error = compile_error("case.state == '\xC3('");
    CHECK(error.code == "encoding");
    CHECK(error.location.column == 16);
    CHECK(compile_error("'\xED\xA0\x80'").code == "encoding");  // a UTF-16 surrogate
    CHECK(compile_error("'\xC0\xAF'").code == "encoding");      // an overlong '/'
}

TEST_CASE("expression: source longer than the limit is refused with code limit") {
    const std::string huge(wg::rules::expr::kMaxSourceBytes + 1, ' ');
    CHECK(compile_error(huge).code == "limit");
}

TEST_CASE("expression: operators of other languages are refused with the word to use") {
    CHECK(compile_error("true && false").message.find("write 'and'") != std::string::npos);
    CHECK(compile_error("true || false").message.find("write 'or'") != std::string::npos);
    CHECK(compile_error("data.months = 3").message.find("'=='") != std::string::npos);
    CHECK(compile_error("!data.urgent").message.find("write 'not'") != std::string::npos);
    CHECK(compile_error("data.months / 2").message.find("no division") != std::string::npos);
    CHECK(compile_error("data.urgent ? 1 : 2").message.find("if condition then") != std::string::npos);
    CHECK(compile_error("1 # 2").message == "unexpected character '#'");
    CHECK(compile_error("1 \x01 2").message == "unexpected control character");
}

TEST_CASE("expression: numbers that do not fit or run into letters are refused") {
    CHECK(compile_error("99999999999999999999").message.find("too large") != std::string::npos);
    CHECK(compile_error("12abc").message == "malformed number");
}

TEST_CASE("expression: the lexer ends every token list with one end token") {
    auto tokens = tokenize("count(data.claims, c -> c.months >= 3)");
    REQUIRE(tokens);
    CHECK(tokens->size() == 15);
    CHECK(tokens->back().kind == TokenKind::end);
    CHECK((*tokens)[7].kind == TokenKind::arrow);
}

TEST_CASE("expression: names are ASCII identifiers and keywords are reserved") {
    using wg::rules::expr::is_identifier;
    using wg::rules::expr::is_keyword;
    CHECK(is_identifier("due_date2"));
    CHECK_FALSE(is_identifier("2due"));
    CHECK_FALSE(is_identifier("金额"));
    CHECK(is_keyword("then"));
    CHECK_FALSE(is_keyword("data"));
}
