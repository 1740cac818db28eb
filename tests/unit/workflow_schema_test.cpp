// schemas/workflow.schema.json, the editor's view of the workflow language: the shipped
// workflows and the README's example pass it, and typical mistakes are flagged where made.
#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string read_text(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    REQUIRE_MESSAGE(in, "cannot read " << file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// A plain YAML scalar read as YAML 1.2's core schema reads it (as editors do): null, bool,
// integer, float or string. A quoted scalar is always a string.
json scalar_to_json(const YAML::Node& node) {
    const std::string& text = node.Scalar();
    if (node.Tag() == "!") return text;
    static const std::regex null_word("~|null|Null|NULL|");
    static const std::regex bool_word("true|True|TRUE|false|False|FALSE");
    static const std::regex integer("[-+]?[0-9]+");
    static const std::regex decimal(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
    if (std::regex_match(text, null_word)) return nullptr;
    if (std::regex_match(text, bool_word)) return text[0] == 't' || text[0] == 'T';
    if (std::regex_match(text, integer)) return std::stoll(text);
    if (std::regex_match(text, decimal)) return std::stod(text);
    return text;
}

json yaml_to_json(const YAML::Node& node) {
    if (node.IsMap()) {
        json object = json::object();
        for (const auto& entry : node) object[entry.first.Scalar()] = yaml_to_json(entry.second);
        return object;
    }
    if (node.IsSequence()) {
        json array = json::array();
        for (const auto& item : node) array.push_back(yaml_to_json(item));
        return array;
    }
    if (node.IsScalar()) return scalar_to_json(node);
    return nullptr;
}

// valijson 1.0 knows drafts 4 and 7; the schema keeps to what 2020-12 and draft 7 share
// ($defs is reached by JSON pointer, which needs no draft), so draft 7 rules check it fully.
const valijson::Schema& workflow_schema() {
    static const auto schema = [] {
        const json document =
            json::parse(read_text(fs::path(WG_SOURCE_DIR) / "schemas/workflow.schema.json"));
        auto parsed = std::make_unique<valijson::Schema>();
        valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
        valijson::adapters::NlohmannJsonAdapter adapter(document);
        parser.populateSchema(adapter, *parsed);
        return parsed;
    }();
    return *schema;
}

// Every schema violation as "<root>.states.x: description", empty when the YAML conforms.
std::vector<std::string> violations(const std::string& yaml_text) {
    const json document = yaml_to_json(YAML::Load(yaml_text));
    valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter target(document);
    if (validator.validate(workflow_schema(), target, &results)) return {};
    std::vector<std::string> found;
    valijson::ValidationResults::Error error;
    while (results.popError(error)) {
        std::string path;
        for (const auto& part : error.context) path += (path.empty() ? "" : ".") + part;
        found.push_back(path + ": " + error.description);
    }
    return found;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// valijson reports the innermost failure first, then each enclosing one.
std::string innermost(const std::vector<std::string>& found) {
    return found.empty() ? "(conforms)" : found.front();
}

bool any_contains(const std::vector<std::string>& lines, const std::string& part) {
    return std::any_of(lines.begin(), lines.end(),
                       [&](const std::string& line) { return contains(line, part); });
}

std::vector<fs::path> shipped_workflows() {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(fs::path(WG_SOURCE_DIR) / "config/workflows"))
        if (entry.path().extension() == ".yaml") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

// A small valid workflow; each bad fixture below changes one thing in it.
const std::string kGood = R"(
workflow: tiny
version: "1"
roles: [inspector, system]
data:
  amount: {type: money}
  claims: {type: list, of: {type: record, fields: {months: {type: integer}}}}
initial: open
states:
  open:
    owner: inspector
    deadline: {within: 5 working days, fires: overdue, basis: D1}
    on:
      close: {to: closed, roles: [inspector], guard: "data.amount > ¥0.00"}
      overdue: {to: open, roles: [system], actions: [{alert: inspector, message: late}]}
  closed: {final: true}
)";

std::vector<std::string> violations_with(const std::string& from, const std::string& to) {
    std::string text = kGood;
    const auto at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, from);
    return violations(text.replace(at, from.size(), to));
}

}  // namespace

