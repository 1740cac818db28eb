// The one query behind `wageguard migration dry-run`, with bound parameters, in a READ ONLY
// transaction so that the database itself guarantees the dry run changes nothing.
#include "adapters/pg/pg_case_versions.hpp"

#include <soci/soci.h>

#include "adapters/pg/database.hpp"

namespace wg::pg {
namespace {

constexpr const char* kSelectCasesOnVersion =
    "SELECT id::text, state, workflow_hash FROM cases "
    "WHERE workflow = :workflow AND workflow_version = :version ORDER BY created_at, id";

}  // namespace

Expected<std::vector<workflow::CaseOnVersion>> cases_on_version(Database& database,
                                                                const std::string& workflow,
                                                                const std::string& version) {
    std::vector<workflow::CaseOnVersion> cases;
    auto read = database.with_session([&](soci::session& sql) -> Expected<void> {
        soci::transaction transaction(sql);
        sql << "SET TRANSACTION READ ONLY";
        soci::rowset<soci::row> rows =
            (sql.prepare << kSelectCasesOnVersion, soci::use(workflow, "workflow"),
             soci::use(version, "version"));
        for (const auto& row : rows)
            cases.push_back(
                {row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(2)});
        transaction.commit();
        return {};
    });
    if (!read) return Unexpected<Error>{read.error()};
    return cases;
}

}  // namespace wg::pg
