// fire(): the pure decision at the heart of the engine. Given a definition, the current case,
// an event and the time and calendar, it returns the step to take — next state, data changes
// and effects for the adapters — or a rejection that explains itself.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "rules/calendar.hpp"
#include "rules/expected.hpp"
#include "rules/period.hpp"
#include "rules/period_memo.hpp"
#include "workflow/definition.hpp"

namespace wg::workflow {

/// The deadline running in the case's current state, as the store keeps it.
struct ActiveDeadline {
    std::string fires;
    rules::Instant due_at{};
    std::optional<rules::Date> last_day;  // for day-based periods: the last day of the period
    int extensions_used = 0;
};

/// What fire() needs to know of the case as it stands.
struct CaseSnapshot {
    std::string id;
    std::string state;
    std::int64_t version = 0;
    rules::Record data;
    std::string region;
    std::optional<ActiveDeadline> deadline;
    bool has_parent = false;
};

/// An event as asked for: its name, the role of whoever fires it, and its typed payload.
struct EventRequest {
    std::string event;
    std::string role;
    rules::Record payload;
};

/// The inputs the core may not fetch itself.
struct FireContext {
    rules::Instant now{};
    const rules::Calendar* calendar = nullptr;  // required for day-based deadlines
    rules::PeriodMemo* memo = nullptr;          // optional: remembers period additions (one per thread)
};

// --- effects: what the adapters must carry out, in the same transaction ----------------------
// Names in steps and effects (states, events, roles, rule ids) are views into the Definition
// they came from: a step is valid while its definition lives, which the registry guarantees.

/// Start (or replace) the deadline of `state`: at `due_at` the engine fires `fires`.
struct ScheduleDeadline {
    std::string_view state;
    std::string_view fires;
    rules::Instant due_at{};
    std::optional<rules::Date> last_day;
    std::string_view basis;
    std::shared_ptr<const rules::Explanation> explanation;  // shared: cases of one day share it
    int extensions_used = 0;
};
/// Cancel the deadline of `state` (the case left it).
struct CancelDeadline {
    std::string_view state;
};
struct OpenChild {
    std::string_view workflow;
    rules::Record data;
};
struct SignalParent {
    std::string_view event;
};
struct Notify {
    bool alert = false;  // an alert (supervision) rather than a notice
    std::string_view role;
    std::string_view message;
};
struct LedgerPosting {
    rules::Money amount;
    std::string_view from_account;
    std::string_view to_account;
};
using Effect = std::variant<ScheduleDeadline, CancelDeadline, OpenChild, SignalParent, Notify, LedgerPosting>;

struct DataChange {
    std::string field;
    rules::Value before;
    rules::Value after;
};

/// The decided step; the adapter persists it, and its effects, in one transaction.
struct Step {
    std::string_view event;
    std::string_view from;
    std::string_view to;
    std::string_view basis;
    rules::Record data;  // the case data after the step
    std::vector<DataChange> changes;
    std::vector<Effect> effects;
};

/// Decides what `request` does to `current`. Rejection codes (the adapter maps them to HTTP
/// statuses): `unknown_state`, `case_closed`, `not_allowed_in_state`, `role_not_allowed`,
/// `required`, `unknown_field`, `type`, `guard_false` (message lists the values seen),
/// `extension_exhausted`, `no_deadline`, and evaluation or calendar failures with their own
/// codes (`calendar_range`, `overflow`, `null_value`, …).
Expected<Step> fire(const Definition& definition, const CaseSnapshot& current, const EventRequest& request,
                    const FireContext& context);

/// The step that opens a case: from nothing into the initial state, with `initial_data`;
/// schedules the initial state's deadline and runs its entry actions.
Expected<Step> open(const Definition& definition, const CaseSnapshot& fresh, const FireContext& context);

/// The events the given role may fire in the given state (extensions included).
std::vector<std::string> allowed_events(const Definition& definition, const std::string& state,
                                        const std::string& role);

}  // namespace wg::workflow
