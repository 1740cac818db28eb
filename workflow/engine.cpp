// fire() checks, in order: the case's state exists and is not final, the event is handled in
// that state, the role may fire it, and its required fields are present.
#include "workflow/engine.hpp"

#include <algorithm>

namespace wg::workflow {
namespace {

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
    return out;
}

bool has_field(const EventRequest& request, const std::string& field) {
    return std::find(request.fields.begin(), request.fields.end(), field) != request.fields.end();
}

std::vector<std::string> handled_events(const State& state) {
    std::vector<std::string> events;
    for (const auto& transition : state.transitions) events.push_back(transition.event);
    return events;
}

}  // namespace

Expected<Step> fire(const Definition& definition, const CaseSnapshot& current,
                    const EventRequest& request) {
    const State* state = definition.find_state(current.state);
    if (state == nullptr)
        return fail("unknown_state", "case is in state '" + current.state +
                                         "', which workflow '" + definition.name + "' does not declare");
    if (state->final)
        return fail("case_closed", "case is closed in final state '" + state->name + "'");
    const Transition* transition = state->find_transition(request.event);
    if (transition == nullptr)
        return fail("not_allowed_in_state", "event '" + request.event + "' is not allowed in state '" +
                                                state->name + "' (allowed: " +
                                                join(handled_events(*state)) + ")");
    if (!transition->allows_role(request.role))
        return fail("role_not_allowed", "role '" + request.role + "' may not fire '" + request.event +
                                            "' (allowed roles: " + join(transition->roles) + ")");
    for (const auto& field : transition->requires_)
        if (!has_field(request, field))
            return fail("required", "event '" + request.event + "' requires field '" + field + "'",
                        "data." + field);
    return Step{request.event, state->name, transition->target, transition->basis};
}

std::vector<std::string> allowed_events(const Definition& definition, const std::string& state_name,
                                        const std::string& role) {
    std::vector<std::string> events;
    const State* state = definition.find_state(state_name);
    if (state == nullptr || state->final) return events;
    for (const auto& transition : state->transitions)
        if (transition.allows_role(role)) events.push_back(transition.event);
    return events;
}

}  // namespace wg::workflow
