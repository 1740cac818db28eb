// Workflow listings and diagrams; a case's path comes from its stored history.
#include "adapters/app/workflow_service.hpp"

#include "adapters/app/access.hpp"

#include "adapters/app/case_service.hpp"
#include "adapters/app/graphviz.hpp"
#include "workflow/diagram.hpp"

namespace wg::app {
namespace {

Json summary(const workflow::Definition& definition) {
    return {{"name", definition.name},
            {"version", definition.version},
            {"effective_from", definition.effective_from ? Json(rules::format_date(*definition.effective_from)) : Json(nullptr)},
            {"content_hash", definition.content_hash},
            {"title", {{"zh", definition.title.zh}, {"en", definition.title.en}}}};
}

}  // namespace

Json WorkflowService::list() const {
    Json out = Json::array();
    for (const auto* definition : workflows_.all()) out.push_back(summary(*definition));
    return out;
}

Expected<Json> WorkflowService::describe(const std::string& name) const {
    const auto* definition = workflows_.latest(name);
    if (definition == nullptr) return fail("not_found", "no workflow named '" + name + "'");
    Json out = summary(*definition);
    out["initial"] = definition->initial;
    out["roles"] = definition->roles;
    Json states = Json::array();
    for (const auto& state : definition->states) {
        Json events = Json::array();
        for (const auto& transition : state.transitions)
            events.push_back({{"event", transition.event}, {"to", transition.target}, {"roles", transition.roles}});
        states.push_back({{"name", state.name},
                          {"label", {{"zh", state.label.zh}, {"en", state.label.en}}},
                          {"owner", state.owner},
                          {"final", state.final},
                          {"events", events}});
    }
    out["states"] = states;
    return out;
}

Expected<Diagram> WorkflowService::diagram(const std::string& name, const std::string& format, const std::string& case_id,
                                           const std::string& region_scope) {
    if (format != "dot" && format != "mermaid" && format != "svg")
        return fail("bad_request", "format must be dot, mermaid or svg", "format");
    const workflow::Definition* definition = workflows_.latest(name);
    workflow::DiagramOptions options;
    if (!case_id.empty()) {
        if (!is_case_id(case_id)) return fail("not_found", "no case with id " + case_id);
        auto found = store_.find(case_id);
        if (!found) return Unexpected<Error>{found.error()};
        if (!region_covers(region_scope, found->region)) return fail("not_found", "no case with id " + case_id);
        if (found->workflow != name) return fail("not_found", "case " + case_id + " is not a " + name + " case");
        definition = workflows_.version(name, found->workflow_hash);
        auto history = store_.events(case_id, 0, 100'000);
        if (!history) return Unexpected<Error>{history.error()};
        workflow::CasePath path;
        for (const auto& event : *history)
            if (event.from_state) path.steps.push_back({*event.from_state, event.event, event.to_state});
        path.current = found->state;
        options.path = std::move(path);
    }
    if (definition == nullptr) return fail("not_found", "no workflow named '" + name + "'");
    if (format == "mermaid") return Diagram{"text/vnd.mermaid; charset=utf-8", workflow::to_mermaid(*definition, options)};
    const std::string dot = workflow::to_dot(*definition, options);
    if (format == "dot") return Diagram{"text/vnd.graphviz; charset=utf-8", dot};
    auto svg = render_svg(dot);
    if (!svg) return Unexpected<Error>{svg.error()};
    return Diagram{"image/svg+xml", std::move(*svg)};
}

}  // namespace wg::app
