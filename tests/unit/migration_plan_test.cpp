// Migration plans: the loader's located errors, each check rule with a plan that breaks it,
// and the dry run over plain case values.
#include <doctest/doctest.h>

#include "tests/support/workflow_fixture.hpp"
#include "workflow/migration_plan.hpp"
#include "workflow/migration_plan_loader.hpp"

using namespace wg;
using namespace wg::workflow;
using wg::test::definition_from;

namespace {

// 2025.1: a complaint is investigated, then paid or refused.
const std::string kOld = R"(workflow: w
version: "2025.1"
roles: [inspector, system]
initial: pending
states:
  pending:
    owner: inspector
    deadline: {within: 5 days, fires: late}
    on: {late: {to: investigating, roles: [system]}, refuse: {to: refused, roles: [inspector]}}
  investigating:
    owner: inspector
    deadline: {within: 60 days, fires: late}
    on: {late: {to: investigating, roles: [system]}, pay: {to: paid, roles: [inspector]}}
  paid: {final: true}
  refused: {final: true}
)";

// 2026.1: investigating becomes under_review, and a case can be closed without payment.
const std::string kNew = R"(workflow: w
version: "2026.1"
roles: [inspector, system]
initial: pending
states:
  pending:
    owner: inspector
    deadline: {within: 5 days, fires: late}
    on: {late: {to: under_review, roles: [system]}, refuse: {to: refused, roles: [inspector]}}
  under_review:
    owner: inspector
    deadline: {within: 60 days, fires: late}
    on: {late: {to: under_review, roles: [system]}, pay: {to: paid, roles: [inspector]},
         close: {to: closed, roles: [inspector]}}
  paid: {final: true}
  refused: {final: true}
  closed: {final: true}
)";

const std::string kPlanHeader = "workflow: w\nfrom_version: \"2025.1\"\nto_version: \"2026.1\"\n";

struct Versions {
    Definition from = definition_from(kOld);
    Definition to = definition_from(kNew);

    Versions() {
        from.content_hash = "hash-2025.1";
        to.content_hash = "hash-2026.1";
    }
};

MigrationPlan plan_from(const std::string& yaml) {
    auto plan = load_migration_plan(yaml, "plan.yaml");
    if (!plan) {
        std::string all;
        for (const auto& error : plan.error()) all += error.to_string() + "\n";
        FAIL(all);
    }
    return std::move(*plan);
}

Errors plan_errors(const std::string& yaml) {
    auto plan = load_migration_plan(yaml, "plan.yaml");
    REQUIRE_FALSE(plan.has_value());
    return plan.error();
}

PlanReport check(const std::string& states, const Versions& versions = {}) {
    return check_plan(plan_from(kPlanHeader + "states:\n" + states), versions.from, versions.to);
}

