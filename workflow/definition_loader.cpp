// YAML → Definition. Structure errors (unknown keys, wrong shapes) and reference errors
// (undeclared states and roles) are all collected before giving up.
#include "workflow/definition_loader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "workflow/suggest.hpp"

namespace wg::workflow {
namespace {

class Loader {
public:
    explicit Loader(std::string file) : file_(std::move(file)) {}

    Expected<Definition, Errors> run(std::string_view text);

private:
    SourceLocation where(const YAML::Node& node) const {
        const auto mark = node.Mark();
        if (mark.line < 0) return {file_, 0, 0};
        return {file_, static_cast<std::uint32_t>(mark.line + 1),
                static_cast<std::uint32_t>(mark.column + 1)};
    }
    void error(const YAML::Node& node, std::string message) {
        errors_.push_back(Error{"definition", std::move(message), {}, where(node)});
    }

    void check_keys(const YAML::Node& map, const std::vector<std::string>& allowed,
                    const std::string& context);
    std::string scalar(const YAML::Node& map, const char* key, bool required, const std::string& context);
    std::vector<std::string> string_list(const YAML::Node& node, const std::string& context);
    Label label(const YAML::Node& node, const std::string& context);
    void read_top(const YAML::Node& root);
    void read_state(const YAML::Node& key, const YAML::Node& body);
    void read_transition(State& state, const YAML::Node& key, const YAML::Node& body);
    void resolve_references();

