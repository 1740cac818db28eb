// YAML → Definition. Structure errors (unknown keys, wrong shapes), expression errors and
// reference errors (undeclared states, roles and data fields) are all collected.
#include "workflow/definition_loader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "rules/suggest.hpp"
#include "workflow/data_schema_loader.hpp"
#include "workflow/yaml_loader.hpp"

namespace wg::workflow {
namespace {

using rules::did_you_mean;

const std::vector<std::string> kTopKeys{"workflow", "version", "effective_from", "title", "roles",
                                        "data", "initial", "states", "basis", "description"};
const std::vector<std::string> kStateKeys{"label", "owner", "final", "on", "basis", "deadline",
                                          "on_entry", "on_exit", "signal_parent", "description"};
const std::vector<std::string> kTransitionKeys{"to", "roles", "requires", "guard", "set", "actions",
                                               "basis", "description"};
const std::vector<std::string> kDeadlineKeys{"within", "from", "until", "fires", "basis", "extend"};
const std::vector<std::string> kActionKinds{"open", "notify", "alert", "post"};

class Loader {
public:
    Loader(std::string file, const rules::FunctionRegistry& functions)
        : reader_(std::move(file)), functions_(functions) {}

    PartialDefinition run(std::string_view text);

private:
    std::optional<CompiledExpression> compile(const YAML::Node& node, const std::string& context, bool guard);
    bool reads_case_ = false;
    void read_top(const YAML::Node& root);
    void read_state(const YAML::Node& key, const YAML::Node& body);
    std::optional<Deadline> read_deadline(const YAML::Node& node, const std::string& context);
    std::optional<DeadlineExtension> read_extension(const YAML::Node& node, const std::string& context);
    std::vector<Action> read_actions(const YAML::Node& node, const std::string& context);
    std::optional<Action> read_action(const YAML::Node& node, const std::string& context);
    void read_transition(State& state, const YAML::Node& key, const YAML::Node& body);
    std::vector<Assignment> read_set(const YAML::Node& node, const std::string& context);
    std::optional<rules::Period> read_period(const YAML::Node& node, const std::string& context);
    void resolve_references();
    void check_transition(const State& state, const Transition& transition);
    void check_role(const std::string& role, const SourceLocation& at, const std::string& context);

