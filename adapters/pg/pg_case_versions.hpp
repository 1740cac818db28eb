// Reading which cases run on a given version of a workflow, for migration dry runs. Read-only:
// the query runs in a READ ONLY transaction.
#pragma once

#include <string>
#include <vector>

#include "rules/expected.hpp"
#include "workflow/migration_plan.hpp"

namespace wg::pg {

class Database;

/// The cases of `workflow` whose declared version is `version` (id, state, content hash),
/// oldest first. Database failures come back as errors (see Database::with_session).
Expected<std::vector<workflow::CaseOnVersion>> cases_on_version(Database& database,
                                                                const std::string& workflow,
                                                                const std::string& version);

}  // namespace wg::pg
