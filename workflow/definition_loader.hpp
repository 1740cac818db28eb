// Reads a workflow definition from YAML text, compiling its expressions against the
// definition's data schema and the host functions, and reports every error it finds, each
// located as file:line:col, with a suggestion for misspelt names.
#pragma once

#include <string>
#include <string_view>

#include "rules/expected.hpp"
#include "rules/expr/functions.hpp"
#include "workflow/definition.hpp"

namespace wg::workflow {

/// Parses `text` (the contents of `file_name`, used only in messages). Expressions may call
/// the built-ins and `functions`. On failure, returns all errors found, in source order.
Expected<Definition, Errors> load_definition(std::string_view text, const std::string& file_name,
                                             const rules::FunctionRegistry& functions);

/// What the loader made of a file even when it found errors: the definition without the parts
/// in error, and the errors. For the checker, which reports the whole-workflow problems too.
struct PartialDefinition {
    Definition definition;
    Errors errors;
};
PartialDefinition load_definition_partial(std::string_view text, const std::string& file_name,
                                          const rules::FunctionRegistry& functions);

/// The schema expressions of `definition` are checked against: `data` and `event` (the data
/// record), `case` {id, state, region, workflow}, `today` (date), `now` (timestamp).
rules::Schema expression_schema(const Definition& definition);

}  // namespace wg::workflow
