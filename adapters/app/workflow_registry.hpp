// The workflows the server knows: read from config/workflows/*.yaml at start, each stamped
// with the sha256 of its text.
#pragma once

#include <map>
#include <string>

#include "rules/expected.hpp"
#include "workflow/definition.hpp"

namespace wg::app {

class WorkflowRegistry {
public:
    /// Loads every *.yaml file of `directory`; returns all errors of all files on failure.
    static Expected<WorkflowRegistry, Errors> load_directory(const std::string& directory);

    /// Adds one definition from text (used by tests and by load_directory).
    Expected<void, Errors> add(const std::string& text, const std::string& file_name);

    /// The definition named `name`, or nullptr.
    [[nodiscard]] const workflow::Definition* find(const std::string& name) const;
    [[nodiscard]] const std::map<std::string, workflow::Definition>& all() const { return definitions_; }

private:
    std::map<std::string, workflow::Definition> definitions_;
};

}  // namespace wg::app
