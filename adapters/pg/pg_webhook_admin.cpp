// Named statements for endpoint states and dead letters. A replay NOTIFYs the outbox channel in
// its transaction, so that the relays of every node look at once (UPDATEs fire no trigger), and
// a change of an endpoint's state NOTIFYs wageguard_webhook_endpoints.
#include "adapters/pg/pg_webhook_admin.hpp"

#include <soci/soci.h>

#include "adapters/app/case_service.hpp"
#include "adapters/pg/database.hpp"
#include "adapters/pg/sql_text.hpp"

namespace wg::pg {
namespace {


constexpr const char* kSelectStates =
    "SELECT name, CAST(disabled_at IS NOT NULL AS integer), reason, "
    WG_UTC_TEXT("coalesce(disabled_at, updated_at)") " FROM webhook_endpoints_state ORDER BY name";

constexpr const char* kDisable =
    "INSERT INTO webhook_endpoints_state (name, disabled_at, reason, updated_at) "
    "VALUES (:name, CAST(:at AS timestamptz), :reason, CAST(:at AS timestamptz)) "
    "ON CONFLICT (name) DO UPDATE SET disabled_at = excluded.disabled_at, reason = excluded.reason, "
    "updated_at = excluded.updated_at";

constexpr const char* kEnable =
    "UPDATE webhook_endpoints_state SET disabled_at = NULL, reason = '', updated_at = CAST(:at AS timestamptz) "
    "WHERE name = :name AND disabled_at IS NOT NULL RETURNING 1";

constexpr const char* kSelectDead =
    "SELECT id::text, case_id::text, coalesce(payload ->> 'endpoint', ''), coalesce(payload ->> 'webhook_id', ''), "
    "coalesce(payload ->> 'type', ''), attempts, coalesce(last_error, ''), " WG_UTC_TEXT("created_at") ", "
    WG_UTC_TEXT("coalesce(done_at, created_at)") " FROM outbox WHERE status = 'dead' AND kind = 'webhook' "
    "AND (:endpoint = '' OR payload ->> 'endpoint' = :endpoint) "
    "ORDER BY done_at DESC, id LIMIT CAST(:limit AS integer)";

constexpr const char* kSelectDeadOne =
    "SELECT coalesce(payload ->> 'endpoint', '') FROM outbox "
    "WHERE id = CAST(:id AS uuid) AND status = 'dead' AND kind = 'webhook' FOR UPDATE";

constexpr const char* kIsDisabled =
    "SELECT count(*) FROM webhook_endpoints_state WHERE name = :name AND disabled_at IS NOT NULL";

constexpr const char* kReplayOne =
    "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = CAST(:at AS timestamptz), "
    "lease_owner = NULL, lease_until = NULL, done_at = NULL WHERE id = CAST(:id AS uuid) AND status = 'dead'";

constexpr const char* kReplayEndpoint =
    "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = CAST(:at AS timestamptz), "
    "lease_owner = NULL, lease_until = NULL, done_at = NULL "
    "WHERE status = 'dead' AND kind = 'webhook' AND payload ->> 'endpoint' = :name";

constexpr const char* kWakeRelays = "SELECT pg_notify('wageguard_outbox', '')";
// Every node keeps the disabled endpoints in memory (its step hook reads them); this tells them.
constexpr const char* kStatesChanged = "SELECT pg_notify('wageguard_webhook_endpoints', '')";

bool is_disabled(soci::session& sql, const std::string& name) {
    long long count = 0;
    sql << kIsDisabled, soci::use(name, "name"), soci::into(count);
    return count > 0;
}

Unexpected<Error> disabled_error(const std::string& name) {
    return fail("endpoint_disabled",
                "endpoint '" + name + "' is disabled (it answered 410 Gone); enable it first: wageguard webhooks enable " +
                    name);
}

}  // namespace

Expected<std::vector<app::EndpointState>> PgWebhookAdmin::endpoint_states() {
    std::vector<app::EndpointState> states;
    auto done = database_.with_session([&](soci::session& sql) -> Expected<void> {
        soci::rowset<soci::row> rows = sql.prepare << kSelectStates;
        for (const auto& row : rows)
            states.push_back({row.get<std::string>(0), row.get<int>(1) != 0, row.get<std::string>(2),
                              instant_of(row.get<std::string>(3))});
        return {};
    });
    if (!done) return Unexpected<Error>{done.error()};
    return states;
}

Expected<void> PgWebhookAdmin::disable_endpoint(const std::string& name, const std::string& reason, rules::Instant at) {
    return database_.with_session([&](soci::session& sql) -> Expected<void> {
        const std::string when = rules::format_instant(at);
        soci::transaction tx(sql);
        sql << kDisable, soci::use(name, "name"), soci::use(when, "at"), soci::use(reason, "reason");
        sql << kStatesChanged;
        tx.commit();
        return {};
    });
}

Expected<bool> PgWebhookAdmin::enable_endpoint(const std::string& name, rules::Instant at) {
    bool was_disabled = false;
    auto done = database_.with_session([&](soci::session& sql) -> Expected<void> {
        const std::string when = rules::format_instant(at);
        int one = 0;
        soci::transaction tx(sql);
        sql << kEnable, soci::use(when, "at"), soci::use(name, "name"), soci::into(one);
        was_disabled = sql.got_data();
        sql << kStatesChanged;
        tx.commit();
        return {};
    });
    if (!done) return Unexpected<Error>{done.error()};
    return was_disabled;
}

Expected<std::vector<app::DeadLetter>> PgWebhookAdmin::dead_letters(const std::string& endpoint, std::size_t limit) {
    std::vector<app::DeadLetter> letters;
    auto done = database_.with_session([&](soci::session& sql) -> Expected<void> {
        const int max_rows = static_cast<int>(limit);
        soci::rowset<soci::row> rows =
            (sql.prepare << kSelectDead, soci::use(endpoint, "endpoint"), soci::use(max_rows, "limit"));
        for (const auto& row : rows) {
            app::DeadLetter letter;
            letter.id = row.get<std::string>(0);
            letter.case_id = row.get<std::string>(1);
            letter.endpoint = row.get<std::string>(2);
            letter.webhook_id = row.get<std::string>(3);
            letter.type = row.get<std::string>(4);
            letter.attempts = row.get<int>(5);
            letter.last_error = row.get<std::string>(6);
            letter.created_at = instant_of(row.get<std::string>(7));
            letter.died_at = instant_of(row.get<std::string>(8));
            letters.push_back(std::move(letter));
        }
        return {};
    });
    if (!done) return Unexpected<Error>{done.error()};
    return letters;
}

Expected<void> PgWebhookAdmin::replay(const std::string& id, rules::Instant at) {
    if (!app::is_case_id(id)) return fail("not_found", "no dead webhook delivery with id " + id);
    return database_.with_session([&](soci::session& sql) -> Expected<void> {
        soci::transaction tx(sql);
        std::string endpoint;
        sql << kSelectDeadOne, soci::use(id, "id"), soci::into(endpoint);
        if (!sql.got_data()) return fail("not_found", "no dead webhook delivery with id " + id);
        if (is_disabled(sql, endpoint)) return disabled_error(endpoint);
        const std::string when = rules::format_instant(at);
        sql << kReplayOne, soci::use(when, "at"), soci::use(id, "id");
        sql << kWakeRelays;
        tx.commit();
        return {};
    });
}

Expected<std::size_t> PgWebhookAdmin::replay_endpoint(const std::string& endpoint, rules::Instant at) {
    std::size_t replayed = 0;
    auto done = database_.with_session([&](soci::session& sql) -> Expected<void> {
        soci::transaction tx(sql);
        if (is_disabled(sql, endpoint)) return disabled_error(endpoint);
        const std::string when = rules::format_instant(at);
        soci::statement update = (sql.prepare << kReplayEndpoint, soci::use(when, "at"), soci::use(endpoint, "name"));
        update.execute(true);
        replayed = static_cast<std::size_t>(update.get_affected_rows());
        sql << kWakeRelays;
        tx.commit();
        return {};
    });
    if (!done) return Unexpected<Error>{done.error()};
    return replayed;
}

}  // namespace wg::pg
