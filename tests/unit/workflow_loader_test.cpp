// The workflow loader: every construct read into the model, and every error located.
#include <doctest/doctest.h>

#include "tests/support/workflow_fixture.hpp"

using namespace wg;
using namespace wg::workflow;
using wg::test::definition_from;
using wg::test::shipped_functions;

namespace {

Errors errors_of(const std::string& yaml) {
    auto loaded = load_definition(yaml, "w.yaml", shipped_functions());
    REQUIRE_FALSE(loaded);
    return loaded.error();
}

bool has_error(const Errors& errors, const std::string& text, std::uint32_t line) {
    for (const auto& error : errors)
        if (error.message.find(text) != std::string::npos && error.location.line == line) return true;
    return false;
}

const char* kHeader = "workflow: w\nversion: \"1\"\nroles: [inspector, system]\n";

}  // namespace

TEST_SUITE("workflow loader") {

TEST_CASE("the data schema gives types, nested records, lists and PII classes") {
    const auto definition = definition_from(std::string(kHeader) + R"(
data:
  amount: {type: money, label: {zh: 金额, en: Amount}}
  person: {type: record, fields: {id_number: {type: string, pii: identity}, phone: {type: string, pii: contact}}}
  card: {type: string, pii: bank}
  claims: {type: list, of: {type: record, fields: {amount: {type: money}}}}
initial: a
states:
  a: {final: true}
)");
    REQUIRE(definition.data.size() == 4);
    CHECK(definition.find_field("amount")->type == rules::Type::money());
    CHECK(definition.find_field("amount")->label.zh == "金额");
    CHECK(definition.find_field("card")->pii == PiiClass::bank);
    CHECK(definition.find_field("person")->type.field("id_number") != nullptr);
    CHECK(definition.find_field("claims")->type.to_string() == "list<record{amount: money}>");
}

TEST_CASE("states carry deadlines with extensions, entry and exit actions and transitions") {
    const auto definition = definition_from(std::string(kHeader) + R"(effective_from: 2025-01-01
data: {due: {type: date}, amount: {type: money}}
initial: a
states:
  a:
    owner: inspector
    deadline: {within: 60 working days, fires: late, basis: D2, extend: {by: 30 working days, event: more, roles: [inspector], times: 2}}
    on_entry: [{notify: inspector, message: hello}]
    on_exit: [{post: {amount: "data.amount", from: deposit, to: workers}}]
    on:
      go: {to: b, roles: [inspector], requires: [due], guard: "data.due > today", set: {amount: "¥1.00"}, basis: D4}
      late: {to: a, roles: [system]}
  b:
    deadline: {until: "data.due", fires: late, basis: D4}
    on: {late: {to: c}}
  c: {final: true, signal_parent: done}
)");
    CHECK(rules::format_date(*definition.effective_from) == "2025-01-01");
    const State& a = *definition.find_state("a");
    REQUIRE(a.deadline);
    CHECK(a.deadline->within->count == 60);
    CHECK(a.deadline->extend->times == 2);
    CHECK(a.on_entry.at(0).kind == ActionKind::notify);
    CHECK(a.on_exit.at(0).kind == ActionKind::ledger_posting);
    CHECK(a.on_exit.at(0).to_account == "workers");
    const Transition& go = *a.find_transition("go");
    CHECK(go.guard->source == "data.due > today");
    CHECK(go.set.at(0).field == "amount");
    CHECK(go.requires_ == std::vector<std::string>{"due"});
    CHECK(definition.find_state("b")->deadline->until->source == "data.due");
    CHECK(definition.find_state("c")->signal_parent == "done");
}

TEST_CASE("a misspelt target state is located at its value, with a suggestion") {
    const auto errors = errors_of(std::string(kHeader) + "initial: a\nstates:\n  a:\n    on:\n      go: {to: fnial}\n  final: {final: true}\n");
    CHECK(has_error(errors, "targets undeclared state 'fnial' (did you mean 'final'?)", 8));
}

TEST_CASE("an unknown key is an error with a suggestion, not ignored") {
    const auto errors = errors_of(std::string(kHeader) + "initial: a\nstates:\n  a:\n    fianl: true\n");
    CHECK(has_error(errors, "unknown key 'fianl' in state 'a' (did you mean 'final'?)", 7));
}

TEST_CASE("a guard naming an unknown field is located inside the YAML file") {
    const auto errors = errors_of(std::string(kHeader) +
                                  "data: {amount: {type: money}}\ninitial: a\nstates:\n  a:\n    on:\n      go: {to: a, guard: \"data.amout > ¥1.00\"}\n");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].location.line == 9);
    CHECK(errors[0].location.column == 27);  // where data.amout starts, one past the quote
    CHECK(errors[0].message.find("did you mean 'amount'") != std::string::npos);
}

TEST_CASE("a guard that is not bool, a set of the wrong type and an until that is not a date are type errors") {
    const auto errors = errors_of(std::string(kHeader) + R"(data: {amount: {type: money}, due: {type: date}}
initial: a
states:
  a:
    deadline: {until: "data.amount", fires: go}
    on:
      go: {to: a, guard: "data.amount", set: {due: "data.amount"}}
)");
    CHECK(errors.size() == 3);
    for (const auto& error : errors) CHECK(error.code == "type");
}

TEST_CASE("a deadline's from must give a date, count days, and go with within") {
    const auto errors = errors_of(std::string(kHeader) + R"(data: {amount: {type: money}, received: {type: date}}
initial: a
states:
  a:
    deadline: {within: 5 working days, from: "data.amount", fires: go}
    on: {go: {to: b}}
  b:
    deadline: {within: 24 hours, from: "data.received", fires: go}
    on: {go: {to: c}}
  c:
    deadline: {until: "data.received", from: "data.received", fires: go}
    on: {go: {to: a}}
)");
    CHECK(errors.size() == 3);
    CHECK(has_error(errors, "'from' of the deadline of state 'a' must give a date, not money", 8));
    CHECK(has_error(errors, "gives a day; count hours from entering the state", 11));
    CHECK(has_error(errors, "goes with 'within'", 14));
}

TEST_CASE("undeclared roles, required fields and bad periods are all reported together") {
    const auto errors = errors_of(std::string(kHeader) + R"(data: {amount: {type: money}}
initial: a
states:
  a:
    owner: inspectr
    deadline: {within: 5 fortnights, fires: go}
    on:
      go: {to: a, roles: [clerk], requires: [amont]}
)");
    CHECK(errors.size() == 4);
    CHECK(has_error(errors, "undeclared role 'inspectr' (did you mean 'inspector'?)", 7));
    CHECK(has_error(errors, "undeclared role 'clerk'", 11));
    CHECK(has_error(errors, "requires undeclared data field 'amont' (did you mean 'amount'?)", 11));
}

TEST_CASE("malformed YAML is one located error") {
    const auto errors = errors_of("workflow: [unclosed\n");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == "yaml");
    CHECK(errors[0].location.line >= 1);
}

}
