// Token rows: created once, revoked by setting revoked_at, never deleted (the audit trail names
// their holders).
#include "adapters/pg/pg_token_store.hpp"

#include <soci/soci.h>

#include <algorithm>

#include "adapters/app/uuid.hpp"
#include "adapters/pg/database.hpp"
#include "adapters/pg/sql_text.hpp"

namespace wg::pg {
namespace {


constexpr const char* kColumns =
    "id::text, name, role, coalesce(region, ''), prefix, " WG_UTC_TEXT("created_at") ", "
    "coalesce(" WG_UTC_TEXT("revoked_at") ", '')";

app::TokenRecord record_of(const soci::row& row) {
    app::TokenRecord record;
    record.id = row.get<std::string>(0);
    record.name = row.get<std::string>(1);
    record.role = row.get<std::string>(2);
    record.region = row.get<std::string>(3);
    record.prefix = row.get<std::string>(4);
    if (auto at = rules::parse_instant(row.get<std::string>(5))) record.created_at = *at;
    if (auto at = rules::parse_instant(row.get<std::string>(6))) record.revoked_at = *at;
    return record;
}

std::vector<app::TokenRecord> select(soci::session& sql, const std::string& where, const std::string& value) {
    std::vector<app::TokenRecord> out;
    const std::string query = std::string("SELECT ") + kColumns + " FROM api_tokens " + where;
    soci::rowset<soci::row> rows = where.empty() ? (sql.prepare << query + " ORDER BY created_at, id")
                                                 : (sql.prepare << query, soci::use(value, "v"));
    for (const auto& row : rows) out.push_back(record_of(row));
    return out;
}

Error validation(const std::string& field, const std::string& message) {
    Error error{"validation", "the token request has invalid fields", {}, {}};
    error.details.push_back({"format", message, field, {}});
    return error;
}

}  // namespace

Expected<std::pair<app::TokenRecord, std::string>> PgTokenStore::create(const std::string& name, const std::string& role,
                                                                       const std::string& region, rules::Instant now) {
    if (name.empty()) return Unexpected<Error>{validation("name", "a token needs the name of its holder")};
    const auto& roles = app::token_roles();
    if (std::find(roles.begin(), roles.end(), role) == roles.end())
        return Unexpected<Error>{validation("role", "role must be one of inspector, supervisor, mediator, arbitrator, "
                                                    "court, registry, admin")};
    if (!region.empty() && (region.size() != 6 || region.find_first_not_of("0123456789") != std::string::npos))
        return Unexpected<Error>{validation("region", "region must be a six-digit division code like 440111")};
    app::TokenRecord record{app::new_uuid(), name, role, region, "", now, std::nullopt};
    const std::string token = app::new_token();
    record.prefix = token.substr(0, 12);
    const std::string hash = app::token_hash(token), at = rules::format_instant(now);
    auto done = database_.with_session([&](soci::session& sql) -> Expected<void> {
        soci::indicator region_ind = region.empty() ? soci::i_null : soci::i_ok;
        sql << "INSERT INTO api_tokens (id, name, role, region, token_hash, prefix, created_at) VALUES "
               "(CAST(:id AS uuid), :name, :role, :region, :hash, :prefix, CAST(:at AS timestamptz))",
            soci::use(record.id, "id"), soci::use(record.name, "name"), soci::use(record.role, "role"),
            soci::use(record.region, region_ind, "region"), soci::use(hash, "hash"), soci::use(record.prefix, "prefix"),
            soci::use(at, "at");
        return {};
    });
    if (!done) return Unexpected<Error>{done.error()};
    return std::pair{record, token};
}

Expected<std::vector<app::TokenRecord>> PgTokenStore::list() {
    std::vector<app::TokenRecord> out;
    auto done = database_.with_session([&](soci::session& sql) -> Expected<void> {
        out = select(sql, "", "");
        return {};
    });
    if (!done) return Unexpected<Error>{done.error()};
    return out;
}

Expected<app::TokenRecord> PgTokenStore::revoke(const std::string& id_or_prefix, rules::Instant now) {
    app::TokenRecord revoked;
    auto done = database_.with_session([&](soci::session& sql) -> Expected<void> {
        auto matches = select(sql, "WHERE id::text = :v OR prefix = :v", id_or_prefix);
        if (matches.empty()) return fail("not_found", "no token with id or prefix " + id_or_prefix);
        if (matches.size() > 1) return fail("ambiguous", "several tokens match " + id_or_prefix + "; use the id");
        const std::string at = rules::format_instant(now);
        sql << "UPDATE api_tokens SET revoked_at = coalesce(revoked_at, CAST(:at AS timestamptz)) "
               "WHERE id = CAST(:id AS uuid)",
            soci::use(at, "at"), soci::use(matches.front().id, "id");
        revoked = matches.front();
        if (!revoked.revoked_at) revoked.revoked_at = now;
        return {};
    });
    if (!done) return Unexpected<Error>{done.error()};
    return revoked;
}

Expected<app::TokenRecord> PgTokenStore::find_live(const std::string& hash) {
    std::optional<app::TokenRecord> found;
    auto done = database_.with_session([&](soci::session& sql) -> Expected<void> {
        auto matches = select(sql, "WHERE token_hash = :v AND revoked_at IS NULL", hash);
        if (!matches.empty()) found = matches.front();
        return {};
    });
    if (!done) return Unexpected<Error>{done.error()};
    if (!found) return fail("not_found", "no live token with that hash");
    return *found;
}

}  // namespace wg::pg