std::vector<std::string> rules_found(const PlanReport& report, Severity severity) {
    std::vector<std::string> found;
    for (const auto& finding : report.findings)
        if (finding.severity == severity) found.push_back(finding.rule);
    return found;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

TEST_SUITE("migration plan loader") {
    TEST_CASE("a plan is read with its mappings, their places and its reason") {
        const auto plan = plan_from(
            kPlanHeader + "states:\n  investigating: under_review\nreason: new procedure\n");
        CHECK(plan.workflow == "w");
        CHECK(plan.from_version == "2025.1");
        CHECK(plan.to_version == "2026.1");
        CHECK(plan.reason == "new procedure");
        REQUIRE(plan.states.size() == 1);
        CHECK(plan.states[0].from == "investigating");
        CHECK(plan.states[0].to == "under_review");
        CHECK(plan.states[0].location.to_string() == "plan.yaml:5:3");
        CHECK(plan.states[0].target_location.to_string() == "plan.yaml:5:18");
        CHECK(plan.target_of("investigating") == "under_review");
        CHECK(plan.target_of("pending") == "pending");
    }

    TEST_CASE("a plan without states keeps every state by name") {
        const auto plan = plan_from(kPlanHeader);
        CHECK(plan.states.empty());
        CHECK(plan.states_location.to_string() == "plan.yaml:1:1");
    }

    TEST_CASE("missing fields and unknown keys are all reported, located, with a suggestion") {
        const auto errors = plan_errors("workflow: w\nto_versoin: \"2026.1\"\n");
        REQUIRE(errors.size() == 3);
        CHECK(errors[0].to_string() ==
              "plan.yaml:1:1: error: the migration plan needs 'from_version'");
        CHECK(errors[1].to_string() ==
              "plan.yaml:1:1: error: the migration plan needs 'to_version'");
        CHECK(errors[2].location.to_string() == "plan.yaml:2:1");
        CHECK(contains(errors[2].message, "unknown key 'to_versoin'"));
        CHECK(contains(errors[2].message, "did you mean 'to_version'"));
    }

    TEST_CASE("a state mapped twice is an error at its second mapping") {
        const auto errors = plan_errors(
            kPlanHeader + "states:\n  investigating: under_review\n  investigating: closed\n");
        REQUIRE(errors.size() == 1);
        CHECK(errors[0].to_string() ==
              "plan.yaml:6:3: error: state 'investigating' is mapped twice");
    }

    TEST_CASE("a state must map to one name, not a list") {
        const auto errors =
            plan_errors(kPlanHeader + "states:\n  investigating: [under_review, closed]\n");
        REQUIRE(errors.size() == 1);
        CHECK(errors[0].location.to_string() == "plan.yaml:5:18");
        CHECK(contains(errors[0].message, "must map to one state name"));
    }

    TEST_CASE("a plan from a version to itself is refused") {
        const auto errors = plan_errors("workflow: w\nfrom_version: \"1\"\nto_version: \"1\"\n");
        REQUIRE(errors.size() == 1);
        CHECK(errors[0].location.to_string() == "plan.yaml:3:14");
    }

    TEST_CASE("text that is not a YAML map is a located error") {
        CHECK(plan_errors("- a\n- b\n")[0].to_string() ==
              "plan.yaml:1:1: error: a migration plan must be a YAML map");
        CHECK(plan_errors("workflow: [w\n")[0].code == "yaml");
    }

}  // TEST_SUITE

TEST_SUITE("migration plan check") {
    TEST_CASE("a plan mapping the renamed state and keeping the others by name is clean") {
        const auto report = check("  investigating: under_review\n");
        CHECK(report.findings.empty());
        CHECK_FALSE(report.has_errors());
    }

    TEST_CASE("an old state the old version lacks is an error with a suggestion") {
        const auto report = check("  investigating: under_review\n  investigatng: under_review\n");
        REQUIRE(rules_found(report, Severity::error) == std::vector<std::string>{"unknown_state"});
        const auto& error = report.findings[0].error;
        CHECK(error.location.to_string() == "plan.yaml:6:3");
        CHECK(contains(error.message, "state 'investigatng' is not in 'w' 2025.1"));
        CHECK(contains(error.message, "did you mean 'investigating'"));
    }

    TEST_CASE("a target the new version lacks is an error at the target") {
        const auto report = check("  investigating: under_reveiw\n");
        REQUIRE(rules_found(report, Severity::error) == std::vector<std::string>{"unknown_target"});
        const auto& error = report.findings[0].error;
        CHECK(error.location.to_string() == "plan.yaml:5:18");
        CHECK(contains(error.message, "target state 'under_reveiw' is not in 'w' 2026.1"));
        CHECK(contains(error.message, "did you mean 'under_review'"));
    }

    TEST_CASE("an old state neither mapped nor in the new version is unmapped") {
        const auto report =
            check_plan(plan_from(kPlanHeader + "states: {}\n"), Versions{}.from, Versions{}.to);
        REQUIRE(rules_found(report, Severity::error) == std::vector<std::string>{"unmapped_state"});
        const auto& error = report.findings[0].error;
        CHECK(error.location.to_string() == "plan.yaml:4:1");
        CHECK(contains(error.message, "state 'investigating' of 'w' 2025.1 is not mapped"));
        CHECK(contains(error.message, "declared at test.yaml:10:3"));
    }

    TEST_CASE("mapping a running state to a final one is a warning, not an error") {
        const auto report = check("  investigating: closed\n");
        CHECK(rules_found(report, Severity::error).empty());
        REQUIRE(rules_found(report, Severity::warning) ==
                std::vector<std::string>{"finality_changed"});
        CHECK(report.findings[0].error.location.to_string() == "plan.yaml:5:3");
        CHECK(contains(report.findings[0].error.message,
                       "non-final state 'investigating' to final state 'closed'"));
        CHECK(contains(format_finding(report.findings[0]), "plan.yaml:5:3: warning: "));
    }

    TEST_CASE("mapping a final state to a running one is a warning") {
        const auto report = check("  investigating: under_review\n  paid: under_review\n");
        CHECK(rules_found(report, Severity::warning) ==
              std::vector<std::string>{"finality_changed"});
        CHECK(contains(report.findings[0].error.message,
                       "final state 'paid' to non-final state 'under_review'"));
    }

    TEST_CASE("a state kept by name whose finality changes is a warning at the states map") {
        const std::string final_refused = "  refused: {final: true}\n";
        const std::string reopened =
            "  refused:\n    owner: inspector\n    deadline: {within: 5 days, fires: late}\n"
            "    on: {late: {to: refused_again, roles: [system]}}\n"
            "  refused_again: {final: true}\n";
        Versions versions;
        versions.to = definition_from(
            std::string(kNew).replace(kNew.find(final_refused), final_refused.size(), reopened));
        const auto report = check("  investigating: under_review\n", versions);
        REQUIRE(rules_found(report, Severity::warning) ==
                std::vector<std::string>{"finality_changed"});
        CHECK(report.findings[0].error.location.to_string() == "plan.yaml:4:1");
        CHECK(contains(report.findings[0].error.message,
                       "final state 'refused' to non-final state 'refused'"));
    }

    TEST_CASE("a plan whose versions differ from the definitions given is a version mismatch") {
        const auto plan = plan_from(
            "workflow: w\nfrom_version: \"2024.9\"\nto_version: \"2026.1\"\n"
            "states: {investigating: under_review}\n");
        const auto report = check_plan(plan, Versions{}.from, Versions{}.to);
        REQUIRE(rules_found(report, Severity::error) ==
                std::vector<std::string>{"version_mismatch"});
        CHECK(report.findings[0].error.location.to_string() == "plan.yaml:2:16");
        CHECK(contains(report.findings[0].error.message, "'from_version' is '2024.9'"));
        CHECK(contains(report.findings[0].error.message, "version '2025.1'"));
    }

    TEST_CASE("a plan for another workflow is a version mismatch at its workflow name") {
        const auto plan = plan_from(
            "workflow: other\nfrom_version: \"2025.1\"\nto_version: \"2026.1\"\n"
            "states: {investigating: under_review}\n");
        const auto report = check_plan(plan, Versions{}.from, Versions{}.to);
        CHECK(rules_found(report, Severity::error) ==
              std::vector<std::string>{"version_mismatch", "version_mismatch"});
        CHECK(report.findings[0].error.location.to_string() == "plan.yaml:1:11");
    }

}  // TEST_SUITE

TEST_SUITE("migration dry run") {
    TEST_CASE("each case moves, keeps its state, or says why it cannot move, with totals") {
        const Versions versions;
        const auto plan = plan_from(kPlanHeader + "states: {investigating: under_review}\n");
        const std::vector<CaseOnVersion> cases{{"c1", "investigating", "hash-2025.1"},
                                               {"c2", "pending", "hash-2025.1"},
                                               {"c3", "investigating", "hash-edited"}};
        const auto run = dry_run(plan, versions.from, versions.to, cases);
        REQUIRE(run.moves.size() == 3);
        CHECK(run.moves[0].outcome == MoveOutcome::moves);
        CHECK(run.moves[0].to_state == "under_review");
        CHECK(run.moves[1].outcome == MoveOutcome::keeps_state);
        CHECK(run.moves[1].to_state == "pending");
        CHECK(run.moves[2].outcome == MoveOutcome::other_version);
        CHECK_FALSE(run.moves[2].can_move());
        CHECK(run.moves[2].to_state.empty());
        CHECK(run.totals.cases == 3);
        CHECK(run.totals.moving == 1);
        CHECK(run.totals.keeping == 1);
        CHECK(run.totals.other_version == 1);
        CHECK(run.totals.blocked() == 1);
        CHECK(describe(run.moves[0]) == "case c1: investigating -> under_review");
        CHECK(contains(describe(run.moves[2]),
                       "case c3: cannot move: it started on another text"));
        CHECK(summary(run.totals) ==
              "3 case(s): 1 move, 1 keep their state, 1 cannot move (1 on another version, "
              "0 unmapped, 0 with an unknown target)");
    }

    TEST_CASE("a case in an unmapped state cannot move") {
        const Versions versions;
        const auto run = dry_run(plan_from(kPlanHeader), versions.from, versions.to,
                                 {{"c1", "investigating", "hash-2025.1"}});
        CHECK(run.moves[0].outcome == MoveOutcome::unmapped_state);
        CHECK(run.totals.unmapped == 1);
        CHECK(describe(run.moves[0]) == "case c1: cannot move: state 'investigating' is unmapped");
    }

    TEST_CASE("a case whose state is mapped to a missing target cannot move") {
        const Versions versions;
        const auto plan = plan_from(kPlanHeader + "states: {investigating: under_reveiw}\n");
        const auto run =
            dry_run(plan, versions.from, versions.to, {{"c1", "investigating", "hash-2025.1"}});
        CHECK(run.moves[0].outcome == MoveOutcome::unknown_target);
        CHECK(run.totals.unknown_target == 1);
    }

    TEST_CASE("a dry run over no cases moves nothing") {
        const Versions versions;
        const auto run = dry_run(plan_from(kPlanHeader), versions.from, versions.to, {});
        CHECK(run.moves.empty());
        CHECK(summary(run.totals) ==
              "0 case(s): 0 move, 0 keep their state, 0 cannot move (0 on another version, "
              "0 unmapped, 0 with an unknown target)");
    }

}  // TEST_SUITE
