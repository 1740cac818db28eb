// fire(): the pure decision at the heart of the engine. Given a definition, the current case
// and an event, it returns the step to take or a rejection that explains itself.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "rules/expected.hpp"
#include "workflow/definition.hpp"

namespace wg::workflow {

/// What fire() needs to know of the case as it stands.
struct CaseSnapshot {
    std::string state;
    std::int64_t version = 0;
};

/// An event as asked for: its name, the role of whoever fires it, and which payload fields
/// it carries (their values are checked by the adapter's schema validation).
struct EventRequest {
    std::string event;
    std::string role;
    std::vector<std::string> fields;
};

/// The decided step. Effects (deadlines, child cases, notifications) join it as the language
/// grows; the adapter persists the step in one transaction.
struct Step {
    std::string event;
    std::string from;
    std::string to;
    std::string basis;
};

/// Rejection codes, stable across versions (the adapter maps them to HTTP statuses):
/// `case_closed`, `not_allowed_in_state`, `role_not_allowed`, `required`, `unknown_state`.
Expected<Step> fire(const Definition& definition, const CaseSnapshot& current,
                    const EventRequest& request);

/// The events the given role may fire in the given state (for "what can I do now" answers).
std::vector<std::string> allowed_events(const Definition& definition, const std::string& state,
                                        const std::string& role);

}  // namespace wg::workflow
