// Reads scenario files (docs/scenarios.md). Every problem is reported at once as
// file:line:col with a suggestion for misspelt keys; unknown step kinds are errors.
#pragma once

#include <string>

#include "adapters/scenario/scenario.hpp"

namespace wg::scenario {

/// Parses `text` (the content of `file`).
Expected<Scenario, Errors> load_scenario(const std::string& text, const std::string& file);

/// Reads and parses the file at `path`.
Expected<Scenario, Errors> load_scenario_file(const std::string& path);

}  // namespace wg::scenario
