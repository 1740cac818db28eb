// A migration plan maps the states of one version of a workflow onto another; check_plan()
// finds what the plan gets wrong and dry_run() says what it would do to given cases.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "rules/error.hpp"
#include "workflow/checker.hpp"
#include "workflow/definition.hpp"

namespace wg::workflow {

/// `old_state: new_state`, one line of a plan's `states` map.
struct StateMapping {
    std::string from;
    std::string to;
    SourceLocation location;         // the old state's key
    SourceLocation target_location;  // the new state's value
};

/// A state map between two declared versions of one workflow. A state absent from `states`
/// keeps its name, which must then exist in both versions.
struct MigrationPlan {
    std::string workflow;
    std::string from_version;
    std::string to_version;
    std::vector<StateMapping> states;
    std::string reason;
    SourceLocation location;           // the plan's root
    SourceLocation workflow_location;  // each the value's place
    SourceLocation from_version_location;
    SourceLocation to_version_location;
    SourceLocation states_location;  // the `states` key (or the root without one)

    /// The explicit mapping of `old_state`, or nullptr.
    [[nodiscard]] const StateMapping* find(std::string_view old_state) const;
    /// Where a case in `old_state` goes: the mapping's target, else the same name.
    [[nodiscard]] std::string target_of(std::string_view old_state) const;
};

/// The findings of check_plan(): errors (unknown_state, unknown_target, unmapped_state,
/// version_mismatch) and warnings (finality_changed), each located in the plan file.
struct PlanReport {
    std::vector<Finding> findings;

    [[nodiscard]] bool has_errors() const;
};

/// Checks `plan` against the definitions it maps between (`from`: its from_version, `to`: its
/// to_version). Every finding names a place in the plan file.
PlanReport check_plan(const MigrationPlan& plan, const Definition& from, const Definition& to);

/// A case as the dry run sees it: plain values read by an adapter.
struct CaseOnVersion {
    std::string id;
    std::string state;
    std::string workflow_hash;  // the content hash of the definition the case started on
};

enum class MoveOutcome {
    moves,           // to another state of the new version
    keeps_state,     // to the state of the same name in the new version
    other_version,   // started on another definition (content hash differs from `from`)
    unmapped_state,  // its state is neither mapped nor in the new version
    unknown_target,  // the plan maps its state to a state the new version lacks
};

struct CaseMove {
    std::string case_id;
    std::string from_state;
    std::string to_state;  // empty when the case cannot move
    MoveOutcome outcome = MoveOutcome::moves;

    [[nodiscard]] bool can_move() const;
};

struct DryRunTotals {
    std::size_t cases = 0;
    std::size_t moving = 0;
    std::size_t keeping = 0;
    std::size_t other_version = 0;
    std::size_t unmapped = 0;
    std::size_t unknown_target = 0;

    [[nodiscard]] std::size_t blocked() const { return other_version + unmapped + unknown_target; }
};

struct DryRun {
    std::vector<CaseMove> moves;  // one per case, in the order given
    DryRunTotals totals;
};

/// What applying `plan` would do to each of `cases`; changes nothing.
DryRun dry_run(const MigrationPlan& plan, const Definition& from, const Definition& to,
               const std::vector<CaseOnVersion>& cases);

/// "case ID: investigating -> under_review", or "case ID: cannot move: <reason>".
std::string describe(const CaseMove& move);

/// "5 case(s): 3 move, 1 keep their state, 1 cannot move (1 on another version, 0 unmapped,
/// 0 with an unknown target)".
std::string summary(const DryRunTotals& totals);

}  // namespace wg::workflow
