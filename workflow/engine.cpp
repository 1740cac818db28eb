// fire() checks, in order: the case's state exists and is not final; the event is the state's
// deadline extension or a transition it handles; the role may fire it; the payload carries the
// required fields, only declared ones, of the declared types; the guard holds. Then it applies
// the payload and `set`, and collects the effects: actions, leaving and entering states.
#include "workflow/engine.hpp"

#include <algorithm>

#include "rules/join.hpp"
#include "rules/suggest.hpp"
#include "workflow/deadline_schedule.hpp"

namespace wg::workflow {
namespace {

bool is_deadline_event(const State& state, const std::string& event) {
    return state.deadline && state.deadline->fires == event;
}

bool may_fire(const State& state, const Transition& transition, const std::string& role) {
    if (transition.allows_role(role)) return true;
    return role == kSystemRole && is_deadline_event(state, transition.event);
}

// The expression scope of one evaluation: data, event, case, today, now.
rules::Value case_value(const CaseSnapshot& current, const std::string& workflow, const std::string& state) {
    return rules::Value(rules::Record{{"id", rules::Value(current.id)},
                                      {"region", rules::Value(current.region)},
                                      {"state", rules::Value(state)},
                                      {"workflow", rules::Value(workflow)}});
}

// The expression scope of one evaluation: data, event, case, today, now. Values share their
// records, so the scope costs no copies of case data.
rules::Context scope_of(const CaseSnapshot& current, rules::Value data, rules::Value payload,
                        const Definition& definition, const std::string& state, const FireContext& context) {
    rules::Context scope;
    scope.set("data", std::move(data));
    scope.set("event", std::move(payload));
    if (definition.reads_case) scope.set("case", case_value(current, definition.name, state));
    scope.set("today", rules::Value(rules::legal_date(context.now)));
    scope.set("now", rules::Value(context.now));
    return scope;
}

Expected<void> check_payload(const Definition& definition, const std::string& event, const rules::Record& payload,
                             const std::vector<std::string>& required) {
    for (const auto& field : required) {
        const rules::Value* value = payload.find(field);
        if (value == nullptr || value->is_null())
            return fail("required", "event '" + event + "' requires field '" + field + "'", "data." + field);
    }
    for (const auto& [name, value] : payload.fields()) {
        const DataField* declared = definition.find_field(name);
        if (declared == nullptr) {
            std::vector<std::string> names;
            for (const auto& field : definition.data) names.push_back(field.name);
            return fail("unknown_field", "workflow '" + definition.name + "' records no field '" + name + "'" +
                                             rules::did_you_mean(name, names),
                        "data." + name);
        }
        if (!rules::conforms(value, declared->type))
            return fail("type", "field '" + name + "' must be " + declared->type.to_string(), "data." + name);
    }
    return {};
}

rules::Record merged(const rules::Record& data, const rules::Record& payload) {
    if (payload.size() == 0) return data;
    rules::Record out;
    out.reserve(data.size() + payload.size());
    out = data;
    for (const auto& [name, value] : payload.fields()) out.set(name, value);
    return out;
}

Expected<void> add_actions(const std::vector<Action>& actions, const rules::Context& scope, std::vector<Effect>& effects) {
    for (const auto& action : actions) {
        if (action.when) {
            auto go = action.when->compiled.evaluate_bool(scope);
            if (!go) return Unexpected<Error>{go.error()};
            if (!*go) continue;
        }
        switch (action.kind) {
            case ActionKind::open_child: {
                rules::Record data;
                for (const auto& [field, expression] : action.data) {
                    auto value = expression.compiled.evaluate(scope);
                    if (!value) return Unexpected<Error>{value.error()};
                    data.set(field, std::move(*value));
                }
                effects.emplace_back(OpenChild{action.target, std::move(data)});
                break;
            }
            case ActionKind::notify:
            case ActionKind::alert:
                effects.emplace_back(Notify{action.kind == ActionKind::alert, action.target, action.message});
                break;
            case ActionKind::ledger_posting: {
                auto amount = action.data.front().second.compiled.evaluate(scope);
                if (!amount) return Unexpected<Error>{amount.error()};
                if (amount->is_null()) return fail("null_value", "a ledger posting needs an amount");
                effects.emplace_back(LedgerPosting{amount->as_money(), action.from_account, action.to_account});
                break;
            }
        }
    }
    return {};
}

// Entering `state`: its entry actions, its deadline, and the signal to a parent case.
Expected<void> enter(const State& state, const CaseSnapshot& current, const rules::Context& scope,
                     const FireContext& context, std::vector<Effect>& effects) {
    if (auto done = add_actions(state.on_entry, scope, effects); !done) return done;
    if (state.deadline) {
        auto scheduled = schedule_deadline(state, *state.deadline, scope, context);
        if (!scheduled) return Unexpected<Error>{scheduled.error()};
        effects.emplace_back(std::move(*scheduled));
    }
    if (state.final && !state.signal_parent.empty() && current.has_parent)
        effects.emplace_back(SignalParent{state.signal_parent});
    return {};
}

Expected<Step> extend(const Definition& definition, const State& state, const CaseSnapshot& current,
                      const EventRequest& request, const FireContext& context) {
    const DeadlineExtension& extension = *state.deadline->extend;
    if (std::find(extension.roles.begin(), extension.roles.end(), request.role) == extension.roles.end())
        return fail("role_not_allowed", "role '" + request.role + "' may not fire '" + request.event +
                                            "' (allowed roles: " + rules::join(extension.roles, ", ") + ")");
    if (!current.deadline) return fail("no_deadline", "no deadline is running in state '" + state.name + "'");
    if (current.deadline->extensions_used >= extension.times)
        return fail("extension_exhausted", "the deadline of state '" + state.name + "' was already extended " +
                                               std::to_string(extension.times) + " time(s)");
    if (auto ok = check_payload(definition, request.event, request.payload, {}); !ok) return Unexpected<Error>{ok.error()};
    auto moved = extend_deadline(state, *state.deadline, *current.deadline, context);
    if (!moved) return Unexpected<Error>{moved.error()};
    Step step{extension.event, state.name, state.name, state.deadline->basis, merged(current.data, request.payload), {}, {}};
    for (const auto& [name, value] : request.payload.fields()) {
        const rules::Value* before = current.data.find(name);
        step.changes.push_back({name, before ? *before : rules::Value(), value});
    }
    step.effects.emplace_back(std::move(*moved));
    return step;
}

void record_changes(const rules::Record& before, const rules::Record& after, std::vector<DataChange>& changes) {
    for (const auto& [name, value] : after.fields()) {
        const rules::Value* old = before.find(name);
        if (old != nullptr && *old == value) continue;
        changes.push_back({name, old ? *old : rules::Value(), value});
    }
}

}  // namespace

Expected<Step> fire(const Definition& definition, const CaseSnapshot& current, const EventRequest& request,
                    const FireContext& context) {
    const State* state = definition.find_state(current.state);
    if (state == nullptr)
        return fail("unknown_state", "case is in state '" + current.state + "', which workflow '" + definition.name +
                                         "' does not declare");
    if (state->final) return fail("case_closed", "case is closed in final state '" + state->name + "'");
    if (state->deadline && state->deadline->extend && state->deadline->extend->event == request.event)
        return extend(definition, *state, current, request, context);
    const Transition* transition = state->find_transition(request.event);
    if (transition == nullptr)
        return fail("not_allowed_in_state", "event '" + request.event + "' is not allowed in state '" + state->name +
                                                "' (allowed: " + rules::join(allowed_events(definition, state->name, "*"), ", ") + ")");
    if (!may_fire(*state, *transition, request.role))
        return fail("role_not_allowed", "role '" + request.role + "' may not fire '" + request.event +
                                            "' (allowed roles: " + rules::join(transition->roles, ", ") + ")");
    if (auto ok = check_payload(definition, request.event, request.payload, transition->requires_); !ok)
        return Unexpected<Error>{ok.error()};

    Step step{transition->event, state->name, transition->target, transition->basis, {}, {}, {}};
    rules::Value data(merged(current.data, request.payload));
    rules::Context scope = scope_of(current, data, rules::Value(request.payload), definition, state->name, context);
    if (transition->guard) {
        auto holds = transition->guard->compiled.evaluate_bool(scope);
        if (!holds) return Unexpected<Error>{holds.error()};
        if (!*holds) {
            const auto seen = transition->guard->compiled.explain(scope).describe();
            return fail("guard_false", "the condition of '" + request.event + "' does not hold: " +
                                           transition->guard->source + (seen.empty() ? "" : " (" + seen + ")"));
        }
    }
    for (const auto& assignment : transition->set) {
        auto value = assignment.value.compiled.evaluate(scope);
        if (!value) return Unexpected<Error>{value.error()};
        rules::Record updated;
        updated.reserve(data.as_record().size() + 1);
        updated = data.as_record();
        updated.set(assignment.field, std::move(*value));
        data = rules::Value(std::move(updated));
        scope.set("data", data);
    }
    step.data = data.as_record();
    record_changes(current.data, step.data, step.changes);
    if (auto done = add_actions(transition->actions, scope, step.effects); !done) return Unexpected<Error>{done.error()};
    if (transition->target == state->name) return step;  // internal: the clock keeps running

    const State* target = definition.find_state(transition->target);
    if (auto done = add_actions(state->on_exit, scope, step.effects); !done) return Unexpected<Error>{done.error()};
    if (state->deadline) step.effects.emplace_back(CancelDeadline{state->name});
    // Only entry actions and an `until` deadline can read case.state in the new state.
    if (definition.reads_case && (!target->on_entry.empty() || (target->deadline && target->deadline->until)))
        scope.set("case", case_value(current, definition.name, target->name));
    if (auto done = enter(*target, current, scope, context, step.effects); !done) return Unexpected<Error>{done.error()};
    return step;
}

Expected<Step> open(const Definition& definition, const CaseSnapshot& fresh, const FireContext& context) {
    const State* initial = definition.find_state(definition.initial);
    if (initial == nullptr) return fail("unknown_state", "workflow '" + definition.name + "' has no initial state");
    if (auto ok = check_payload(definition, "opened", fresh.data, {}); !ok) return Unexpected<Error>{ok.error()};
    Step step{"opened", "", initial->name, initial->basis, fresh.data, {}, {}};
    record_changes({}, step.data, step.changes);
    const rules::Value data(step.data);
    const rules::Context scope = scope_of(fresh, data, data, definition, initial->name, context);
    if (auto done = enter(*initial, fresh, scope, context, step.effects); !done) return Unexpected<Error>{done.error()};
    return step;
}

std::vector<std::string> allowed_events(const Definition& definition, const std::string& state_name,
                                        const std::string& role) {
    std::vector<std::string> events;
    const State* state = definition.find_state(state_name);
    if (state == nullptr || state->final) return events;
    const bool anyone = role == "*";
    for (const auto& transition : state->transitions)
        if (anyone || may_fire(*state, transition, role)) events.push_back(transition.event);
    if (state->deadline && state->deadline->extend) {
        const auto& roles = state->deadline->extend->roles;
        if (anyone || std::find(roles.begin(), roles.end(), role) != roles.end())
            events.push_back(state->deadline->extend->event);
    }
    return events;
}

}  // namespace wg::workflow