TEST_SUITE("workflow schema") {
    TEST_CASE("every shipped workflow conforms to the schema") {
        const auto files = shipped_workflows();
        REQUIRE_FALSE(files.empty());
        for (const auto& file : files) {
            const auto found = violations(read_text(file));
            for (const auto& violation : found)
                FAIL_CHECK(file.filename().string() << ": " << violation);
            CHECK(found.empty());
        }
    }

    TEST_CASE("every shipped workflow names the schema for editors on its first line") {
        for (const auto& file : shipped_workflows()) {
            const std::string text = read_text(file);
            CHECK_MESSAGE(
                text.rfind("# yaml-language-server: $schema=../../schemas/workflow.schema.json\n",
                           0) == 0,
                file.filename().string());
        }
    }

    TEST_CASE("the README's example workflow conforms to the schema") {
        const std::string readme = read_text(fs::path(WG_SOURCE_DIR) / "workflow/README.md");
        const auto start = readme.find("```yaml\n");
        REQUIRE(start != std::string::npos);
        const auto end = readme.find("```", start + 8);
        const auto found = violations(readme.substr(start + 8, end - start - 8));
        for (const auto& violation : found) FAIL_CHECK(violation);
        CHECK(found.empty());
    }

    TEST_CASE(
        "a workflow with every kind of action, both deadline forms and nested data conforms") {
        const auto found = violations(R"(
workflow: full
version: "2025.1"
effective_from: 2025-01-01
title: {zh: 全, en: Full}
roles: [inspector, supervisor, system]
description: all the forms at once
data:
  amount: {type: money, label: {zh: 金额, en: Amount}, pii: none}
  due_date: {type: date}
  who: {type: record, fields: {name: {type: string, pii: identity}, card: {type: string, pii: bank}}}
initial: a
states:
  a:
    owner: inspector
    on_entry: [{notify: inspector, message: welcome}]
    on_exit: [{post: {amount: "data.amount", from: deposit, to: workers}, when: "data.amount > ¥0.00"}]
    deadline:
      within: 5个工作日
      fires: late
      extend: {by: 30 Working Days, event: extend, roles: supervisor, times: 2}
    on:
      go: {to: b, roles: [inspector], requires: [due_date], set: {amount: "¥1.00"}, basis: D1}
      late: {to: a, roles: [system], actions: [{open: referral, data: {amount: "data.amount"}, when: "true"}]}
  b:
    owner: inspector
    deadline: {until: "data.due_date", fires: due}
    on:
      due: {to: c, roles: [system]}
  c: {final: true, signal_parent: done, label: {zh: 结, en: Closed}}
)");
        for (const auto& violation : found) FAIL_CHECK(violation);
        CHECK(found.empty());
    }

    TEST_CASE("the small valid fixture conforms, so each bad one fails for its one change") {
        CHECK(violations(kGood).empty());
    }

    TEST_CASE("a misspelt key is flagged at the map that holds it") {
        CHECK(innermost(violations_with("owner: inspector", "onwer: inspector")) ==
              "<root>.[states].[open]: Object contains a property that could not be validated "
              "using 'properties' or "
              "'additionalProperties' constraints: 'onwer'.");
        CHECK(contains(
            innermost(violations_with("roles: [inspector, system]", "role: [inspector, system]")),
            "'role'"));
        CHECK(contains(innermost(violations_with("guard:", "gaurd:")),
                       "<root>.[states].[open].[on].[close]: "));
    }

    TEST_CASE("a period the loader cannot read is flagged, one it can is not") {
        const std::string within = "<root>.[states].[open].[deadline].[within]: ";
        CHECK(contains(innermost(violations_with("within: 5 working days", "within: 5 weeks")),
                       within + "Failed to match regex"));
        CHECK(contains(innermost(violations_with("within: 5 working days", "within: 0 days")),
                       within + "Failed to match regex"));
        CHECK(contains(innermost(violations_with("within: 5 working days", "within: 5")),
                       within + "Value type not permitted"));
        CHECK(violations_with("within: 5 working days", "within: 15 Calendar  Days").empty());
        CHECK(violations_with("within: 5 working days", "within: 24小时").empty());
        CHECK(violations_with("within: 5 working days", "within: 20WD").empty());
    }

    TEST_CASE("a deadline takes within or until, not both and not neither") {
        const std::string deadline = "<root>.[states].[open].[deadline]: ";
        CHECK(innermost(violations_with("{within: 5 working days, fires",
                                        "{within: 5 working days, until: today, fires")) ==
              deadline + "Failed to validate against exactly one child schema.");
        CHECK(innermost(violations_with("{within: 5 working days, fires", "{fires")) ==
              deadline + "Missing required property 'within'.");
    }

    TEST_CASE("unknown data types and pii classes are flagged, and lists need their element type") {
        CHECK(contains(
            innermost(violations_with("amount: {type: money}", "amount: {type: currency}")),
            "<root>.[data].[amount].[type]: Failed to match against any enum values."));
        CHECK(contains(innermost(violations_with("amount: {type: money}",
                                                 "amount: {type: money, pii: secret}")),
                       "<root>.[data].[amount].[pii]: Failed to match against any enum values."));
        CHECK(any_contains(
            violations_with("claims: {type: list, of:", "claims: {type: list, elements:"),
            "<root>.[data].[claims]: Object contains a property that could not be validated"));
        CHECK(innermost(violations_with(
                  "claims: {type: list, of: {type: record, fields: {months: {type: integer}}}}",
                  "claims: {type: list}")) ==
              "<root>.[data].[claims]: Missing required property 'of'.");
    }

    TEST_CASE("an action must be exactly one of open, notify, alert and post") {
        const std::string action = "<root>.[states].[open].[on].[overdue].[actions].[0]";
        const auto two = violations_with("{alert: inspector, message: late}",
                                         "{alert: inspector, notify: inspector}");
        CHECK(any_contains(
            two,
            action +
                ": Failed to validate against any child schemas allowed by oneOf constraint."));
        CHECK(any_contains(
            violations_with("{alert: inspector, message: late}", "{email: inspector}"), action));
        CHECK(any_contains(violations_with("{alert: inspector, message: late}",
                                           "{post: {amount: \"data.amount\", from: a}}"),
                           action + ".[post]: Missing required property 'to'."));
    }

    TEST_CASE(
        "a transition needs its target, a label both languages, final a boolean, version a "
        "string") {
        CHECK(innermost(violations_with("close: {to: closed,", "close: {")) ==
              "<root>.[states].[open].[on].[close]: Missing required property 'to'.");
        CHECK(innermost(violations_with("closed: {final: true}",
                                        "closed: {final: true, label: {zh: 结}}")) ==
              "<root>.[states].[closed].[label]: Missing required property 'en'.");
        CHECK(contains(innermost(violations_with("closed: {final: true}", "closed: {final: yes}")),
                       "<root>.[states].[closed].[final]: Value type not permitted"));
        CHECK(contains(innermost(violations_with("version: \"1\"", "version: 2025.10")),
                       "<root>.[version]: Value type not permitted"));
    }

}  // TEST_SUITE
