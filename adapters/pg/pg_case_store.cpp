// SQL for cases and events. A step costs four round trips, like pgbench's transaction of the
// same shape: BEGIN, the locked read of the case (with its chain head and pending deadline),
// one call of wageguard_apply_step() that writes everything, COMMIT. An Idempotency-Key adds
// one claim. Timestamps travel as RFC 3339 text so that no precision or zone is lost in SOCI's
// std::tm.
#include "adapters/pg/pg_case_store.hpp"

#include <soci/soci.h>

#include "adapters/app/audit_hash.hpp"
#include "adapters/app/uuid.hpp"
#include "adapters/pg/database.hpp"
#include "adapters/pg/sql_text.hpp"

namespace wg::pg {
namespace {

using app::CaseRecord;
using app::EventRecord;
using app::Json;


constexpr const char* kInsertCase = R"(
INSERT INTO cases (id, workflow, workflow_version, workflow_hash, state, region, parent_id, version,
                   created_at, updated_at)
VALUES (CAST(:id AS uuid), :workflow, :workflow_version, :workflow_hash, :state, :region,
        CAST(:parent AS uuid), 0, CAST(:at AS timestamptz), CAST(:at AS timestamptz)))";

// The case with its chain head and the pending deadline of its current state, in one read.
constexpr const char* kSelectCase =
    "SELECT c.id::text, c.workflow, c.workflow_version, c.workflow_hash, c.state, c.data::text, "
    "coalesce(c.region, ''), c.version, coalesce(c.owner_role, ''), coalesce(c.parent_id::text, ''), "
    "c.head_seq, c.head_hash, " WG_UTC_TEXT("c.created_at") ", " WG_UTC_TEXT("c.updated_at") ", "
    "coalesce(d.id::text, ''), coalesce(d.fires, ''), coalesce(" WG_UTC_TEXT("d.due_at") ", ''), "
    "coalesce(d.last_day::text, ''), coalesce(d.basis, ''), coalesce(d.explanation_zh, ''), "
    "coalesce(d.explanation_en, ''), coalesce(d.extensions_used, 0) "
    "FROM cases c LEFT JOIN LATERAL (SELECT * FROM deadlines d WHERE d.case_id = c.id AND d.state = c.state "
    "AND d.status = 'pending' LIMIT 1) d ON true WHERE c.id = CAST(:id AS uuid)";

constexpr const char* kApplyStep = R"(
SELECT wageguard_apply_step(CAST(:case_id AS uuid), :seq, :event, :actor, :role, :from_state, :to_state,
    CAST(:payload AS jsonb), CAST(:at AS timestamptz), :prev_hash, :hash, CAST(:data AS jsonb), :owner,
    CAST(NULLIF(:fired, '') AS uuid), CAST(:cancel AS text[]), CAST(:deadlines AS jsonb),
    CAST(:outbox AS jsonb), CAST(:parties AS jsonb), :idem_scope, :idem_key, :status,
    CAST(:response AS jsonb)))";

constexpr const char* kClaimKey = R"(
INSERT INTO idempotency_keys (scope, key, request_hash, status, response)
VALUES (:scope, :key, :hash, 0, '{}'::jsonb) ON CONFLICT (scope, key) DO NOTHING RETURNING 1)";

constexpr const char* kSelectKey =
    "SELECT request_hash, status, response::text FROM idempotency_keys WHERE scope = :scope AND key = :key";

constexpr const char* kSelectDeadlines =
    "SELECT id::text, state, fires, " WG_UTC_TEXT("due_at") ", coalesce(last_day::text, ''), basis, "
    "explanation_zh, explanation_en, extensions_used FROM deadlines WHERE case_id = CAST(:id AS uuid) "
    "AND status = 'pending' ORDER BY due_at";

constexpr const char* kSelectEvents =
    "SELECT seq, event, actor, role, coalesce(from_state, ''), from_state IS NULL, to_state, "
    "payload::text, " WG_UTC_TEXT("occurred_at") ", prev_hash, hash "
    "FROM case_events WHERE case_id = CAST(:id AS uuid) AND seq > :after ORDER BY seq LIMIT :limit";