    std::string file_;
    Errors errors_;
    Definition definition_;
    std::vector<YAML::Node> transition_nodes_;  // parallel to transitions, for locating targets
};

void Loader::check_keys(const YAML::Node& map, const std::vector<std::string>& allowed,
                        const std::string& context) {
    for (const auto& entry : map) {
        const auto key = entry.first.as<std::string>();
        if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
        error(entry.first, "unknown key '" + key + "' in " + context + did_you_mean(key, allowed));
    }
}

std::string Loader::scalar(const YAML::Node& map, const char* key, bool required,
                           const std::string& context) {
    const YAML::Node node = map[key];
    if (!node) {
        if (required) error(map, context + " needs '" + key + "'");
        return {};
    }
    if (!node.IsScalar()) {
        error(node, "'" + std::string(key) + "' in " + context + " must be a single value");
        return {};
    }
    return node.as<std::string>();
}

std::vector<std::string> Loader::string_list(const YAML::Node& node, const std::string& context) {
    std::vector<std::string> out;
    if (!node) return out;
    if (!node.IsSequence()) {
        error(node, context + " must be a list like [a, b]");
        return out;
    }
    for (const auto& item : node) {
        if (!item.IsScalar()) {
            error(item, context + " must hold names only");
            continue;
        }
        out.push_back(item.as<std::string>());
    }
    return out;
}

Label Loader::label(const YAML::Node& node, const std::string& context) {
    if (!node) return {};
    if (!node.IsMap()) {
        error(node, context + " must be {zh: …, en: …}");
        return {};
    }
    check_keys(node, {"zh", "en"}, context);
    return {scalar(node, "zh", true, context), scalar(node, "en", true, context)};
}

void Loader::read_transition(State& state, const YAML::Node& key, const YAML::Node& body) {
    const std::string context = "event '" + key.as<std::string>() + "' of state '" + state.name + "'";
    if (!body.IsMap()) {
        error(body, context + " must be a map like {to: next_state, roles: [inspector]}");
        return;
    }
    check_keys(body, {"to", "roles", "requires", "basis"}, context);
    Transition transition;
    transition.event = key.as<std::string>();
    transition.target = scalar(body, "to", true, context);
    transition.roles = string_list(body["roles"], "'roles' of " + context);
    transition.requires_ = string_list(body["requires"], "'requires' of " + context);
    transition.basis = scalar(body, "basis", false, context);
    transition.location = where(key);
    state.transitions.push_back(std::move(transition));
    transition_nodes_.push_back(body["to"] ? body["to"] : body);
}

void Loader::read_state(const YAML::Node& key, const YAML::Node& body) {
    State state;
    state.name = key.as<std::string>();
    state.location = where(key);
    const std::string context = "state '" + state.name + "'";
    if (!body.IsMap()) {
        error(body, context + " must be a map");
        return;
    }
    check_keys(body, {"label", "owner", "final", "on", "basis"}, context);
    state.label = label(body["label"], "'label' of " + context);
    state.owner = scalar(body, "owner", false, context);
    if (const auto final = body["final"]) {
        if (!final.IsScalar() || (final.Scalar() != "true" && final.Scalar() != "false"))
            error(final, "'final' of " + context + " must be true or false");
        else
            state.final = final.Scalar() == "true";
    }
    if (const auto on = body["on"]) {
        if (!on.IsMap()) {
            error(on, "'on' of " + context + " must map event names to transitions");
        } else {
            for (const auto& entry : on) read_transition(state, entry.first, entry.second);
        }
    }
    definition_.states.push_back(std::move(state));
}

void Loader::read_top(const YAML::Node& root) {
    check_keys(root, {"workflow", "version", "title", "roles", "initial", "states", "basis"},
               "the workflow");
    definition_.location = where(root);
    definition_.name = scalar(root, "workflow", true, "the workflow");
    definition_.version = scalar(root, "version", true, "the workflow");
    definition_.title = label(root["title"], "'title'");
    definition_.roles = string_list(root["roles"], "'roles'");
    definition_.initial = scalar(root, "initial", true, "the workflow");
    const auto states = root["states"];
    if (!states || !states.IsMap() || states.size() == 0) {
        error(states ? states : root, "the workflow needs a non-empty 'states' map");
        return;
    }
    for (const auto& entry : states) read_state(entry.first, entry.second);
}

void Loader::resolve_references() {
    std::vector<std::string> names;
    for (const auto& state : definition_.states) names.push_back(state.name);
    if (!definition_.initial.empty() && definition_.find_state(definition_.initial) == nullptr)
        errors_.push_back(Error{"definition",
                                "initial state '" + definition_.initial + "' is not declared" +
                                    did_you_mean(definition_.initial, names),
                                {}, definition_.location});
    std::size_t index = 0;
    for (const auto& state : definition_.states) {
        if (!state.owner.empty() && !definition_.has_role(state.owner))
            errors_.push_back(Error{"definition", "state '" + state.name + "' has undeclared owner role '" +
                                                      state.owner + "'" + did_you_mean(state.owner, definition_.roles),
                                    {}, state.location});
        for (const auto& transition : state.transitions) {
            const YAML::Node& node = transition_nodes_[index++];
            if (!transition.target.empty() && definition_.find_state(transition.target) == nullptr)
                error(node, "transition '" + transition.event + "' targets undeclared state '" +
                                transition.target + "'" + did_you_mean(transition.target, names));
            for (const auto& role : transition.roles)
                if (!definition_.has_role(role))
                    error(node, "transition '" + transition.event + "' names undeclared role '" + role +
                                    "'" + did_you_mean(role, definition_.roles));
        }
    }
}

Expected<Definition, Errors> Loader::run(std::string_view text) {
    YAML::Node root;
    try {
        root = YAML::Load(std::string(text));
    } catch (const YAML::Exception& e) {
        const SourceLocation at{file_, static_cast<std::uint32_t>(e.mark.line + 1),
                                static_cast<std::uint32_t>(e.mark.column + 1)};
        return Unexpected<Errors>{{Error{"yaml", e.msg, {}, at}}};
    }
    if (!root.IsMap()) return Unexpected<Errors>{{Error{"definition", "a workflow file must be a YAML map", {}, {file_, 1, 1}}}};
    try {
        read_top(root);
        resolve_references();
    } catch (const YAML::Exception& e) {
        errors_.push_back(Error{"yaml", e.msg, {}, {file_, static_cast<std::uint32_t>(e.mark.line + 1),
                                                    static_cast<std::uint32_t>(e.mark.column + 1)}});
    }
    if (!errors_.empty()) return Unexpected<Errors>{std::move(errors_)};
    return std::move(definition_);
}

}  // namespace

Expected<Definition, Errors> load_definition(std::string_view text, const std::string& file_name) {
    return Loader(file_name).run(text);
}

}  // namespace wg::workflow
