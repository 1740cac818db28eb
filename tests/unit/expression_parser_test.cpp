// The expression parser: precedence from the binding-power table, syntax errors with their
// place, and the nesting limit that keeps hostile input from exhausting the stack.
#include <doctest/doctest.h>

#include <string>

#include "rules/expr/limits.hpp"
#include "rules/expr/parser.hpp"
#include "tests/support/expression_fixture.hpp"

using namespace wg::test;
using wg::rules::expr::kMaxDepth;

namespace {

std::string repeated(const std::string& part, int times) {
    std::string out;
    for (int i = 0; i < times; ++i) out += part;
    return out;
}

}  // namespace

TEST_CASE("expression: multiplication binds tighter than addition, and both to the left") {
    CHECK(run("1 + 2 * 3") == Value(7));
    CHECK(run("(1 + 2) * 3") == Value(9));
    CHECK(run("1 - 2 - 3") == Value(-4));
    CHECK(run("-2 * 3") == Value(-6));
    CHECK(run("- -2") == Value(2));
}

TEST_CASE("expression: not binds looser than comparison and tighter than and") {
    CHECK(run("not 1 == 2").as_bool());
    CHECK_FALSE(run("not true and false").as_bool());
    CHECK(run("not (true and false)").as_bool());
}

TEST_CASE("expression: and binds tighter than or") {
    CHECK(run("true or false and false").as_bool());
    CHECK_FALSE(run("(true or false) and false").as_bool());
}

TEST_CASE("expression: field access binds tightest, also after calls and parentheses") {
    CHECK(run("-data.amount") == Value(yuan(-20'000)));
    CHECK(run("{a: {b: 7}}.a.b") == Value(7));
    CHECK(run("(if data.urgent then data.employer else data.employer).name") ==
          Value("某建筑工程有限公司"));
}

TEST_CASE("expression: the else branch of a conditional extends as far as it can") {
    CHECK(run("if false then 1 else 2 + 3") == Value(5));
    CHECK(run("(if true then 1 else 2) + 3") == Value(4));
}

TEST_CASE("expression: comparisons do not chain") {
    const auto error = compile_error("1 < data.months < 10");
    CHECK(error.code == "syntax");
    CHECK(error.message == "comparisons do not chain; join them with 'and'");
    CHECK(error.location.column == 17);
    CHECK(run("(1 < 2) == true").as_bool());
    CHECK(run("1 < data.months and data.months < 10").as_bool());
}

TEST_CASE("expression: not in is one operator") {
    CHECK(run("'mediation' not in data.tags").as_bool());
    CHECK_FALSE(run("not 'group' in data.tags").as_bool());
}

TEST_CASE("expression: syntax errors say what was expected and where") {
    struct Case {
        const char* source;
        const char* message;
        unsigned column;
    };
    const Case cases[] = {
        {"", "expected a value, got end of expression", 1},
        {"count(data.claims", "expected ')' after the arguments of 'count', got end of expression", 18},
        {"count(data.claims,)", "expected a value, got ')'", 19},
        {"1 2", "unexpected '2' after a complete expression", 3},
        {"data.", "expected a field name after '.', got end of expression", 6},
        {"data.1", "expected a field name after '.', got '1'", 6},
        {"{a 1}", "expected ':' after the field name, got '1'", 4},
        {"{1: 2}", "expected a field name in the record, got '1'", 2},
        {"[1, 2", "expected ']' to close the list, got end of expression", 6},
        {"(1 + 2", "expected ')' to close '(', got end of expression", 7},
        {"if true 1 else 2", "expected 'then', got '1'", 9},
        {"if true then 1", "expected 'else', got end of expression", 15},
        {"1 +", "expected a value, got end of expression", 4},
        {"and", "expected a value, got 'and'", 1},
    };
    for (const auto& c : cases) {
        CAPTURE(c.source);
        const auto error = compile_error(c.source);
        CHECK(error.code == "syntax");
        CHECK(error.message == c.message);
        CHECK(error.location.column == c.column);
    }
}

TEST_CASE("expression: nesting within the limit parses") {
    const std::string source = repeated("(", kMaxDepth - 2) + "1" + repeated(")", kMaxDepth - 2);
    CHECK(run(source) == Value(1));
}

TEST_CASE("expression: parentheses nested past the limit are refused with code limit") {
    const std::string source = repeated("(", 5'000) + "1" + repeated(")", 5'000);
    const auto error = compile_error(source);
    CHECK(error.code == "limit");
    CHECK(error.message == "expression nests deeper than 100 levels");
}

TEST_CASE("expression: deep prefix operators and long operator chains are refused with code limit") {
    CHECK(compile_error(repeated("not ", 5'000) + "true").code == "limit");
    CHECK(compile_error(repeated("-", 5'000) + "1").code == "limit");
    CHECK(compile_error("1" + repeated(" + 1", 500)).code == "limit");
    CHECK(compile_error("data" + repeated(".x", 500)).code == "limit");
    CHECK(compile_error(repeated("[", 500) + repeated("]", 500)).code == "limit");
}

TEST_CASE("expression: the parser records operators and spans in the tree") {
    auto tree = wg::rules::expr::parse("data.amount >= ¥20,000.00");
    REQUIRE(tree);
    const auto& root = **tree;
    CHECK(root.kind == wg::rules::expr::NodeKind::binary);
    CHECK(root.text == ">=");
    CHECK(root.span.offset == 0);
    CHECK(root.span.length == std::string("data.amount >= ¥20,000.00").size());
    CHECK(root.children[0]->kind == wg::rules::expr::NodeKind::field);
    CHECK(root.children[0]->span.length == 11);
}
