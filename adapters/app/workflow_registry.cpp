// Reading workflow files from disk and indexing them by name and version.
#include "adapters/app/workflow_registry.hpp"

#include <algorithm>

#include "adapters/app/audit_hash.hpp"
#include "adapters/app/rule_book.hpp"
#include "workflow/definition_loader.hpp"

namespace wg::app {
namespace {

rules::Date start_of(const workflow::Definition& definition) {
    return definition.effective_from.value_or(rules::Date{std::chrono::year{1900}, std::chrono::January, std::chrono::day{1}});
}

}  // namespace

Expected<void, Errors> WorkflowRegistry::add(const std::string& text, const std::string& file_name,
                                             const rules::FunctionRegistry& functions) {
    auto loaded = workflow::load_definition(text, file_name, functions);
    if (!loaded) return Unexpected<Errors>{loaded.error()};
    loaded->content_hash = sha256_hex(text);
    auto& versions = by_name_[loaded->name];
    for (const auto& other : versions)
        if (start_of(other) == start_of(*loaded))
            return Unexpected<Errors>{{Error{"definition",
                                             "workflow '" + loaded->name + "' has two versions in force from the same date (also in " +
                                                 other.location.file + ")",
                                             {}, loaded->location}}};
    versions.push_back(std::move(*loaded));
    std::sort(versions.begin(), versions.end(),
              [](const auto& a, const auto& b) { return start_of(a) < start_of(b); });
    return {};
}

Expected<WorkflowRegistry, Errors> WorkflowRegistry::load_directory(const std::string& directory,
                                                                    const rules::FunctionRegistry& functions) {
    auto files = read_yaml_files(directory);
    if (!files) return Unexpected<Errors>{files.error()};
    WorkflowRegistry registry;
    Errors errors;
    for (const auto& file : *files)
        if (auto added = registry.add(file.text, file.file, functions); !added)
            errors.insert(errors.end(), added.error().begin(), added.error().end());
    if (!errors.empty()) return Unexpected<Errors>{std::move(errors)};
    return registry;
}

const workflow::Definition* WorkflowRegistry::in_force(const std::string& name, rules::Date reference_date) const {
    const auto it = by_name_.find(name);
    if (it == by_name_.end()) return nullptr;
    const workflow::Definition* found = nullptr;
    for (const auto& definition : it->second)
        if (start_of(definition) <= reference_date) found = &definition;
    return found;
}

const workflow::Definition* WorkflowRegistry::version(const std::string& name, const std::string& content_hash) const {
    const auto it = by_name_.find(name);
    if (it == by_name_.end()) return nullptr;
    for (const auto& definition : it->second)
        if (definition.content_hash == content_hash) return &definition;
    return nullptr;
}

const workflow::Definition* WorkflowRegistry::latest(const std::string& name) const {
    const auto it = by_name_.find(name);
    return it == by_name_.end() || it->second.empty() ? nullptr : &it->second.back();
}

std::vector<const workflow::Definition*> WorkflowRegistry::all() const {
    std::vector<const workflow::Definition*> out;
    for (const auto& [name, versions] : by_name_)
        for (const auto& definition : versions) out.push_back(&definition);
    return out;
}

}  // namespace wg::app