// Reads one case; `lock` adds FOR UPDATE (of the case row only). False when there is none.
bool read_case(soci::session& sql, const std::string& id, bool lock, CaseRecord& out) {
    std::string query = kSelectCase;
    if (lock) query += " FOR UPDATE OF c";
    soci::rowset<soci::row> rows = (sql.prepare << query, soci::use(id, "id"));
    auto it = rows.begin();
    if (it == rows.end()) return false;
    const soci::row& row = *it;
    out.id = row.get<std::string>(0);
    out.workflow = row.get<std::string>(1);
    out.workflow_version = row.get<std::string>(2);
    out.workflow_hash = row.get<std::string>(3);
    out.state = row.get<std::string>(4);
    out.data = Json::parse(row.get<std::string>(5));
    out.region = row.get<std::string>(6);
    out.version = row.get<long long>(7);
    out.owner_role = row.get<std::string>(8);
    out.parent_id = row.get<std::string>(9);
    out.head_seq = row.get<long long>(10);
    out.head_hash = row.get<std::string>(11);
    out.created_at = instant_of(row.get<std::string>(12));
    out.updated_at = instant_of(row.get<std::string>(13));
    out.deadline.reset();
    if (!row.get<std::string>(14).empty()) {
        app::DeadlineRow deadline;
        deadline.id = row.get<std::string>(14);
        deadline.state = out.state;
        deadline.fires = row.get<std::string>(15);
        deadline.due_at = instant_of(row.get<std::string>(16));
        if (auto day = rules::parse_date(row.get<std::string>(17))) deadline.last_day = *day;
        deadline.basis = row.get<std::string>(18);
        deadline.explanation_zh = row.get<std::string>(19);
        deadline.explanation_en = row.get<std::string>(20);
        deadline.extensions_used = row.get<int>(21);
        out.deadline = std::move(deadline);
    }
    return true;
}

Json deadlines_json(const std::vector<app::DeadlineRow>& deadlines) {
    Json out = Json::array();
    for (const auto& d : deadlines)
        out.push_back({{"id", d.id},
                       {"state", d.state},
                       {"fires", d.fires},
                       {"due_at", rules::format_instant(d.due_at)},
                       {"last_day", d.last_day ? Json(rules::format_date(*d.last_day)) : Json(nullptr)},
                       {"basis", d.basis},
                       {"zh", d.explanation_zh},
                       {"en", d.explanation_en},
                       {"extensions_used", d.extensions_used}});
    return out;
}

Json outbox_json(const std::vector<app::OutboxRow>& rows) {
    Json out = Json::array();
    for (const auto& row : rows) out.push_back({{"kind", row.kind}, {"payload", row.payload}});
    return out;
}

Json parties_json(const std::vector<app::PartyRow>& parties) {
    Json out = Json::array();
    for (const auto& party : parties) out.push_back({{"field", party.field}, {"id_hash", party.id_hash}});
    return out;
}

// Takes the idempotency key for this transaction. When another transaction already completed it,
// returns its stored response (or `idempotency_mismatch`); a concurrent holder is waited for.
Expected<std::optional<app::StoredResponse>> claim_key(soci::session& sql, const app::IdempotencyKey& key) {
    int inserted = 0;
    sql << kClaimKey, soci::use(key.scope, "scope"), soci::use(key.key, "key"),
        soci::use(key.request_hash, "hash"), soci::into(inserted);
    if (sql.got_data()) return std::optional<app::StoredResponse>{};
    std::string hash, body;
    int status = 0;
    sql << kSelectKey, soci::use(key.scope, "scope"), soci::use(key.key, "key"), soci::into(hash),
        soci::into(status), soci::into(body);
    if (hash != key.request_hash)
        return fail("idempotency_mismatch",
                    "Idempotency-Key '" + key.key + "' was already used with a different request");
    return std::optional<app::StoredResponse>{app::StoredResponse{status, Json::parse(body)}};
}