    YamlReader reader_;
    const rules::FunctionRegistry& functions_;
    Definition definition_;
    rules::Schema schema_;
};

std::optional<CompiledExpression> Loader::compile(const YAML::Node& node, const std::string& context, bool guard) {
    if (!node.IsScalar()) {
        reader_.error(node, context + " must be an expression written as one string");
        return std::nullopt;
    }
    const std::string source = node.Scalar();
    // Conservative: any mention of `case` (even inside a string) counts as reading it.
    if (source.find("case") != std::string::npos) reads_case_ = true;
    auto compiled = guard ? rules::compile_guard(source, schema_, functions_)
                          : rules::compile_expression(source, schema_, functions_);
    if (!compiled) {
        Error error = compiled.error();
        rules::relocate(error, reader_.text_start(node));
        error.message = "in " + context + ": " + error.message;
        reader_.error_at(error.location, error.message, error.code);
        return std::nullopt;
    }
    return CompiledExpression{source, std::move(*compiled), reader_.text_start(node)};
}

std::optional<rules::Period> Loader::read_period(const YAML::Node& node, const std::string& context) {
    if (!node.IsScalar()) {
        reader_.error(node, context + " must be a period like \"5 working days\"");
        return std::nullopt;
    }
    auto period = rules::parse_period(node.Scalar());
    if (!period) {
        reader_.error(node, context + ": " + period.error().message, period.error().code);
        return std::nullopt;
    }
    return *period;
}

std::optional<DeadlineExtension> Loader::read_extension(const YAML::Node& node, const std::string& context) {
    if (!node.IsMap()) {
        reader_.error(node, context + " must be {by: PERIOD, event: NAME, roles: [...]}");
        return std::nullopt;
    }
    reader_.check_keys(node, {"by", "event", "roles", "times"}, context);
    DeadlineExtension extension;
    if (!node["by"]) reader_.error(node, context + " needs 'by'");
    else if (auto by = read_period(node["by"], "'by' of " + context)) extension.by = *by;
    extension.event = reader_.scalar(node, "event", true, context);
    extension.roles = reader_.names(node["roles"], "'roles' of " + context);
    if (const auto times = node["times"]) {
        const std::string text = times.IsScalar() ? times.Scalar() : "";
        if (text.empty() || text.size() > 2 || text.find_first_not_of("0123456789") != std::string::npos || text == "0")
            reader_.error(times, "'times' of " + context + " must be a small positive number");
        else
            extension.times = std::stoi(text);
    }
    return extension;
}

std::optional<Deadline> Loader::read_deadline(const YAML::Node& node, const std::string& context) {
    if (!node.IsMap()) {
        reader_.error(node, context + " must be a map like {within: 5 working days, fires: EVENT}");
        return std::nullopt;
    }
    reader_.check_keys(node, kDeadlineKeys, context);
    Deadline deadline;
    deadline.location = reader_.where(node);
    if (node["within"] && node["until"]) reader_.error(node, context + " takes 'within' or 'until', not both");
    if (!node["within"] && !node["until"]) reader_.error(node, context + " needs 'within' (a period) or 'until' (a date expression)");
    if (node["within"]) deadline.within = read_period(node["within"], "'within' of " + context);
    if (node["until"]) {
        deadline.until = compile(node["until"], "'until' of " + context, false);
        if (deadline.until && !deadline.until->compiled.type().is(rules::TypeKind::date) &&
            !deadline.until->compiled.type().is(rules::TypeKind::timestamp))
            reader_.error(node["until"], "'until' of " + context + " must give a date or timestamp, not " +
                                             deadline.until->compiled.type().to_string(), "type");
    }
    if (node["from"]) {
        deadline.from = compile(node["from"], "'from' of " + context, false);
        if (!node["within"]) reader_.error(node["from"], "'from' of " + context + " goes with 'within' (the period counted from it)");
        else if (deadline.within && deadline.within->unit == rules::PeriodUnit::hours)
            reader_.error(node["from"], "'from' of " + context + " gives a day; count hours from entering the state");
        if (deadline.from && !deadline.from->compiled.type().is(rules::TypeKind::date))
            reader_.error(node["from"], "'from' of " + context + " must give a date, not " +
                                            deadline.from->compiled.type().to_string(), "type");
    }
    deadline.fires = reader_.scalar(node, "fires", true, context);
    deadline.basis = reader_.scalar(node, "basis", false, context);
    if (node["extend"]) deadline.extend = read_extension(node["extend"], "'extend' of " + context);
    return deadline;
}

std::optional<Action> Loader::read_action(const YAML::Node& node, const std::string& context) {
    if (!node.IsMap()) {
        reader_.error(node, context + " must be a map like {notify: worker}");
        return std::nullopt;
    }
    Action action;
    action.location = reader_.where(node);
    std::string kind;
    for (const auto& name : kActionKinds)
        if (node[name]) kind = kind.empty() ? name : "many";
    if (kind.empty() || kind == "many") {
        reader_.error(node, context + " must have exactly one of open, notify, alert, post");
        return std::nullopt;
    }
    if (node["when"]) action.when = compile(node["when"], "'when' of " + context, true);
    if (kind == "open") {
        reader_.check_keys(node, {"open", "when", "data"}, context);
        action.kind = ActionKind::open_child;
        action.target = reader_.scalar(node, "open", true, context);
        if (const auto data = node["data"]; data && data.IsMap()) {
            for (const auto& entry : data)
                if (auto value = compile(entry.second, "child field '" + entry.first.Scalar() + "' of " + context, false))
                    action.data.emplace_back(entry.first.Scalar(), std::move(*value));
        } else if (data) {
            reader_.error(data, "'data' of " + context + " must map child fields to expressions");
        }
        return action;
    }
    if (kind == "post") {
        reader_.check_keys(node, {"post", "when"}, context);
        action.kind = ActionKind::ledger_posting;
        const auto post = node["post"];
        if (!post.IsMap()) {
            reader_.error(post, "'post' of " + context + " must be {amount: EXPR, from: ACCOUNT, to: ACCOUNT}");
            return std::nullopt;
        }
        reader_.check_keys(post, {"amount", "from", "to"}, "'post' of " + context);
        action.from_account = reader_.scalar(post, "from", true, "'post' of " + context);
        action.to_account = reader_.scalar(post, "to", true, "'post' of " + context);
        if (!post["amount"]) reader_.error(post, "'post' of " + context + " needs 'amount'");
        else if (auto amount = compile(post["amount"], "'amount' of " + context, false)) {
            if (!amount->compiled.type().is(rules::TypeKind::money))
                reader_.error(post["amount"], "'amount' of " + context + " must be money, not " +
                                                  amount->compiled.type().to_string(), "type");
            action.data.emplace_back("amount", std::move(*amount));
        }
        return action;
    }
    reader_.check_keys(node, {kind, "message", "when"}, context);
    action.kind = kind == "notify" ? ActionKind::notify : ActionKind::alert;
    action.target = reader_.scalar(node, kind.c_str(), true, context);
    action.message = reader_.scalar(node, "message", false, context);
    check_role(action.target, reader_.where(node[kind]), context);
    return action;
}

std::vector<Action> Loader::read_actions(const YAML::Node& node, const std::string& context) {
    std::vector<Action> actions;
    if (!node) return actions;
    if (!node.IsSequence()) {
        reader_.error(node, context + " must be a list of actions");
        return actions;
    }
    for (std::size_t i = 0; i < node.size(); ++i)
        if (auto action = read_action(node[i], "action " + std::to_string(i + 1) + " of " + context))
            actions.push_back(std::move(*action));
    return actions;
}

std::vector<Assignment> Loader::read_set(const YAML::Node& node, const std::string& context) {
    std::vector<Assignment> set;
    if (!node) return set;
    if (!node.IsMap()) {
        reader_.error(node, context + " must map data fields to expressions");
        return set;
    }
    for (const auto& entry : node) {
        const std::string field = entry.first.Scalar();
        const DataField* declared = definition_.find_field(field);
        if (declared == nullptr) {
            std::vector<std::string> names;
            for (const auto& f : definition_.data) names.push_back(f.name);
            reader_.error(entry.first, context + " sets undeclared data field '" + field + "'" + did_you_mean(field, names));
            continue;
        }
        auto value = compile(entry.second, "'" + field + "' of " + context, false);
        if (!value) continue;
        if (!rules::fits(value->compiled.type(), declared->type)) {
            reader_.error(entry.second, context + " sets '" + field + "' (" + declared->type.to_string() +
                                            ") to a " + value->compiled.type().to_string(), "type");
            continue;
        }
        set.push_back({field, std::move(*value)});
    }
    return set;
}

void Loader::read_transition(State& state, const YAML::Node& key, const YAML::Node& body) {
    const std::string context = "event '" + key.Scalar() + "' of state '" + state.name + "'";
    if (!body.IsMap()) {
        reader_.error(body, context + " must be a map like {to: next_state, roles: [inspector]}");
        return;
    }
    reader_.check_keys(body, kTransitionKeys, context);
    Transition transition;
    transition.event = key.Scalar();
    transition.location = reader_.where(key);
    transition.target = reader_.scalar(body, "to", true, context);
    transition.roles = reader_.names(body["roles"], "'roles' of " + context);
    transition.requires_ = reader_.names(body["requires"], "'requires' of " + context);
    if (body["guard"]) transition.guard = compile(body["guard"], "the guard of " + context, true);
    transition.set = read_set(body["set"], "'set' of " + context);
    transition.actions = read_actions(body["actions"], "'actions' of " + context);
    transition.basis = reader_.scalar(body, "basis", false, context);
    transition.target_location = reader_.where(body["to"] ? body["to"] : body);
    state.transitions.push_back(std::move(transition));
}

void Loader::read_state(const YAML::Node& key, const YAML::Node& body) {
    State state;
    state.name = key.Scalar();
    state.location = reader_.where(key);
    const std::string context = "state '" + state.name + "'";
    if (!body.IsMap()) {
        reader_.error(body, context + " must be a map");
        return;
    }
    reader_.check_keys(body, kStateKeys, context);
    state.label = reader_.label(body["label"], "'label' of " + context);
    state.owner = reader_.scalar(body, "owner", false, context);
    state.final = reader_.flag(body, "final", context);
    state.signal_parent = reader_.scalar(body, "signal_parent", false, context);
    state.basis = reader_.scalar(body, "basis", false, context);
    if (body["deadline"]) state.deadline = read_deadline(body["deadline"], "the deadline of " + context);
    state.on_entry = read_actions(body["on_entry"], "'on_entry' of " + context);
    state.on_exit = read_actions(body["on_exit"], "'on_exit' of " + context);
    if (const auto on = body["on"]) {
        if (!on.IsMap()) reader_.error(on, "'on' of " + context + " must map event names to transitions");
        else
            for (const auto& entry : on) read_transition(state, entry.first, entry.second);
    }
    definition_.states.push_back(std::move(state));
}

void Loader::read_top(const YAML::Node& root) {
    reader_.check_keys(root, kTopKeys, "the workflow");
    definition_.location = reader_.where(root);
    definition_.name = reader_.scalar(root, "workflow", true, "the workflow");
    definition_.version = reader_.scalar(root, "version", true, "the workflow");
    if (const std::string from = reader_.scalar(root, "effective_from", false, "the workflow"); !from.empty()) {
        auto date = rules::parse_date(from);
        if (date) definition_.effective_from = *date;
        else reader_.error(root["effective_from"], "'effective_from': " + date.error().message, date.error().code);
    }
    definition_.title = reader_.label(root["title"], "'title'");
    definition_.roles = reader_.names(root["roles"], "'roles'");
    definition_.initial = reader_.scalar(root, "initial", true, "the workflow");
    definition_.data = read_data_fields(reader_, root["data"]);
    schema_ = expression_schema(definition_);
    const auto states = root["states"];
    if (!states || !states.IsMap() || states.size() == 0) {
        reader_.error(states ? states : root, "the workflow needs a non-empty 'states' map");
        return;
    }
    for (const auto& entry : states) read_state(entry.first, entry.second);
}

void Loader::check_role(const std::string& role, const SourceLocation& at, const std::string& context) {
    if (role.empty() || definition_.has_role(role)) return;
    reader_.error_at(at, context + " names undeclared role '" + role + "'" + did_you_mean(role, definition_.roles));
}

void Loader::check_transition(const State& state, const Transition& transition) {
    std::vector<std::string> state_names, field_names;
    for (const auto& s : definition_.states) state_names.push_back(s.name);
    for (const auto& f : definition_.data) field_names.push_back(f.name);
    const std::string context = "transition '" + transition.event + "' of state '" + state.name + "'";
    if (!transition.target.empty() && definition_.find_state(transition.target) == nullptr)
        reader_.error_at(transition.target_location, context + " targets undeclared state '" + transition.target + "'" +
                                                  did_you_mean(transition.target, state_names));
    for (const auto& role : transition.roles) check_role(role, transition.location, context);
    for (const auto& field : transition.requires_)
        if (definition_.find_field(field) == nullptr)
            reader_.error_at(transition.location, context + " requires undeclared data field '" + field + "'" +
                                                      did_you_mean(field, field_names));
}

void Loader::resolve_references() {
    std::vector<std::string> names;
    for (const auto& state : definition_.states) names.push_back(state.name);
    if (!definition_.initial.empty() && definition_.find_state(definition_.initial) == nullptr)
        reader_.error_at(definition_.location, "initial state '" + definition_.initial + "' is not declared" +
                                                   did_you_mean(definition_.initial, names));
    for (const auto& state : definition_.states) {
        check_role(state.owner, state.location, "state '" + state.name + "' (owner)");
        if (state.deadline && state.deadline->extend)
            for (const auto& role : state.deadline->extend->roles)
                check_role(role, state.deadline->location, "the deadline extension of state '" + state.name + "'");
        for (const auto& transition : state.transitions) check_transition(state, transition);
    }
}

PartialDefinition Loader::run(std::string_view text) {
    YAML::Node root;
    try {
        root = YAML::Load(std::string(text));
        if (!root.IsMap()) {
            reader_.error_at({reader_.file(), 1, 1}, "a workflow file must be a YAML map");
            return {std::move(definition_), reader_.take_errors()};
        }
        read_top(root);
        resolve_references();
        definition_.reads_case = reads_case_;
    } catch (const YAML::Exception& e) {
        reader_.error_at({reader_.file(), static_cast<std::uint32_t>(e.mark.line + 1),
                          static_cast<std::uint32_t>(e.mark.column + 1)},
                         e.msg, "yaml");
    }
    Errors errors = reader_.take_errors();
    std::stable_sort(errors.begin(), errors.end(), [](const Error& a, const Error& b) {
        return std::tie(a.location.line, a.location.column) < std::tie(b.location.line, b.location.column);
    });
    return {std::move(definition_), std::move(errors)};
}

}  // namespace

rules::Schema expression_schema(const Definition& definition) {
    rules::Schema schema;
    const rules::Type data = definition.data_type();
    (void)schema.add("data", data);
    (void)schema.add("event", data);
    (void)schema.add("case", rules::Type::record({{"id", rules::Type::string()},
                                                  {"region", rules::Type::string()},
                                                  {"state", rules::Type::string()},
                                                  {"workflow", rules::Type::string()}}));
    (void)schema.add("today", rules::Type::date());
    (void)schema.add("now", rules::Type::timestamp());
    return schema;
}

PartialDefinition load_definition_partial(std::string_view text, const std::string& file_name,
                                          const rules::FunctionRegistry& functions) {
    return Loader(file_name, functions).run(text);
}

Expected<Definition, Errors> load_definition(std::string_view text, const std::string& file_name,
                                             const rules::FunctionRegistry& functions) {
    auto partial = load_definition_partial(text, file_name, functions);
    if (!partial.errors.empty()) return Unexpected<Errors>{std::move(partial.errors)};
    return std::move(partial.definition);
}

}  // namespace wg::workflow
