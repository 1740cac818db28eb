// Applies embedded migrations forward only, one transaction each, under an advisory lock so
// that several nodes starting at once do not race.
#include "adapters/pg/migrations.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include "adapters/pg/database.hpp"

namespace wg::pg {
namespace {

constexpr long long kMigrationLockKey = 0x7767'6d69'6772;  // "wgmigr"

constexpr const char* kCreateVersionTable = R"(
CREATE TABLE IF NOT EXISTS schema_migrations (
    number     integer     PRIMARY KEY,
    name       text        NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
))";

// Runs a migration's text through libpq as one simple query: it may hold several statements
// and PL/pgSQL bodies, which SOCI's placeholder parsing must not touch.
void execute_script(soci::session& sql, const Migration& migration) {
    auto* backend = static_cast<soci::postgresql_session_backend*>(sql.get_backend());
    PGresult* result = PQexec(backend->conn_, migration.sql.c_str());
    const auto status = PQresultStatus(result);
    std::string message = PQresultErrorMessage(result);
    PQclear(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        throw soci::soci_error("migration " + migration.name + " failed: " + message);
}

bool is_applied(soci::session& sql, int number) {
    int count = 0;
    sql << "SELECT count(*) FROM schema_migrations WHERE number = :n", soci::use(number), soci::into(count);
    return count > 0;
}

}  // namespace

Expected<std::vector<std::string>> migrate(Database& database, const std::vector<Migration>& migrations) {
    std::vector<std::string> applied;
    auto done = database.with_session([&](soci::session& sql) -> Expected<void> {
        sql << "SELECT pg_advisory_lock(:k)", soci::use(kMigrationLockKey);
        try {
            sql << kCreateVersionTable;
            for (const auto& migration : migrations) {
                if (is_applied(sql, migration.number)) continue;
                soci::transaction tx(sql);
                execute_script(sql, migration);
                int number = migration.number;
                std::string name = migration.name;
                sql << "INSERT INTO schema_migrations(number, name) VALUES (:n, :name)",
                    soci::use(number), soci::use(name);
                tx.commit();
                applied.push_back(migration.name);
            }
        } catch (...) {
            sql << "SELECT pg_advisory_unlock(:k)", soci::use(kMigrationLockKey);
            throw;
        }
        sql << "SELECT pg_advisory_unlock(:k)", soci::use(kMigrationLockKey);
        return {};
    });
    if (!done) return Unexpected<Error>{done.error()};
    return applied;
}

}  // namespace wg::pg
