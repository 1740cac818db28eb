// Reads a migration plan from YAML text (config/migrations/*.yaml), reporting every error at
// once, each located as file:line:col.
#pragma once

#include <string>
#include <string_view>

#include "rules/expected.hpp"
#include "workflow/migration_plan.hpp"

namespace wg::workflow {

/// Parses `text` (the contents of `file_name`, used only in messages). Checks the plan's
/// shape only; check_plan() checks it against the two versions. On failure, returns all
/// errors found, in source order.
Expected<MigrationPlan, Errors> load_migration_plan(std::string_view text,
                                                    const std::string& file_name);

}  // namespace wg::workflow