// Fills seq and the hash chain from the case's head, then writes the whole change.
CaseRecord write_change(soci::session& sql, const CaseRecord& current, app::Change& change,
                        const app::Respond& respond, app::StoredResponse& response) {
    EventRecord& event = change.event;
    event.case_id = current.id;
    event.seq = current.head_seq + 1;
    event.prev_hash = current.head_seq == 0 ? app::kGenesisHash : current.head_hash;
    event.hash = app::event_hash(event.prev_hash, event);
    for (auto& deadline : change.schedule_deadlines)
        if (deadline.id.empty()) deadline.id = app::new_uuid();
    CaseRecord written = app::record_after(current, change);
    response = {respond.status, respond.render ? respond.render(written) : Json::object()};

    const std::string payload = event.payload.dump(), data = change.data.dump();
    const std::string at = rules::format_instant(event.occurred_at);
    const std::string from = event.from_state.value_or("");
    const std::string cancel = text_array(change.cancel_deadlines);
    const std::string deadlines = deadlines_json(change.schedule_deadlines).dump();
    const std::string outbox = outbox_json(change.outbox).dump();
    const std::string parties = change.parties ? parties_json(*change.parties).dump() : "";
    const std::string body = response.body.dump();
    const std::string scope = respond.key ? respond.key->scope : "", key = respond.key ? respond.key->key : "";
    soci::indicator from_ind = event.from_state ? soci::i_ok : soci::i_null;
    soci::indicator owner_ind = change.owner_role.empty() ? soci::i_null : soci::i_ok;
    soci::indicator parties_ind = change.parties ? soci::i_ok : soci::i_null;
    soci::indicator key_ind = respond.key ? soci::i_ok : soci::i_null;
    long long seq = event.seq;
    int status = response.status;
    sql << kApplyStep, soci::use(current.id, "case_id"), soci::use(seq, "seq"), soci::use(event.event, "event"),
        soci::use(event.actor, "actor"), soci::use(event.role, "role"), soci::use(from, from_ind, "from_state"),
        soci::use(event.to_state, "to_state"), soci::use(payload, "payload"), soci::use(at, "at"),
        soci::use(event.prev_hash, "prev_hash"), soci::use(event.hash, "hash"), soci::use(data, "data"),
        soci::use(change.owner_role, owner_ind, "owner"), soci::use(change.fired_deadline, "fired"),
        soci::use(cancel, "cancel"), soci::use(deadlines, "deadlines"), soci::use(outbox, "outbox"),
        soci::use(parties, parties_ind, "parties"), soci::use(scope, key_ind, "idem_scope"),
        soci::use(key, key_ind, "idem_key"), soci::use(status, "status"), soci::use(body, "response");
    return written;
}

std::vector<app::DeadlineRow> read_deadlines(soci::session& sql, const std::string& id) {
    std::vector<app::DeadlineRow> rows;
    soci::rowset<soci::row> result = (sql.prepare << kSelectDeadlines, soci::use(id, "id"));
    for (const auto& row : result) {
        app::DeadlineRow deadline;
        deadline.id = row.get<std::string>(0);
        deadline.state = row.get<std::string>(1);
        deadline.fires = row.get<std::string>(2);
        deadline.due_at = instant_of(row.get<std::string>(3));
        if (auto day = rules::parse_date(row.get<std::string>(4))) deadline.last_day = *day;
        deadline.basis = row.get<std::string>(5);
        deadline.explanation_zh = row.get<std::string>(6);
        deadline.explanation_en = row.get<std::string>(7);
        deadline.extensions_used = row.get<int>(8);
        rows.push_back(std::move(deadline));
    }
    return rows;
}

Expected<void> not_found(const std::string& id) { return fail("not_found", "no case with id " + id); }

}  // namespace

Expected<app::Written> PgCaseStore::create(CaseRecord fields, app::Change opening, const app::Respond& respond) {
    app::Written written;
    auto done = database_.with_session([&](soci::session& sql) -> Expected<void> {
        soci::transaction tx(sql);
        if (respond.key) {
            auto stored = claim_key(sql, *respond.key);
            if (!stored) return Unexpected<Error>{stored.error()};
            if (*stored) {
                written.response = std::move(**stored);
                written.replayed = true;
                return {};  // the transaction rolls back: nothing was written
            }
        }
        if (fields.id.empty()) fields.id = app::new_uuid();
        const std::string at = rules::format_instant(fields.created_at);
        soci::indicator region_ind = fields.region.empty() ? soci::i_null : soci::i_ok;
        soci::indicator parent_ind = fields.parent_id.empty() ? soci::i_null : soci::i_ok;
        sql << kInsertCase, soci::use(fields.id, "id"), soci::use(fields.workflow, "workflow"),
            soci::use(fields.workflow_version, "workflow_version"), soci::use(fields.workflow_hash, "workflow_hash"),
            soci::use(opening.to_state, "state"), soci::use(fields.region, region_ind, "region"),
            soci::use(fields.parent_id, parent_ind, "parent"), soci::use(at, "at");
        fields.version = 0;
        fields.head_seq = 0;
        fields.state = opening.to_state;
        fields.updated_at = fields.created_at;
        written.record = write_change(sql, fields, opening, respond, written.response);
        tx.commit();
        return {};
    });
    if (!done) return Unexpected<Error>{done.error()};
    return written;
}

