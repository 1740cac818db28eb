// Scenario YAML → Scenario. Bodies and event data become JSON: plain integers become numbers,
// true/false booleans, null/~ null, and every other scalar (amounts like 21000.00, dates) text,
// which is how the API expects them.
#include "adapters/scenario/scenario_loader.hpp"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

#include "workflow/yaml_loader.hpp"

namespace wg::scenario {
namespace {

using workflow::YamlReader;

const std::vector<std::string> kScenarioKeys{"scenario", "source", "basis", "start", "region", "steps"};
const std::vector<std::string> kStepKinds{"complain", "open", "fire", "at", "webhook", "child", "linked"};
const std::vector<std::string> kStepKeys{"complain", "open", "fire",    "at",    "webhook", "child", "linked",
                                         "name",     "case", "as",      "data",  "save_as", "expect"};
const std::vector<std::string> kExpectKeys{"case",   "status",  "error",    "state",    "deadlines", "data",
                                           "alerts", "notices", "children", "final",    "response",  "cases"};

bool is_integer(const std::string& text) {
    if (text.empty() || text.size() > 18) return false;
    std::size_t i = (text[0] == '-') ? 1 : 0;
    if (i == text.size()) return false;
    for (; i < text.size(); ++i)
        if (text[i] < '0' || text[i] > '9') return false;
    return text.size() == 1 || text[0] != '0';
}

Json to_json(const YAML::Node& node) {
    if (!node || node.IsNull()) return nullptr;
    if (node.IsScalar()) {
        const std::string& text = node.Scalar();
        if (node.Tag() == "!") return text;  // quoted: always text
        if (is_integer(text)) return std::stoll(text);
        if (text == "true") return true;
        if (text == "false") return false;
        if (text == "null" || text == "~") return nullptr;
        return text;
    }
    if (node.IsSequence()) {
        Json out = Json::array();
        for (const auto& item : node) out.push_back(to_json(item));
        return out;
    }
    Json out = Json::object();
    for (const auto& entry : node) out[entry.first.Scalar()] = to_json(entry.second);
    return out;
}

class Loader {
public:
    explicit Loader(const std::string& file) : reader_(file) {}

    Expected<Scenario, Errors> load(const YAML::Node& root) {
        Scenario out;
        out.file = reader_.file();
        if (!root.IsMap()) {
            reader_.error(root, "a scenario file is a mapping with 'scenario', 'start' and 'steps'");
            return Unexpected<Errors>{reader_.take_errors()};
        }
        reader_.check_keys(root, kScenarioKeys, "the scenario");
        out.title = reader_.scalar(root, "scenario", true, "the scenario");
        out.source = reader_.scalar(root, "source", false, "the scenario");
        out.basis = reader_.names(root["basis"], "'basis'");
        out.region = reader_.scalar(root, "region", false, "the scenario");
        if (out.region.empty()) out.region = "440000";
        region_ = out.region;
        if (auto start = time_of(root, "start", "the scenario", true)) out.start = *start;
        const YAML::Node steps = root["steps"];
        if (!steps || !steps.IsSequence() || steps.size() == 0) {
            reader_.error(steps ? steps : root, "'steps' must be a non-empty list");
        } else {
            rules::Instant clock = out.start;
            for (const auto& node : steps) out.steps.push_back(step(node, clock));
        }
        if (reader_.failed()) return Unexpected<Errors>{reader_.take_errors()};
        return out;
    }

private:
    std::optional<rules::Instant> time_of(const YAML::Node& map, const char* key, const std::string& context,
                                          bool required) {
        const std::string text = reader_.scalar(map, key, required, context);
        if (text.empty()) return std::nullopt;
        auto at = parse_scenario_time(text);
        if (!at) {
            reader_.error(map[key], "'" + std::string(key) + "': " + at.error().message);
            return std::nullopt;
        }
        return *at;
    }

    Actor actor(const YAML::Node& node) {
        Actor out{"", region_};
        if (!node) return out;
        if (node.IsScalar()) {
            out.role = node.Scalar();
        } else if (node.IsMap()) {
            reader_.check_keys(node, {"role", "region"}, "'as'");
            out.role = reader_.scalar(node, "role", true, "'as'");
            if (node["region"]) out.region = reader_.scalar(node, "region", false, "'as'");
        } else {
            reader_.error(node, "'as' is a role, or {role: R, region: CODE}");
        }
        return out;
    }

