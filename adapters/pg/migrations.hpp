// Forward-only schema migrations, embedded from schemas/sql at build time.
#pragma once

#include <string>
#include <vector>

#include "rules/expected.hpp"

namespace wg::pg {

class Database;

struct Migration {
    int number;
    std::string name;
    std::string sql;
};

/// The migrations in schemas/sql, in order.
const std::vector<Migration>& embedded_migrations();

/// Applies the pending migrations, each in its own transaction, recording each in
/// `schema_migrations`. Concurrent callers serialise on an advisory lock; a second run is a
/// no-op. Returns the names applied.
Expected<std::vector<std::string>> migrate(Database& database,
                                           const std::vector<Migration>& migrations);

}  // namespace wg::pg
