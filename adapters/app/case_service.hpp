// The application service: load → decide (workflow::fire) → persist, for opening cases,
// firing events and reading cases. Speaks JSON values; knows nothing of HTTP.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "adapters/app/case_store.hpp"
#include "adapters/app/clock.hpp"
#include "adapters/app/workflow_registry.hpp"
#include "rules/calendar.hpp"

namespace wg::app {

/// Who acts: an identifier for the audit trail (never a person's ID number) and a role.
struct Actor {
    std::string id;
    std::string role;
};

class CaseService {
public:
    /// `calendar` decides day-based deadlines; it must outlive the service.
    CaseService(const WorkflowRegistry& workflows, CaseStore& store, const Clock& clock,
                const rules::Calendar& calendar)
        : workflows_(workflows), store_(store), clock_(clock), calendar_(calendar) {}

    /// Body: {workflow, region?, data?}. The workflow version in force today (China time) is
    /// used. Returns the case view. Codes: validation, unknown_workflow, role_not_allowed, and
    /// the engine's (e.g. calendar_range for a deadline past the calendar).
    Expected<Json> open_case(const Json& body, const Actor& actor);

    /// Body: {event, data?}. Fires the event through the case's workflow in one transaction.
    /// Codes: not_found, validation, not_allowed_in_state, role_not_allowed, required,
    /// case_closed, version_mismatch, guard_false, extension_exhausted.
    Expected<Json> fire_event(const std::string& case_id, const Json& body, const Actor& actor,
                              std::optional<std::int64_t> expected_version);

    /// The case view: state, data, history and the events the actor may fire now.
    Expected<Json> get_case(const std::string& case_id, const Actor& actor);

    /// Whether the store answers.
    bool ready() { return store_.ready(); }

private:
    Expected<Json> view(const CaseRecord& record, const Actor& actor);

    const WorkflowRegistry& workflows_;
    CaseStore& store_;
    const Clock& clock_;
    const rules::Calendar& calendar_;
};

/// True for the canonical textual form of a UUID (8-4-4-4-12 hex digits).
bool is_case_id(const std::string& text);

}  // namespace wg::app
