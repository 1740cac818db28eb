// The checker: each rule has a fixture that breaks it, and the longest statutory path.
#include <doctest/doctest.h>

#include "tests/support/workflow_fixture.hpp"
#include "workflow/checker.hpp"

using namespace wg;
using namespace wg::workflow;
using wg::test::definition_from;

namespace {

std::vector<std::string> rules_found(const CheckReport& report, Severity severity) {
    std::vector<std::string> found;
    for (const auto& finding : report.findings)
        if (finding.severity == severity) found.push_back(finding.rule);
    return found;
}

const char* kHeader = "workflow: w\nversion: \"1\"\nroles: [inspector, system]\n";

CheckReport check(const std::string& body, std::set<std::string> known = {"w"}) {
    return check_definition(definition_from(std::string(kHeader) + body), known);
}

}  // namespace

TEST_SUITE("workflow checker") {

TEST_CASE("a clean workflow has no findings") {
    auto report = check("initial: a\nstates:\n  a:\n    owner: inspector\n    deadline: {within: 5 days, fires: t}\n"
                        "    on: {t: {to: b, roles: [system]}}\n  b: {final: true}\n");
    CHECK(report.findings.empty());
    CHECK_FALSE(report.has_errors());
}

TEST_CASE("a state nothing leads to is unreachable") {
    auto report = check("initial: a\nstates:\n  a: {owner: inspector, deadline: {within: 1 day, fires: t}, on: {t: {to: b}}}\n"
                        "  b: {final: true}\n  lost: {final: true}\n");
    CHECK(rules_found(report, Severity::error) == std::vector<std::string>{"unreachable_state"});
    CHECK(report.findings[0].error.location.line == 8);
}

TEST_CASE("a non-final state with no way out is a dead end") {
    auto report = check("initial: a\nstates:\n  a: {owner: inspector, deadline: {within: 1 day, fires: t}, on: {t: {to: a}}}\n");
    CHECK(rules_found(report, Severity::error) == std::vector<std::string>{"dead_end"});
}

TEST_CASE("a deadline whose event the state does not handle is an error") {
    auto report = check("initial: a\nstates:\n  a: {owner: inspector, deadline: {within: 1 day, fires: late}, on: {go: {to: b}}}\n"
                        "  b: {final: true}\n");
    CHECK(rules_found(report, Severity::error) == std::vector<std::string>{"unhandled_deadline_event"});
}

TEST_CASE("opening an unknown workflow is an error with a suggestion") {
    auto report = check("initial: a\nstates:\n  a:\n    owner: inspector\n    deadline: {within: 1 day, fires: t}\n"
                        "    on: {t: {to: b, actions: [{open: refferal}]}}\n  b: {final: true}\n",
                        {"w", "referral"});
    CHECK(rules_found(report, Severity::error) == std::vector<std::string>{"unknown_workflow"});
    CHECK(report.findings[0].error.message.find("did you mean 'referral'") != std::string::npos);
}

TEST_CASE("signal_parent on a state that is not final is an error") {
    auto report = check("initial: a\nstates:\n  a: {owner: inspector, signal_parent: x, deadline: {within: 1 day, fires: t}, on: {t: {to: b}}}\n"
                        "  b: {final: true}\n");
    CHECK(rules_found(report, Severity::error) == std::vector<std::string>{"signal_not_final"});
}

TEST_CASE("an extension event that is also a transition is an error") {
    auto report = check("initial: a\nstates:\n  a:\n    owner: inspector\n"
                        "    deadline: {within: 1 day, fires: t, extend: {by: 1 day, event: t, roles: [inspector]}}\n"
                        "    on: {t: {to: b}}\n  b: {final: true}\n");
    CHECK(rules_found(report, Severity::error) == std::vector<std::string>{"extension_clash"});
}

TEST_CASE("a non-final state without owner or deadline is a warning, not an error") {
    auto report = check("initial: a\nstates:\n  a: {on: {go: {to: b}}}\n  b: {final: true}\n");
    CHECK_FALSE(report.has_errors());
    CHECK(rules_found(report, Severity::warning) == std::vector<std::string>{"no_owner", "no_deadline"});
    CHECK(format_finding(report.findings[0]).find(": warning: ") != std::string::npos);
}

TEST_CASE("the longest statutory path adds the deadlines and extensions along the longest route") {
    auto report = check(R"(initial: apply
states:
  apply:
    owner: inspector
    deadline: {within: 5 days, fires: t, basis: D26}
    on: {t: {to: hearing}, quick: {to: done}}
  hearing:
    owner: inspector
    deadline: {within: 45 days, fires: t, basis: D30, extend: {by: 15 days, event: more, roles: [inspector]}}
    on: {t: {to: done}}
  done: {final: true}
)");
    CHECK(report.longest_path.days == 65);  // arbitration: 5 + 45 + 15 days
    CHECK(report.longest_path.parts.size() == 3);
}

}
