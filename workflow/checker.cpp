// Each rule is one small function adding findings; the longest path is a bounded depth-first
// search over simple paths from the initial state.
#include "workflow/checker.hpp"

#include <algorithm>
#include <map>

#include "rules/suggest.hpp"

namespace wg::workflow {
namespace {

void add(CheckReport& report, Severity severity, const char* rule, std::string message, const SourceLocation& at) {
    Error error;
    error.code = rule;
    error.message = std::move(message);
    error.location = at;
    report.findings.push_back({severity, rule, std::move(error)});
}

std::vector<std::string> successors(const State& state) {
    std::vector<std::string> next;
    for (const auto& transition : state.transitions)
        if (transition.target != state.name) next.push_back(transition.target);
    return next;
}

void check_reachability(const Definition& definition, CheckReport& report) {
    std::set<std::string> seen{definition.initial};
    std::vector<std::string> queue{definition.initial};
    while (!queue.empty()) {
        const State* state = definition.find_state(queue.back());
        queue.pop_back();
        if (state == nullptr) continue;
        for (const auto& next : successors(*state))
            if (seen.insert(next).second) queue.push_back(next);
    }
    for (const auto& state : definition.states)
        if (!seen.contains(state.name))
            add(report, Severity::error, "unreachable_state",
                "state '" + state.name + "' cannot be reached from initial state '" + definition.initial + "'",
                state.location);
}

void check_state(const Definition& definition, const State& state, const std::set<std::string>& known_workflows,
                 CheckReport& report) {
    if (!state.final && successors(state).empty())
        add(report, Severity::error, "dead_end",
            "state '" + state.name + "' is not final and no event leads out of it", state.location);
    if (!state.signal_parent.empty() && !state.final)
        add(report, Severity::error, "signal_not_final",
            "state '" + state.name + "' signals its parent but is not final", state.location);
    if (state.deadline) {
        const Deadline& deadline = *state.deadline;
        if (!deadline.fires.empty() && state.find_transition(deadline.fires) == nullptr)
            add(report, Severity::error, "unhandled_deadline_event",
                "the deadline of state '" + state.name + "' fires '" + deadline.fires + "', which the state does not handle",
                deadline.location);
        if (deadline.extend && state.find_transition(deadline.extend->event) != nullptr)
            add(report, Severity::error, "extension_clash",
                "extension event '" + deadline.extend->event + "' of state '" + state.name + "' is also a transition",
                deadline.location);
    }
    const auto check_actions = [&](const std::vector<Action>& actions) {
        std::vector<std::string> names(known_workflows.begin(), known_workflows.end());
        for (const auto& action : actions)
            if (action.kind == ActionKind::open_child && !known_workflows.contains(action.target))
                add(report, Severity::error, "unknown_workflow",
                    "action opens unknown workflow '" + action.target + "'" + rules::did_you_mean(action.target, names),
                    action.location);
    };
    check_actions(state.on_entry);
    check_actions(state.on_exit);
    for (const auto& transition : state.transitions) check_actions(transition.actions);
    if (state.final) return;
    if (state.owner.empty())
        add(report, Severity::warning, "no_owner", "state '" + state.name + "' has no owner role", state.location);
    if (!state.deadline)
        add(report, Severity::warning, "no_deadline", "state '" + state.name + "' has no deadline", state.location);
    (void)definition;
}

long days_of(const rules::Period& period) {
    switch (period.unit) {
        case rules::PeriodUnit::hours: return (period.count + 23) / 24;
        case rules::PeriodUnit::calendar_days:
        case rules::PeriodUnit::working_days: return period.count;
        case rules::PeriodUnit::months: return period.count * 30;
        case rules::PeriodUnit::years: return period.count * 365;
    }
    return 0;
}

// The statutory time a state adds to a path: its period, plus every extension allowed.
StatutoryPath contribution(const State& state) {
    StatutoryPath path;
    if (!state.deadline || !state.deadline->within) return path;
    const auto& deadline = *state.deadline;
    path.days = days_of(*deadline.within);
    path.parts.push_back(state.name + " " + rules::format_period_en(*deadline.within) +
                         (deadline.basis.empty() ? "" : " (" + deadline.basis + ")"));
    if (deadline.extend) {
        path.days += days_of(deadline.extend->by) * deadline.extend->times;
        path.parts.push_back(state.name + " +" + rules::format_period_en(deadline.extend->by) + " (extension)");
    }
    return path;
}

class LongestPath {
public:
    explicit LongestPath(const Definition& definition) : definition_(definition) {}

    StatutoryPath from(const std::string& name) {
        on_path_.clear();
        visit(name, {});
        return best_;
    }

private:
    void visit(const std::string& name, StatutoryPath so_far) {
        if (++steps_ > kMaxSteps || on_path_.contains(name)) return;
        const State* state = definition_.find_state(name);
        if (state == nullptr) return;
        const StatutoryPath here = contribution(*state);
        so_far.days += here.days;
        so_far.parts.insert(so_far.parts.end(), here.parts.begin(), here.parts.end());
        if (so_far.days > best_.days) best_ = so_far;
        on_path_.insert(name);
        for (const auto& next : successors(*state)) visit(next, so_far);
        on_path_.erase(name);
    }

    static constexpr long kMaxSteps = 200'000;  // simple paths can explode; workflows are small
    const Definition& definition_;
    std::set<std::string> on_path_;
    StatutoryPath best_;
    long steps_ = 0;
};

}  // namespace

bool CheckReport::has_errors() const {
    return std::any_of(findings.begin(), findings.end(),
                       [](const Finding& f) { return f.severity == Severity::error; });
}

CheckReport check_definition(const Definition& definition, const std::set<std::string>& known_workflows) {
    CheckReport report;
    check_reachability(definition, report);
    for (const auto& state : definition.states) check_state(definition, state, known_workflows, report);
    std::stable_sort(report.findings.begin(), report.findings.end(), [](const Finding& a, const Finding& b) {
        return std::tie(a.error.location.line, a.error.location.column) <
               std::tie(b.error.location.line, b.error.location.column);
    });
    report.longest_path = LongestPath(definition).from(definition.initial);
    return report;
}

std::string format_finding(const Finding& finding) {
    if (finding.severity == Severity::error) return finding.error.to_string();
    const std::string where = finding.error.location.to_string();
    return (where.empty() ? "" : where + ": ") + "warning: " + finding.error.message;
}

}  // namespace wg::workflow
