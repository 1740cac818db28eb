// Checking a migration plan against its two versions, rule by rule, and dry-running it over
// plain case values.
#include "workflow/migration_plan.hpp"

#include <algorithm>
#include <tuple>

#include "rules/suggest.hpp"

namespace wg::workflow {
namespace {

void add(PlanReport& report, Severity severity, const char* rule, std::string message,
         const SourceLocation& at) {
    Error error;
    error.code = rule;
    error.message = std::move(message);
    error.location = at;
    report.findings.push_back({severity, rule, std::move(error)});
}

std::vector<std::string> state_names(const Definition& definition) {
    std::vector<std::string> names;
    for (const auto& state : definition.states) names.push_back(state.name);
    return names;
}

std::string version_of(const Definition& definition) {
    return "'" + definition.name + "' " + definition.version;
}

void check_version(PlanReport& report, const char* key, const std::string& declared,
                   const Definition& definition, const SourceLocation& at) {
    if (declared == definition.version) return;
    add(report, Severity::error, "version_mismatch",
        std::string("'") + key + "' is '" + declared + "' but the definition given is version '" +
            definition.version + "' (" + definition.location.file + ")",
        at);
}

void check_versions(const MigrationPlan& plan, const Definition& from, const Definition& to,
                    PlanReport& report) {
    for (const Definition* definition : {&from, &to}) {
        if (definition->name == plan.workflow) continue;
        add(report, Severity::error, "version_mismatch",
            "the plan is for workflow '" + plan.workflow + "' but " + definition->location.file +
                " defines '" + definition->name + "'",
            plan.workflow_location);
    }
    check_version(report, "from_version", plan.from_version, from, plan.from_version_location);
    check_version(report, "to_version", plan.to_version, to, plan.to_version_location);
}

// A state's finality changing means a closed case would reopen, or a running one would close.
void check_finality(const State& old_state, const State& new_state, const SourceLocation& at,
                    PlanReport& report) {
    if (old_state.final == new_state.final) return;
    const char* change = old_state.final ? "final state '" : "non-final state '";
    const char* into = new_state.final ? "' to final state '" : "' to non-final state '";
    add(report, Severity::warning, "finality_changed",
        std::string("the plan moves ") + change + old_state.name + into + new_state.name + "'", at);
}

void check_mapping(const StateMapping& mapping, const Definition& from, const Definition& to,
                   PlanReport& report) {
    const State* old_state = from.find_state(mapping.from);
    const State* new_state = to.find_state(mapping.to);
    if (old_state == nullptr)
        add(report, Severity::error, "unknown_state",
            "state '" + mapping.from + "' is not in " + version_of(from) +
                rules::did_you_mean(mapping.from, state_names(from)),
            mapping.location);
    if (new_state == nullptr)
        add(report, Severity::error, "unknown_target",
            "target state '" + mapping.to + "' is not in " + version_of(to) +
                rules::did_you_mean(mapping.to, state_names(to)),
            mapping.target_location);
    if (old_state != nullptr && new_state != nullptr)
        check_finality(*old_state, *new_state, mapping.location, report);
}

// A state left out of the plan keeps its name, so it must exist in the new version.
void check_unmapped(const MigrationPlan& plan, const Definition& from, const Definition& to,
                    PlanReport& report) {
    for (const auto& state : from.states) {
        if (plan.find(state.name) != nullptr) continue;
        const State* same = to.find_state(state.name);
        if (same != nullptr) {
            check_finality(state, *same, plan.states_location, report);
            continue;
        }
        add(report, Severity::error, "unmapped_state",
            "state '" + state.name + "' of " + version_of(from) + " is not mapped and " +
                version_of(to) + " has no state of that name (declared at " +
                state.location.to_string() + ")",
            plan.states_location);
    }
}

CaseMove move_of(const MigrationPlan& plan, const Definition& from, const Definition& to,
                 const CaseOnVersion& c) {
    CaseMove move{c.id, c.state, {}, MoveOutcome::moves};
    if (c.workflow_hash != from.content_hash) {
        move.outcome = MoveOutcome::other_version;
        return move;
    }
    const StateMapping* mapping = plan.find(c.state);
    if (mapping == nullptr && to.find_state(c.state) == nullptr) {
        move.outcome = MoveOutcome::unmapped_state;
        return move;
    }
    const std::string target = plan.target_of(c.state);
    if (to.find_state(target) == nullptr) {
        move.outcome = MoveOutcome::unknown_target;
        return move;
    }
    move.to_state = target;
    move.outcome = target == c.state ? MoveOutcome::keeps_state : MoveOutcome::moves;
    return move;
}

void count(DryRunTotals& totals, MoveOutcome outcome) {
    ++totals.cases;
    switch (outcome) {
        case MoveOutcome::moves:
            ++totals.moving;
            return;
        case MoveOutcome::keeps_state:
            ++totals.keeping;
            return;
        case MoveOutcome::other_version:
            ++totals.other_version;
            return;
        case MoveOutcome::unmapped_state:
            ++totals.unmapped;
            return;
        case MoveOutcome::unknown_target:
            ++totals.unknown_target;
            return;
    }
}

}  // namespace

const StateMapping* MigrationPlan::find(std::string_view old_state) const {
    const auto it = std::find_if(states.begin(), states.end(),
                                 [&](const auto& m) { return m.from == old_state; });
    return it == states.end() ? nullptr : &*it;
}

std::string MigrationPlan::target_of(std::string_view old_state) const {
    const StateMapping* mapping = find(old_state);
    return mapping != nullptr ? mapping->to : std::string(old_state);
}

bool PlanReport::has_errors() const {
    return std::any_of(findings.begin(), findings.end(),
                       [](const Finding& f) { return f.severity == Severity::error; });
}

PlanReport check_plan(const MigrationPlan& plan, const Definition& from, const Definition& to) {
    PlanReport report;
    check_versions(plan, from, to, report);
    for (const auto& mapping : plan.states) check_mapping(mapping, from, to, report);
    check_unmapped(plan, from, to, report);
    std::stable_sort(report.findings.begin(), report.findings.end(),
                     [](const Finding& a, const Finding& b) {
                         return std::tie(a.error.location.line, a.error.location.column) <
                                std::tie(b.error.location.line, b.error.location.column);
                     });
    return report;
}

bool CaseMove::can_move() const {
    return outcome == MoveOutcome::moves || outcome == MoveOutcome::keeps_state;
}

DryRun dry_run(const MigrationPlan& plan, const Definition& from, const Definition& to,
               const std::vector<CaseOnVersion>& cases) {
    DryRun run;
    run.moves.reserve(cases.size());
    for (const auto& c : cases) {
        run.moves.push_back(move_of(plan, from, to, c));
        count(run.totals, run.moves.back().outcome);
    }
    return run;
}

std::string describe(const CaseMove& move) {
    std::string head = "case " + move.case_id + ": ";
    switch (move.outcome) {
        case MoveOutcome::moves:
            return head + move.from_state + " -> " + move.to_state;
        case MoveOutcome::keeps_state:
            return head + move.from_state + " -> " + move.to_state + " (same name)";
        case MoveOutcome::other_version:
            return head + "cannot move: it started on another text of this version (hash differs)";
        case MoveOutcome::unmapped_state:
            return head + "cannot move: state '" + move.from_state + "' is unmapped";
        case MoveOutcome::unknown_target:
            return head + "cannot move: state '" + move.from_state +
                   "' is mapped to a state the new version lacks";
    }
    return head;
}

std::string summary(const DryRunTotals& totals) {
    return std::to_string(totals.cases) + " case(s): " + std::to_string(totals.moving) + " move, " +
           std::to_string(totals.keeping) + " keep their state, " +
           std::to_string(totals.blocked()) + " cannot move (" +
           std::to_string(totals.other_version) + " on another version, " +
           std::to_string(totals.unmapped) + " unmapped, " + std::to_string(totals.unknown_target) +
           " with an unknown target)";
}

}  // namespace wg::workflow
