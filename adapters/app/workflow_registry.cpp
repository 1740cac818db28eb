// Reading workflow files from disk and indexing them by name.
#include "adapters/app/workflow_registry.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "adapters/app/audit_hash.hpp"
#include "workflow/definition_loader.hpp"

namespace wg::app {

Expected<void, Errors> WorkflowRegistry::add(const std::string& text, const std::string& file_name) {
    auto loaded = workflow::load_definition(text, file_name);
    if (!loaded) return Unexpected<Errors>{loaded.error()};
    loaded->content_hash = sha256_hex(text);
    const std::string name = loaded->name;
    if (definitions_.contains(name))
        return Unexpected<Errors>{{Error{"definition", "workflow '" + name + "' is defined twice", {},
                                         loaded->location}}};
    definitions_.emplace(name, std::move(*loaded));
    return {};
}

Expected<WorkflowRegistry, Errors> WorkflowRegistry::load_directory(const std::string& directory) {
    namespace fs = std::filesystem;
    WorkflowRegistry registry;
    Errors errors;
    std::error_code ec;
    if (!fs::is_directory(directory, ec))
        return Unexpected<Errors>{{Error{"config", "workflow folder '" + directory + "' does not exist", {}, {}}}};
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(directory))
        if (entry.path().extension() == ".yaml" || entry.path().extension() == ".yml")
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        auto added = registry.add(text.str(), file.string());
        if (!added) errors.insert(errors.end(), added.error().begin(), added.error().end());
    }
    if (!errors.empty()) return Unexpected<Errors>{std::move(errors)};
    return registry;
}

const workflow::Definition* WorkflowRegistry::find(const std::string& name) const {
    const auto it = definitions_.find(name);
    return it == definitions_.end() ? nullptr : &it->second;
}

}  // namespace wg::app