Expected<app::Written> PgCaseStore::apply(const std::string& case_id, std::optional<std::int64_t> expected_version,
                                          const app::Decide& decide, const app::Respond& respond) {
    app::Written written;
    auto done = database_.with_session([&](soci::session& sql) -> Expected<void> {
        soci::transaction tx(sql);
        if (respond.key) {
            auto stored = claim_key(sql, *respond.key);
            if (!stored) return Unexpected<Error>{stored.error()};
            if (*stored) {
                written.response = std::move(**stored);
                written.replayed = true;
                return {};
            }
        }
        CaseRecord current;
        if (!read_case(sql, case_id, true, current)) return not_found(case_id);
        if (expected_version && *expected_version != current.version)
            return fail("version_mismatch", "case is at version " + std::to_string(current.version) + ", not " +
                                                std::to_string(*expected_version));
        auto change = decide(current);
        if (!change) return Unexpected<Error>{change.error()};
        written.record = write_change(sql, current, *change, respond, written.response);
        tx.commit();
        return {};
    });
    if (!done) return Unexpected<Error>{done.error()};
    return written;
}

Expected<CaseRecord> PgCaseStore::find(const std::string& case_id) {
    CaseRecord found;
    auto done = database_.with_session([&](soci::session& sql) -> Expected<void> {
        if (!read_case(sql, case_id, false, found)) return not_found(case_id);
        return {};
    });
    if (!done) return Unexpected<Error>{done.error()};
    return found;
}

Expected<std::vector<EventRecord>> PgCaseStore::events(const std::string& case_id, std::int64_t after_seq,
                                                       std::size_t limit) {
    std::vector<EventRecord> history;
    auto done = database_.with_session([&](soci::session& sql) -> Expected<void> {
        long long after = after_seq;
        long long max_rows = static_cast<long long>(limit);
        soci::rowset<soci::row> rows = (sql.prepare << kSelectEvents, soci::use(case_id, "id"),
                                        soci::use(after, "after"), soci::use(max_rows, "limit"));
        for (const auto& row : rows) {
            EventRecord event;
            event.case_id = case_id;
            event.seq = row.get<long long>(0);
            event.event = row.get<std::string>(1);
            event.actor = row.get<std::string>(2);
            event.role = row.get<std::string>(3);
            if (row.get<int>(5) == 0) event.from_state = row.get<std::string>(4);
            event.to_state = row.get<std::string>(6);
            event.payload = Json::parse(row.get<std::string>(7));
            event.occurred_at = instant_of(row.get<std::string>(8));
            event.prev_hash = row.get<std::string>(9);
            event.hash = row.get<std::string>(10);
            history.push_back(std::move(event));
        }
        return {};
    });
    if (!done) return Unexpected<Error>{done.error()};
    return history;
}

Expected<std::vector<app::DeadlineRow>> PgCaseStore::deadlines(const std::string& case_id) {
    std::vector<app::DeadlineRow> rows;
    auto done = database_.with_session([&](soci::session& sql) -> Expected<void> {
        rows = read_deadlines(sql, case_id);
        return {};
    });
    if (!done) return Unexpected<Error>{done.error()};
    return rows;
}

// A range on the primary key: every uuid that starts with the 12 hex digits.
Expected<std::vector<std::string>> PgCaseStore::ids_with_prefix(const std::string& prefix) {
    std::vector<std::string> ids;
    if (prefix.size() != 13 || prefix[8] != '-') return ids;
    const std::string low = prefix + "-0000-0000-000000000000", high = prefix + "-ffff-ffff-ffffffffffff";
    auto done = database_.with_session([&](soci::session& sql) -> Expected<void> {
        soci::rowset<std::string> rows = (sql.prepare << "SELECT id::text FROM cases WHERE id BETWEEN CAST(:low AS uuid) "
                                                         "AND CAST(:high AS uuid) ORDER BY id",
                                           soci::use(low, "low"), soci::use(high, "high"));
        for (const auto& id : rows) ids.push_back(id);
        return {};
    });
    if (!done) return Unexpected<Error>{done.error()};
    return ids;
}

bool PgCaseStore::ready() { return database_.ping(); }

}  // namespace wg::pg