    Step step(const YAML::Node& node, rules::Instant& clock) {
        Step out;
        out.location = reader_.where(node);
        if (!node.IsMap()) {
            reader_.error(node, "a step is a mapping such as {fire: accept, as: inspector}");
            return out;
        }
        reader_.check_keys(node, kStepKeys, "a step");
        std::vector<std::string> kinds;
        for (const auto& kind : kStepKinds)
            if (node[kind]) kinds.push_back(kind);
        if (kinds.size() != 1) {
            reader_.error(node, kinds.empty() ? "a step needs one of: complain, open, fire, at, webhook, child, linked"
                                              : "a step does one thing; this one has " + std::to_string(kinds.size()) +
                                                    " of: complain, open, fire, at, webhook, child, linked");
            return out;
        }
        const std::string& kind = kinds.front();
        out.name = reader_.scalar(node, "name", false, "a step");
        out.case_name = reader_.scalar(node, "case", false, "a step");
        out.save_as = reader_.scalar(node, "save_as", false, "a step");
        out.actor = actor(node["as"]);
        if (node["data"] && kind != "fire") reader_.error(node["data"], "'data' belongs to a fire step");
        if (kind == "complain") {
            out.kind = StepKind::complain;
            mapping(node, "complain", out.body);
        } else if (kind == "open") {
            out.kind = StepKind::open;
            mapping(node, "open", out.body);
            needs_role(node, out);
        } else if (kind == "fire") {
            out.kind = StepKind::fire;
            out.event = reader_.scalar(node, "fire", true, "a fire step");
            out.data = node["data"] ? to_json(node["data"]) : Json::object();
            if (!out.data.is_object()) reader_.error(node["data"], "'data' must be a mapping of case-data fields");
            needs_role(node, out);
        } else if (kind == "at") {
            out.kind = StepKind::at;
            if (auto at = time_of(node, "at", "an 'at' step", true)) {
                if (*at < clock) reader_.error(node["at"], "the clock only moves forward: this is before the previous time");
                out.at = *at;
                clock = *at;
            }
        } else if (kind == "webhook") {
            out.kind = StepKind::webhook;
            mapping(node, "webhook", out.body);
            for (const char* key : {"source", "type"})
                if (out.body.is_object() && !out.body.contains(key)) reader_.error(node["webhook"], std::string("a webhook step needs '") + key + "'");
        } else if (kind == "child") {
            out.kind = StepKind::child;
            out.workflow = reader_.scalar(node, "child", true, "a child step");
            if (out.save_as.empty()) reader_.error(node, "a child step needs 'save_as' (the name to call the child case)");
        } else {
            out.kind = StepKind::linked;
            out.workflow = reader_.scalar(node, "linked", true, "a linked step");
            if (out.save_as.empty()) reader_.error(node, "a linked step needs 'save_as' (the name to call the linked case)");
        }
        expectations(node["expect"], out);
        return out;
    }

    void mapping(const YAML::Node& node, const char* key, Json& into) {
        into = to_json(node[key]);
        if (!into.is_object()) reader_.error(node[key], std::string("'") + key + "' must be a mapping");
    }

    void needs_role(const YAML::Node& node, const Step& step) {
        if (step.actor.role.empty()) reader_.error(node, "this step needs 'as' (the role acting)");
    }

    void expectations(const YAML::Node& node, Step& step) {
        if (!node) return;
        if (node.IsSequence()) {
            for (const auto& block : node) step.expectations.push_back(expectation(block));
        } else {
            step.expectations.push_back(expectation(node));
        }
    }

