// Reads a workflow definition from YAML text and reports every error it finds, each located
// as file:line:col, with a suggestion for misspelt names.
#pragma once

#include <string>
#include <string_view>

#include "rules/expected.hpp"
#include "workflow/definition.hpp"

namespace wg::workflow {

/// Parses `text` (the contents of `file_name`, used only in messages). On failure, returns
/// all errors found, in source order.
Expected<Definition, Errors> load_definition(std::string_view text, const std::string& file_name);

}  // namespace wg::workflow
