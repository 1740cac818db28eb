// Values, records, types and schemas: the data model expressions are checked and run against.
#include <doctest/doctest.h>

#include "tests/support/expression_fixture.hpp"

using namespace wg::test;
using wg::rules::conforms;
using wg::rules::fits;
using wg::rules::format_value;
using wg::rules::TypeKind;
using wg::rules::unify;
using wg::rules::ValueKind;

TEST_CASE("expression: a record keeps one value per field, sorted by name") {
    Record record{{"b", Value(2)}, {"a", Value(1)}};
    record.set("b", Value(3));
    REQUIRE(record.size() == 2);
    CHECK(record.fields()[0].first == "a");
    CHECK(*record.find("b") == Value(3));
    CHECK(record.find("c") == nullptr);
}

TEST_CASE("expression: values compare deeply and by kind") {
    CHECK(Value(List{Value(1), Value("x")}) == Value(List{Value(1), Value("x")}));
    CHECK_FALSE(Value(List{Value(1)}) == Value(List{Value(2)}));
    CHECK(Value(Record{{"a", Value(yuan(1))}}) == Value(Record{{"a", Value(yuan(1))}}));
    CHECK_FALSE(Value(1) == Value(yuan(1)));  // integer 1 is not 1 fen
    CHECK(Value() == Value(nullptr));
    CHECK(Value(nullptr).kind() == ValueKind::null);
}

TEST_CASE("expression: values print for people, eliding long lists") {
    CHECK(format_value(Value(yuan(20'000))) == "¥20,000.00");
    CHECK(format_value(Value(Rate{15'000'000})) == "1.5%");
    CHECK(format_value(Value(day("2025-09-15"))) == "2025-09-15");
    CHECK(format_value(Value("张三")) == "\"张三\"");
    CHECK(format_value(Value()) == "null");
    CHECK(format_value(Value(wg::rules::Period{5, wg::rules::PeriodUnit::working_days})) == "5 working days");
    CHECK(format_value(Value(Record{{"a", Value(true)}, {"b", Value(List{})}})) == "{a: true, b: []}");
    List many;
    for (int i = 0; i < 12; ++i) many.emplace_back(i);
    CHECK(format_value(Value(many)) == "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, … 2 more]");
}

TEST_CASE("expression: types print as the grammar of the README writes them") {
    CHECK(Type::list(claim_type()).to_string() == "list<record{amount: money, months: integer, name: string}>");
    CHECK(Type::boolean().to_string() == "bool");
    CHECK(Type().is(TypeKind::null));
}

TEST_CASE("expression: a record fits where fewer fields are expected, null fits anything") {
    const auto wanted = Type::record({{"amount", Type::money()}});
    CHECK(fits(claim_type(), wanted));
    CHECK_FALSE(fits(wanted, claim_type()));
    CHECK(fits(Type::null(), Type::money()));
    CHECK(fits(Type::list(Type::null()), Type::list(Type::money())));
    CHECK(fits(Type::string(), Type::any()));
    CHECK_FALSE(fits(Type::integer(), Type::money()));
}

TEST_CASE("expression: unify joins null with anything and nothing else across kinds") {
    CHECK(*unify(Type::null(), Type::date()) == Type::date());
    CHECK(*unify(Type::list(Type::null()), Type::list(Type::integer())) == Type::list(Type::integer()));
    CHECK_FALSE(unify(Type::integer(), Type::money()));
    CHECK_FALSE(unify(Type::record({{"a", Type::integer()}}), Type::record({{"b", Type::integer()}})));
}

TEST_CASE("expression: conforms checks a value against a type, nulls allowed anywhere") {
    CHECK(conforms(claim(3, 100, "a"), claim_type()));
    CHECK(conforms(Value(List{Value(), claim(1, 1, "b")}), Type::list(claim_type())));
    CHECK_FALSE(conforms(Value(Record{{"months", Value("3")}}), claim_type()));
    CHECK_FALSE(conforms(Value(1), Type::money()));
}

TEST_CASE("expression: a schema builds nested records from dotted paths") {
    const auto schema = wage_schema();
    const Type* data = schema.root("data");
    REQUIRE(data != nullptr);
    REQUIRE(data->field("employer") != nullptr);
    CHECK(*data->field("employer")->field("uscc") == Type::string());
    CHECK(schema.root("nothing") == nullptr);
    CHECK(schema.root_names() == std::vector<std::string>{"case", "data", "event", "today"});
}

TEST_CASE("expression: a schema refuses conflicting and malformed paths") {
    Schema schema;
    REQUIRE(schema.add("data.amount", Type::money()));
    CHECK(schema.add("data.amount", Type::money()));  // the same again is fine
    CHECK(schema.add("data.amount", Type::integer()).error().message ==
          "'data.amount' is already declared as money, not integer");
    CHECK(schema.add("data.amount.fen", Type::integer()).error().message ==
          "'data.amount' is declared as money, not a record");
    CHECK(schema.add("data..x", Type::integer()).error().code == "schema");
    CHECK(schema.add("data.if", Type::integer()).error().code == "schema");
    CHECK(schema.add("", Type::integer()).error().code == "schema");
}
