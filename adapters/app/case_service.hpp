// The application service: load → decide (workflow::fire) → persist, for opening cases,
// firing events and reading cases. Speaks JSON values; knows nothing of HTTP.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "adapters/app/case_store.hpp"
#include "adapters/app/clock.hpp"
#include "adapters/app/workflow_registry.hpp"
#include "rules/calendar.hpp"
#include "workflow/engine.hpp"

namespace wg::app {

/// Who acts: an identifier for the audit trail (never a person's ID number), a role, and the
/// region the actor is bound to ("" for none: sees every region). A case outside the actor's
/// region does not exist for it (not_found).
struct Actor {
    std::string id;
    std::string role;
    std::string region;
};

/// The outcome of a write as the caller sees it: the status and body of the response (the
/// case view), possibly replayed from an earlier request with the same idempotency key.
struct Reply {
    int status = 200;
    Json body;
    bool replayed = false;
};

class CaseService {
public:
    /// `calendar` decides day-based deadlines; it must outlive the service. `pepper` keys the
    /// hashes of ID numbers in the party index.
    CaseService(const WorkflowRegistry& workflows, CaseStore& store, const Clock& clock,
                const rules::Calendar& calendar, std::string pepper)
        : workflows_(workflows), store_(store), clock_(clock), calendar_(calendar), pepper_(std::move(pepper)) {}

    /// Body: {workflow, region?, data?}. The workflow version in force today (China time) is
    /// used. Replies 201 with the case view. Codes: validation, unknown_workflow,
    /// role_not_allowed, idempotency_mismatch, and the engine's (e.g. calendar_range for a
    /// deadline past the calendar). `parent_id` links a child case to the case that opened it.
    Expected<Reply> open_case(const Json& body, const Actor& actor, const std::optional<IdempotencyKey>& key = {},
                              const std::string& parent_id = "");

    /// Body: {event, data?}. Fires the event through the case's workflow in one transaction.
    /// Codes: not_found, validation, not_allowed_in_state, role_not_allowed, required,
    /// case_closed, version_mismatch, guard_false, extension_exhausted, idempotency_mismatch.
    Expected<Reply> fire_event(const std::string& case_id, const Json& body, const Actor& actor,
                               std::optional<std::int64_t> expected_version,
                               const std::optional<IdempotencyKey>& key = {});

    /// Fires the event of the pending deadline `deadline_id` of a case, as the system, if that
    /// deadline is still the pending one of the case's state; marks it fired in the same
    /// transaction. Codes: deadline_gone (cancelled, fired or stale: nothing to do), and
    /// fire_event's.
    Expected<void> fire_deadline(const std::string& case_id, const std::string& deadline_id, const Actor& system);

    /// The case view: state, data, deadlines and the events the actor may fire now.
    Expected<Json> get_case(const std::string& case_id, const Actor& actor);

    /// A page of the case's history with hashes: {events, next_after} (seq > after).
    Expected<Json> get_events(const std::string& case_id, const Actor& actor, std::int64_t after, std::size_t limit);

    /// Whether the store answers.
    bool ready() { return store_.ready(); }

    /// Adds effects to every step before it is written, in its transaction (e.g. outbound
    /// webhook deliveries for the subscriptions that match). `before` is null when the case
    /// opens. Set it before serving.
    using StepHook = std::function<void(const std::string& workflow, const CaseRecord* before, Change& change)>;
    void set_step_hook(StepHook hook) { step_hook_ = std::move(hook); }

private:
    [[nodiscard]] Json view(const CaseRecord& record, const Actor& actor) const;
    Change step_change(const workflow::Definition& definition, const workflow::Step& step, const CaseRecord* before,
                       const Actor& actor, rules::Instant now, const rules::Record& payload) const;

    const WorkflowRegistry& workflows_;
    CaseStore& store_;
    const Clock& clock_;
    const rules::Calendar& calendar_;
    std::string pepper_;
    StepHook step_hook_;
};

/// True for the canonical textual form of a UUID (8-4-4-4-12 hex digits).
bool is_case_id(const std::string& text);

}  // namespace wg::app
