// The workflows the server knows, every version of each: read from config/workflows/*.yaml at
// start, each stamped with the sha256 of its text. A running case keeps the version it started
// on; a new case takes the version in force on its reference date.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "rules/date.hpp"
#include "rules/expected.hpp"
#include "rules/expr/functions.hpp"
#include "workflow/definition.hpp"

namespace wg::app {

class WorkflowRegistry {
public:
    /// Loads every *.yaml file of `directory`, compiling expressions against `functions`;
    /// returns all errors of all files on failure.
    static Expected<WorkflowRegistry, Errors> load_directory(const std::string& directory,
                                                             const rules::FunctionRegistry& functions);

    /// Adds one definition from text. Two versions of one workflow must differ in
    /// `effective_from`.
    Expected<void, Errors> add(const std::string& text, const std::string& file_name,
                               const rules::FunctionRegistry& functions);

    /// The version of `name` in force on `reference_date`: the latest `effective_from` on or
    /// before it (a version without `effective_from` is in force from the beginning); nullptr
    /// when none.
    [[nodiscard]] const workflow::Definition* in_force(const std::string& name, rules::Date reference_date) const;

    /// The exact version a case started on, by content hash; nullptr when not loaded.
    [[nodiscard]] const workflow::Definition* version(const std::string& name, const std::string& content_hash) const;

    /// The newest version of `name` (by effective_from), or nullptr.
    [[nodiscard]] const workflow::Definition* latest(const std::string& name) const;

    /// Every loaded definition.
    [[nodiscard]] std::vector<const workflow::Definition*> all() const;

private:
    std::map<std::string, std::vector<workflow::Definition>> by_name_;  // sorted by effective_from
};

}  // namespace wg::app
