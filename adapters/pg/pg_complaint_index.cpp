// Intake locks are transaction-level advisory locks (pg_advisory_xact_lock) on a lock session:
// the transaction stays open while the intake files through the pool and ends afterwards, and
// PostgreSQL releases the locks when it ends — also when the connection or the process dies.
#include "adapters/pg/pg_complaint_index.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <cstdint>

#include "adapters/app/audit_hash.hpp"
#include "adapters/pg/sql_text.hpp"

namespace wg::pg {
namespace {

// The collective case a merged complaint points to, when it is still open.
#define WG_IN_OPEN_COLLECTIVE                                                                      \
    "EXISTS (SELECT 1 FROM cases k WHERE k.id = CAST(substring(c.data ->> 'collective_case' FROM " \
    "'^[0-9a-fA-F-]{36}$') AS uuid) AND k.state = ANY (CAST(:open AS text[])))"

// Served by the indexes of 0008 on data->>'employer' and data->>'employer_uscc'.
constexpr const char* kAgainstEmployer =
    "SELECT c.id::text, c.state, coalesce(c.region, ''), (c.data - 'complainant')::text, "
    "coalesce(p.id_hash, ''), " WG_UTC_TEXT(
        "c.created_at") ", CAST(" WG_IN_OPEN_COLLECTIVE
                        " AS integer) "
                        "FROM cases c LEFT JOIN case_parties p ON p.case_id = c.id AND p.field = "
                        "'complainant.id_number' "
                        "WHERE c.workflow = :workflow "
                        "AND (c.data ->> 'employer' = :name OR (:uscc <> '' AND c.data ->> "
                        "'employer_uscc' = :uscc)) "
                        "AND (c.state = ANY (CAST(:open AS text[])) OR " WG_IN_OPEN_COLLECTIVE
                        ") "
                        "ORDER BY c.created_at, c.id";

constexpr const char* kSelectKey =
    "SELECT request_hash, status, response::text FROM idempotency_keys WHERE scope = :scope AND "
    "key = :key";

// A 64-bit advisory-lock key per name: the first 16 hex digits of its sha256.
long long lock_key(const std::string& name) {
    const std::string hash = app::sha256_hex("wageguard:intake:" + name);
    return static_cast<long long>(std::stoull(hash.substr(0, 16), nullptr, 16));
}

}  // namespace

Expected<void> PgComplaintIndex::exclusive(const std::vector<std::string>& names,
                                           const std::function<Expected<void>()>& work) {
    std::vector<long long> keys;
    for (const auto& name : names) keys.push_back(lock_key(name));
    // Always in ascending order, so that two intakes wanting the same two locks cannot deadlock.
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    Expected<void> outcome;
    bool worked = false;
    auto locked = locks_.with_session([&](soci::session& sql) -> Expected<void> {
        soci::transaction tx(sql);
        for (long long key : keys) sql << "SELECT pg_advisory_xact_lock(:k)", soci::use(key, "k");
        outcome = work();
        worked = true;
        tx.commit();  // nothing was written here: the commit only ends the transaction and its
                      // locks
        return {};
    });
    // A lock session lost after the work is done lost its locks with it; the work stands.
    if (!locked && !worked) return locked;
    return outcome;
}

Expected<std::vector<app::ComplaintRow>> PgComplaintIndex::against_employer(
    const app::ComplaintLookup& lookup) {
    std::vector<app::ComplaintRow> rows;
    auto done = database_.with_session([&](soci::session& sql) -> Expected<void> {
        const std::string open = text_array(lookup.open_states);
        soci::rowset<soci::row> result =
            (sql.prepare << kAgainstEmployer, soci::use(lookup.workflow, "workflow"),
             soci::use(lookup.employer.name, "name"), soci::use(lookup.employer.uscc, "uscc"),
             soci::use(open, "open"));
        for (const auto& row : result) {
            app::ComplaintRow out;
            out.case_id = row.get<std::string>(0);
            out.state = row.get<std::string>(1);
            out.region = row.get<std::string>(2);
            out.data = app::Json::parse(row.get<std::string>(3));
            out.worker_hash = row.get<std::string>(4);
            out.created_on = rules::legal_date(instant_of(row.get<std::string>(5)));
            out.in_open_collective = row.get<int>(6) != 0;
            rows.push_back(std::move(out));
        }
        return {};
    });
    if (!done) return Unexpected<Error>{done.error()};
    return rows;
}

Expected<std::optional<app::KeptResponse>> PgComplaintIndex::kept_response(
    const app::IdempotencyKey& key) {
    std::optional<app::KeptResponse> kept;
    auto done = database_.with_session([&](soci::session& sql) -> Expected<void> {
        std::string hash, body;
        int status = 0;
        sql << kSelectKey, soci::use(key.scope, "scope"), soci::use(key.key, "key"),
            soci::into(hash), soci::into(status), soci::into(body);
        if (sql.got_data()) kept = app::KeptResponse{hash, {status, app::Json::parse(body)}};
        return {};
    });
    if (!done) return Unexpected<Error>{done.error()};
    return kept;
}

}  // namespace wg::pg
