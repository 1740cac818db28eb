// The workflow definition model: the case-data schema, states with their deadlines and entry
// and exit actions, and the transitions leaving them, with guards, assignments and actions.
// Built by the loader from YAML (expressions already compiled), read by fire(), the checker
// and the diagram writer; immutable after loading.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/date.hpp"
#include "rules/error.hpp"
#include "rules/expr/expression.hpp"
#include "rules/period.hpp"

namespace wg::workflow {

/// A name for people, in Chinese and English.
struct Label {
    std::string zh;
    std::string en;
};

/// How personal a case-data field is; adapters mask and log by it (DESIGN.md §5).
enum class PiiClass { none, identity, contact, bank };

/// One field of the case-data schema (top level; records nest inside `type`).
struct DataField {
    std::string name;
    rules::Type type;
    PiiClass pii = PiiClass::none;
    Label label;
    SourceLocation location;
};

/// An expression as written (for messages, diagrams) and compiled (for evaluation).
struct CompiledExpression {
    std::string source;
    rules::Expression compiled;
    SourceLocation location;
};

/// What a transition or a state's entry and exit ask of the world. The core only describes
/// effects; adapters carry them out.
enum class ActionKind {
    open_child,     // open a case of `target` workflow, linked to this one, with `data`
    notify,         // tell people in role `target` (template `message`)
    alert,          // raise an alert for role `target` (e.g. supervisor) with `message`
    ledger_posting  // post `amount` from account `from` to account `to` (target unused)
};

struct Action {
    ActionKind kind = ActionKind::notify;
    std::string target;   // workflow (open_child) or role (notify, alert)
    std::string message;  // notify/alert: a message id or text
    std::optional<CompiledExpression> when;                         // only if true
    std::vector<std::pair<std::string, CompiledExpression>> data;  // open_child: child's data; ledger: amount
    std::string from_account;                                      // ledger_posting
    std::string to_account;                                        // ledger_posting
    SourceLocation location;
};

/// `field = expression`, applied to case data after the event's payload is merged.
struct Assignment {
    std::string field;
    CompiledExpression value;
};

/// An extension of a state's deadline: `event`, fired by one of `roles`, moves the due date by
/// `by` counted from the current due date (at most `times` times).
struct DeadlineExtension {
    rules::Period by;
    std::string event;
    std::vector<std::string> roles;
    int times = 1;
};

/// A time limit attached to a state: `within` a period from entering it (or, with `from`, from
/// the date that expression gives, e.g. the day a complaint was received), or `until` a date
/// given by an expression; on expiry the engine fires `fires` as role `system`.
struct Deadline {
    std::optional<rules::Period> within;
    std::optional<CompiledExpression> until;  // a date or timestamp expression
    std::string fires;
    std::string basis;  // DOMAIN.md deadline id (D1…) or article
    std::optional<DeadlineExtension> extend;
    SourceLocation location;
    std::optional<CompiledExpression> from;  // a date: `within` counts from it (null: from entry)
};

/// `from + event [roles, requires, guard] -> target / set, actions`: one row of the table.
struct Transition {
    std::string event;
    std::string target;
    std::vector<std::string> roles;      // who may fire it; `system` fires deadline events
    std::vector<std::string> requires_;  // data fields the event's payload must carry
    std::optional<CompiledExpression> guard;
    std::vector<Assignment> set;
    std::vector<Action> actions;
    std::string basis;
    SourceLocation location;         // the event's key
    SourceLocation target_location;  // the `to:` value

    [[nodiscard]] bool allows_role(std::string_view role) const;
};

struct State {
    std::string name;
    Label label;
    std::string owner;  // the role responsible while the case is here
    bool final = false;
    std::string signal_parent;  // final states: the event sent to a parent case, if any
    std::optional<Deadline> deadline;
    std::vector<Action> on_entry;
    std::vector<Action> on_exit;
    std::vector<Transition> transitions;
    std::string basis;
    SourceLocation location;

    [[nodiscard]] const Transition* find_transition(std::string_view event) const;
};

struct Definition {
    std::string name;
    std::string version;       // declared by its authors, e.g. "2025.1"
    std::string content_hash;  // sha256 of the source text, set by whoever read the file
    std::optional<rules::Date> effective_from;  // new cases from this reference date on
    Label title;
    std::vector<std::string> roles;
    std::vector<DataField> data;
    std::string initial;
    std::vector<State> states;
    SourceLocation location;
    bool reads_case = true;  // whether any expression may read `case` (else fire() skips building it)

    [[nodiscard]] const State* find_state(std::string_view name) const;
    [[nodiscard]] const DataField* find_field(std::string_view name) const;
    [[nodiscard]] bool has_role(std::string_view role) const;
    /// The record type of case data (and of event payloads), from `data`.
    [[nodiscard]] rules::Type data_type() const;
};

/// The role deadline events are fired as, and that may always fire them.
inline constexpr std::string_view kSystemRole = "system";

}  // namespace wg::workflow