    Expectation expectation(const YAML::Node& node) {
        Expectation out;
        out.location = reader_.where(node);
        if (!node.IsMap()) {
            reader_.error(node, "'expect' is a mapping such as {state: investigating}, or a list of them");
            return out;
        }
        reader_.check_keys(node, kExpectKeys, "'expect'");
        out.case_name = reader_.scalar(node, "case", false, "'expect'");
        if (node["status"]) {
            const std::string text = reader_.scalar(node, "status", false, "'expect'");
            if (is_integer(text)) out.status = std::stoi(text);
            else reader_.error(node["status"], "'status' is an HTTP status such as 201");
        }
        if (node["error"]) out.error = reader_.scalar(node, "error", false, "'expect'");
        if (node["state"]) out.state = reader_.scalar(node, "state", false, "'expect'");
        if (node["final"]) out.final = reader_.flag(node, "final", "'expect'");
        if (const auto deadlines = node["deadlines"]) out.deadlines = deadline_map(deadlines);
        if (const auto data = node["data"]) {
            if (!data.IsMap()) reader_.error(data, "'data' is a mapping of field: value");
            else
                for (const auto& entry : data) out.data.emplace_back(entry.first.Scalar(), to_json(entry.second));
        }
        if (const auto response = node["response"]) {
            if (!response.IsMap()) reader_.error(response, "'response' is a mapping of path: value, such as {linked: true}");
            else
                for (const auto& entry : response) out.response.emplace_back(entry.first.Scalar(), to_json(entry.second));
        }
        if (node["cases"]) {
            const std::string text = reader_.scalar(node, "cases", false, "'expect'");
            if (is_integer(text)) out.cases = std::stoll(text);
            else reader_.error(node["cases"], "'cases' is the number of cases in the database, such as 2");
        }
        if (node["alerts"]) out.alerts = messages(node["alerts"], "alerts");
        if (node["notices"]) out.notices = messages(node["notices"], "notices");
        if (const auto children = node["children"]) out.children = child_list(children);
        return out;
    }

    std::map<std::string, rules::Date> deadline_map(const YAML::Node& node) {
        std::map<std::string, rules::Date> out;
        if (!node.IsMap()) {
            reader_.error(node, "'deadlines' is a mapping of event: last day, such as {acceptance_overdue: 2025-09-22}, or {}");
            return out;
        }
        for (const auto& entry : node) {
            auto day = rules::parse_date(entry.second.IsScalar() ? entry.second.Scalar() : std::string());
            if (!day) reader_.error(entry.second, "deadline '" + entry.first.Scalar() + "': " + day.error().message);
            else out[entry.first.Scalar()] = *day;
        }
        return out;
    }

    std::vector<std::string> messages(const YAML::Node& node, const std::string& key) {
        if (!node.IsSequence()) reader_.error(node, "'" + key + "' is a list of message ids, [] for none");
        return reader_.names(node, "'" + key + "'");
    }

    std::vector<std::pair<std::string, std::string>> child_list(const YAML::Node& node) {
        std::vector<std::pair<std::string, std::string>> out;
        if (!node.IsSequence()) {
            reader_.error(node, "'children' is a list such as [{workflow: criminal_referral, state: reported}], [] for none");
            return out;
        }
        for (const auto& item : node) {
            if (!item.IsMap()) {
                reader_.error(item, "a child is {workflow: W, state: S}");
                continue;
            }
            reader_.check_keys(item, {"workflow", "state"}, "a child");
            out.emplace_back(reader_.scalar(item, "workflow", true, "a child"), reader_.scalar(item, "state", false, "a child"));
        }
        return out;
    }

    YamlReader reader_;
    std::string region_;
};

}  // namespace

Expected<rules::Instant> parse_scenario_time(std::string_view text) {
    if (text.size() == 10) {
        auto day = rules::parse_date(text);
        if (!day) return Unexpected<Error>{day.error()};
        return rules::parse_instant(std::string(text) + "T09:00:00+08:00");
    }
    if (text.size() == 16) return rules::parse_instant(std::string(text) + ":00+08:00");
    if (text.size() == 19) return rules::parse_instant(std::string(text) + "+08:00");
    return rules::parse_instant(text);
}

Expected<Scenario, Errors> load_scenario(const std::string& text, const std::string& file) {
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
        Error error;
        error.code = "yaml";
        error.message = e.msg;
        error.location = {file, static_cast<std::uint32_t>(e.mark.line + 1), static_cast<std::uint32_t>(e.mark.column + 1)};
        return Unexpected<Errors>{Errors{error}};
    }
    return Loader(file).load(root);
}

Expected<Scenario, Errors> load_scenario_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        Error error;
        error.code = "io";
        error.message = "cannot read " + path;
        error.location = {path, 0, 0};
        return Unexpected<Errors>{Errors{error}};
    }
    std::ostringstream text;
    text << in.rdbuf();
    return load_scenario(text.str(), path);
}

}  // namespace wg::scenario
