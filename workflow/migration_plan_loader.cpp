// YAML → MigrationPlan: unknown keys, missing fields, wrong shapes and states mapped twice are
// all collected (a *_loader file: it uses yaml-cpp).
#include "workflow/migration_plan_loader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <tuple>

#include "workflow/yaml_loader.hpp"

namespace wg::workflow {
namespace {

const std::vector<std::string> kPlanKeys{"workflow", "from_version", "to_version", "states",
                                         "reason"};

// The place of `key`'s value, or of the map when the key is missing.
SourceLocation value_location(const YamlReader& reader, const YAML::Node& map, const char* key) {
    const YAML::Node node = map[key];
    return node ? reader.text_start(node) : reader.where(map);
}

// The place of `key` itself (where a missing mapping would be added), or of the map.
SourceLocation key_location(const YamlReader& reader, const YAML::Node& map, const char* key) {
    for (const auto& entry : map)
        if (entry.first.Scalar() == key) return reader.where(entry.first);
    return reader.where(map);
}

// states: {OLD_STATE: NEW_STATE, ...}
void read_states(YamlReader& reader, const YAML::Node& node, MigrationPlan& plan) {
    if (!node || node.IsNull()) return;
    if (!node.IsMap()) {
        reader.error(
            node,
            "'states' must map old state names to new ones, like {investigating: under_review}");
        return;
    }
    for (const auto& entry : node) {
        const std::string from = entry.first.Scalar();
        if (!entry.second.IsScalar() || entry.second.Scalar().empty()) {
            reader.error(entry.second, "state '" + from + "' must map to one state name");
            continue;
        }
        if (plan.find(from) != nullptr) {
            reader.error(entry.first, "state '" + from + "' is mapped twice");
            continue;
        }
        plan.states.push_back({from, entry.second.Scalar(), reader.where(entry.first),
                               reader.text_start(entry.second)});
    }
}

// plan: workflow from_version to_version [states] [reason]
void read_plan(YamlReader& reader, const YAML::Node& root, MigrationPlan& plan) {
    reader.check_keys(root, kPlanKeys, "the migration plan");
    plan.location = reader.where(root);
    plan.workflow = reader.scalar(root, "workflow", true, "the migration plan");
    plan.from_version = reader.scalar(root, "from_version", true, "the migration plan");
    plan.to_version = reader.scalar(root, "to_version", true, "the migration plan");
    plan.reason = reader.scalar(root, "reason", false, "the migration plan");
    plan.workflow_location = value_location(reader, root, "workflow");
    plan.from_version_location = value_location(reader, root, "from_version");
    plan.to_version_location = value_location(reader, root, "to_version");
    plan.states_location = key_location(reader, root, "states");
    read_states(reader, root["states"], plan);
    if (!plan.from_version.empty() && plan.from_version == plan.to_version)
        reader.error_at(plan.to_version_location,
                        "the plan maps version '" + plan.from_version + "' to itself");
}

Errors in_source_order(Errors errors) {
    std::stable_sort(errors.begin(), errors.end(), [](const Error& a, const Error& b) {
        return std::tie(a.location.line, a.location.column) <
               std::tie(b.location.line, b.location.column);
    });
    return errors;
}

}  // namespace

Expected<MigrationPlan, Errors> load_migration_plan(std::string_view text,
                                                    const std::string& file_name) {
    YamlReader reader(file_name);
    MigrationPlan plan;
    try {
        const YAML::Node root = YAML::Load(std::string(text));
        if (!root.IsMap())
            reader.error_at({file_name, 1, 1}, "a migration plan must be a YAML map");
        else
            read_plan(reader, root, plan);
    } catch (const YAML::Exception& e) {
        reader.error_at({file_name, static_cast<std::uint32_t>(e.mark.line + 1),
                         static_cast<std::uint32_t>(e.mark.column + 1)},
                        e.msg, "yaml");
    }
    if (reader.failed()) return Unexpected<Errors>{in_source_order(reader.take_errors())};
    return plan;
}

}  // namespace wg::workflow
