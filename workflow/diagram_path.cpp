// The case path a diagram highlights: read from "state,event,state,…" text and checked
// against the definition, so a typo is reported rather than silently not drawn.
#include <vector>

#include "rules/suggest.hpp"
#include "workflow/diagram.hpp"

namespace wg::workflow {
namespace {

std::string trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t");
    return std::string(text.substr(first, last - first + 1));
}

std::vector<std::string> split_commas(std::string_view text) {
    std::vector<std::string> items;
    for (std::size_t start = 0;;) {
        const auto comma = text.find(',', start);
        items.push_back(trimmed(text.substr(start, comma - start)));
        if (comma == std::string_view::npos) return items;
        start = comma + 1;
    }
}

// Every event that can move a case out of `state`: its transitions, its deadline's expiry
// and its deadline's extension.
std::vector<std::string> events_of(const State& state) {
    std::vector<std::string> events;
    for (const auto& transition : state.transitions) events.push_back(transition.event);
    if (state.deadline) events.push_back(state.deadline->fires);
    if (state.deadline && state.deadline->extend) events.push_back(state.deadline->extend->event);
    return events;
}

// Where `event` takes a case in `state`, as the diagram draws it ("" when nowhere).
std::string target_of(const State& state, std::string_view event) {
    if (const auto* transition = state.find_transition(event)) return transition->target;
    if (state.deadline && state.deadline->fires == event) return state.name;
    if (state.deadline && state.deadline->extend && state.deadline->extend->event == event)
        return state.name;
    return {};
}

std::vector<std::string> state_names(const Definition& definition) {
    std::vector<std::string> names;
    for (const auto& state : definition.states) names.push_back(state.name);
    return names;
}

Expected<void> check_step(const Definition& definition, const PathStep& step, std::size_t number) {
    const std::string at = "path step " + std::to_string(number) + ": ";
    const State* from = definition.find_state(step.from);
    if (from == nullptr)
        return fail("path", at + "unknown state '" + step.from + "'" +
                                rules::did_you_mean(step.from, state_names(definition)));
    const std::string target = target_of(*from, step.event);
    if (target.empty())
        return fail("path", at + "state '" + step.from + "' has no event '" + step.event + "'" +
                                rules::did_you_mean(step.event, events_of(*from)));
    if (target != step.to)
        return fail("path", at + "event '" + step.event + "' leads from '" + step.from + "' to '" +
                                target + "', not to '" + step.to + "'");
    return {};
}

}  // namespace

Expected<CasePath> parse_case_path(std::string_view text) {
    const auto items = split_commas(text);
    if (items.size() == 1 && items[0].empty()) return fail("path", "the path is empty");
    for (std::size_t i = 0; i < items.size(); ++i)
        if (items[i].empty())
            return fail("path", "path item " + std::to_string(i + 1) + " is empty");
    if (items.size() % 2 == 0)
        return fail("path", "the path ends with event '" + items.back() +
                                "': end it with the state it led to");
    CasePath path;
    for (std::size_t i = 0; i + 2 < items.size(); i += 2)
        path.steps.push_back({items[i], items[i + 1], items[i + 2]});
    path.current = items.back();
    return path;
}

Expected<void> check_case_path(const Definition& definition, const CasePath& path) {
    for (std::size_t i = 0; i < path.steps.size(); ++i) {
        const PathStep& step = path.steps[i];
        if (i > 0 && step.from != path.steps[i - 1].to)
            return fail("path", "path step " + std::to_string(i + 1) + " starts in '" + step.from +
                                    "' but the step before ended in '" + path.steps[i - 1].to +
                                    "'");
        if (auto checked = check_step(definition, step, i + 1); !checked) return checked;
    }
    if (definition.find_state(path.current) == nullptr)
        return fail("path", "unknown current state '" + path.current + "'" +
                                rules::did_you_mean(path.current, state_names(definition)));
    if (!path.steps.empty() && path.steps.back().to != path.current)
        return fail("path", "the path ends in '" + path.steps.back().to +
                                "' but its current state is '" + path.current + "'");
    return {};
}

}  // namespace wg::workflow
