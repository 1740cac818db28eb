// SQL for cases and events. Queries are named constants with bound parameters; timestamps
// travel as RFC 3339 text so that no precision or zone is lost in SOCI's std::tm.
#include "adapters/pg/pg_case_store.hpp"

#include <soci/soci.h>

#include "adapters/app/audit_hash.hpp"
#include "adapters/pg/database.hpp"

namespace wg::pg {
namespace {

using app::CaseRecord;
using app::EventRecord;
using app::Json;

#define WG_UTC_TEXT(column) "to_char(" column " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"

constexpr const char* kInsertCase = R"(
INSERT INTO cases (workflow, workflow_version, workflow_hash, state, data, region, version,
                   created_at, updated_at)
VALUES (:workflow, :workflow_version, :workflow_hash, :state, CAST(:data AS jsonb), :region, 1,
        CAST(:at AS timestamptz), CAST(:at AS timestamptz))
RETURNING id::text)";

constexpr const char* kSelectCase =
    "SELECT id::text, workflow, workflow_version, workflow_hash, state, data::text, "
    "coalesce(region, ''), version, " WG_UTC_TEXT("created_at") ", " WG_UTC_TEXT("updated_at")
    " FROM cases WHERE id = CAST(:id AS uuid)";

constexpr const char* kLastHash =
    "SELECT seq, hash FROM case_events WHERE case_id = CAST(:id AS uuid) ORDER BY seq DESC LIMIT 1";

constexpr const char* kInsertEvent = R"(
INSERT INTO case_events (case_id, seq, event, actor, role, from_state, to_state, payload,
                         occurred_at, prev_hash, hash)
VALUES (CAST(:case_id AS uuid), :seq, :event, :actor, :role, :from_state, :to_state,
        CAST(:payload AS jsonb), CAST(:at AS timestamptz), :prev_hash, :hash))";

constexpr const char* kUpdateCase = R"(
UPDATE cases SET state = :state, data = CAST(:data AS jsonb), version = version + 1,
                 updated_at = CAST(:at AS timestamptz)
WHERE id = CAST(:id AS uuid))";

constexpr const char* kCancelDeadlines = R"(
UPDATE deadlines SET status = 'cancelled', closed_at = CAST(:at AS timestamptz)
WHERE case_id = CAST(:id AS uuid) AND state = :state AND status = 'pending')";

constexpr const char* kInsertDeadline = R"(
INSERT INTO deadlines (case_id, state, fires, due_at, last_day, basis, explanation_zh, explanation_en,
                       extensions_used, created_at)
VALUES (CAST(:id AS uuid), :state, :fires, CAST(:due_at AS timestamptz), CAST(:last_day AS date), :basis,
        :zh, :en, :extensions, CAST(:at AS timestamptz)))";

constexpr const char* kInsertOutbox = R"(
INSERT INTO outbox (case_id, kind, payload, created_at)
VALUES (CAST(:id AS uuid), :kind, CAST(:payload AS jsonb), CAST(:at AS timestamptz)))";

constexpr const char* kSelectDeadlines =
    "SELECT state, fires, " WG_UTC_TEXT("due_at") ", coalesce(last_day::text, ''), basis, explanation_zh, "
    "explanation_en, extensions_used FROM deadlines WHERE case_id = CAST(:id AS uuid) AND status = 'pending' "
    "ORDER BY due_at";

constexpr const char* kSelectEvents =
    "SELECT seq, event, actor, role, coalesce(from_state, ''), from_state IS NULL, to_state, "
    "payload::text, " WG_UTC_TEXT("occurred_at") ", prev_hash, hash "
    "FROM case_events WHERE case_id = CAST(:id AS uuid) ORDER BY seq";

rules::Instant instant_of(const std::string& text) {
    auto parsed = rules::parse_instant(text);
    return parsed ? *parsed : rules::Instant{};
}

// Reads one case; `lock` adds FOR UPDATE. Returns false when there is no such case.
bool read_case(soci::session& sql, const std::string& id, bool lock, CaseRecord& out) {
    std::string data, created, updated;
    long long version = 0;
    std::string query = kSelectCase;
    if (lock) query += " FOR UPDATE";
    sql << query, soci::use(id, "id"), soci::into(out.id), soci::into(out.workflow),
        soci::into(out.workflow_version), soci::into(out.workflow_hash), soci::into(out.state),
        soci::into(data), soci::into(out.region), soci::into(version), soci::into(created),
        soci::into(updated);
    if (!sql.got_data()) return false;
    out.data = Json::parse(data);
    out.version = version;
    out.created_at = instant_of(created);
    out.updated_at = instant_of(updated);
    return true;
}

// Appends `event` after the case's current last event, filling seq and the hash chain.
void append_event(soci::session& sql, EventRecord& event) {
    long long last_seq = 0;
    std::string last_hash;
    soci::indicator seq_ind = soci::i_null;
    sql << kLastHash, soci::use(event.case_id, "id"), soci::into(last_seq, seq_ind), soci::into(last_hash);
    const bool first = !sql.got_data();
    event.seq = first ? 1 : last_seq + 1;
    event.prev_hash = first ? app::kGenesisHash : last_hash;
    event.hash = app::event_hash(event.prev_hash, event);
    const std::string payload = event.payload.dump();
    const std::string at = rules::format_instant(event.occurred_at);
    std::string from = event.from_state.value_or("");
    soci::indicator from_ind = event.from_state ? soci::i_ok : soci::i_null;
    long long seq = event.seq;
    sql << kInsertEvent, soci::use(event.case_id, "case_id"), soci::use(seq, "seq"),
        soci::use(event.event, "event"), soci::use(event.actor, "actor"), soci::use(event.role, "role"),
        soci::use(from, from_ind, "from_state"), soci::use(event.to_state, "to_state"),
        soci::use(payload, "payload"), soci::use(at, "at"), soci::use(event.prev_hash, "prev_hash"),
        soci::use(event.hash, "hash");
}

std::vector<app::DeadlineRow> read_deadlines(soci::session& sql, const std::string& id) {
    std::vector<app::DeadlineRow> rows;
    soci::rowset<soci::row> result = (sql.prepare << kSelectDeadlines, soci::use(id, "id"));
    for (const auto& row : result) {
        app::DeadlineRow deadline;
        deadline.state = row.get<std::string>(0);
        deadline.fires = row.get<std::string>(1);
        deadline.due_at = instant_of(row.get<std::string>(2));
        if (auto day = rules::parse_date(row.get<std::string>(3))) deadline.last_day = *day;
        deadline.basis = row.get<std::string>(4);
        deadline.explanation_zh = row.get<std::string>(5);
        deadline.explanation_en = row.get<std::string>(6);
        deadline.extensions_used = row.get<int>(7);
        rows.push_back(std::move(deadline));
    }
    return rows;
}

// The pending deadline of the case's current state, into `record`.
void attach_deadline(soci::session& sql, CaseRecord& record) {
    record.deadline.reset();
    for (auto& deadline : read_deadlines(sql, record.id))
        if (deadline.state == record.state) record.deadline = std::move(deadline);
}

// Writes what a step asked for besides the event and the case row.
void write_effects(soci::session& sql, const std::string& id, const app::Change& change) {
    const std::string at = rules::format_instant(change.event.occurred_at);
    for (const auto& state : change.cancel_deadlines)
        sql << kCancelDeadlines, soci::use(at, "at"), soci::use(id, "id"), soci::use(state, "state");
    for (const auto& deadline : change.schedule_deadlines) {
        sql << kCancelDeadlines, soci::use(at, "at"), soci::use(id, "id"), soci::use(deadline.state, "state");
        const std::string due = rules::format_instant(deadline.due_at);
        const std::string last_day = deadline.last_day ? rules::format_date(*deadline.last_day) : "";
        soci::indicator last_day_ind = deadline.last_day ? soci::i_ok : soci::i_null;
        int extensions = deadline.extensions_used;
        sql << kInsertDeadline, soci::use(id, "id"), soci::use(deadline.state, "state"),
            soci::use(deadline.fires, "fires"), soci::use(due, "due_at"), soci::use(last_day, last_day_ind, "last_day"),
            soci::use(deadline.basis, "basis"), soci::use(deadline.explanation_zh, "zh"),
            soci::use(deadline.explanation_en, "en"), soci::use(extensions, "extensions"), soci::use(at, "at");
    }
    for (const auto& row : change.outbox) {
        const std::string payload = row.payload.dump();
        sql << kInsertOutbox, soci::use(id, "id"), soci::use(row.kind, "kind"), soci::use(payload, "payload"),
            soci::use(at, "at");
    }
}

Expected<void> not_found(const std::string& id) {
    return fail("not_found", "no case with id " + id);
}

}  // namespace

Expected<CaseRecord> PgCaseStore::create(CaseRecord fields, app::Change opening) {
    auto done = database_.with_session([&](soci::session& sql) -> Expected<void> {
        soci::transaction tx(sql);
        fields.state = opening.to_state;
        fields.data = opening.data;
        const std::string data = fields.data.dump();
        const std::string at = rules::format_instant(fields.created_at);
        soci::indicator region_ind = fields.region.empty() ? soci::i_null : soci::i_ok;
        sql << kInsertCase, soci::use(fields.workflow, "workflow"),
            soci::use(fields.workflow_version, "workflow_version"),
            soci::use(fields.workflow_hash, "workflow_hash"), soci::use(fields.state, "state"),
            soci::use(data, "data"), soci::use(fields.region, region_ind, "region"), soci::use(at, "at"),
            soci::into(fields.id);
        opening.event.case_id = fields.id;
        append_event(sql, opening.event);
        write_effects(sql, fields.id, opening);
        if (!read_case(sql, fields.id, false, fields)) return not_found(fields.id);
        attach_deadline(sql, fields);
        tx.commit();
        return {};
    });
    if (!done) return Unexpected<Error>{done.error()};
    return fields;
}

Expected<CaseRecord> PgCaseStore::apply(const std::string& case_id,
                                        std::optional<std::int64_t> expected_version,
                                        const app::Decide& decide) {
    CaseRecord current;
    auto done = database_.with_session([&](soci::session& sql) -> Expected<void> {
        soci::transaction tx(sql);
        if (!read_case(sql, case_id, true, current)) return not_found(case_id);
        attach_deadline(sql, current);
        if (expected_version && *expected_version != current.version)
            return fail("version_mismatch", "case is at version " + std::to_string(current.version) +
                                                ", not " + std::to_string(*expected_version));
        auto change = decide(current);
        if (!change) return Unexpected<Error>{change.error()};
        change->event.case_id = case_id;
        append_event(sql, change->event);
        const std::string data = change->data.dump();
        const std::string at = rules::format_instant(change->event.occurred_at);
        sql << kUpdateCase, soci::use(change->to_state, "state"), soci::use(data, "data"),
            soci::use(at, "at"), soci::use(case_id, "id");
        write_effects(sql, case_id, *change);
        if (!read_case(sql, case_id, false, current)) return not_found(case_id);
        attach_deadline(sql, current);
        tx.commit();
        return {};
    });
    if (!done) return Unexpected<Error>{done.error()};
    return current;
}

Expected<CaseRecord> PgCaseStore::find(const std::string& case_id) {
    CaseRecord found;
    auto done = database_.with_session([&](soci::session& sql) -> Expected<void> {
        if (!read_case(sql, case_id, false, found)) return not_found(case_id);
        attach_deadline(sql, found);
        return {};
    });
    if (!done) return Unexpected<Error>{done.error()};
    return found;
}

Expected<std::vector<EventRecord>> PgCaseStore::events(const std::string& case_id) {
    std::vector<EventRecord> history;
    auto done = database_.with_session([&](soci::session& sql) -> Expected<void> {
        soci::rowset<soci::row> rows = (sql.prepare << kSelectEvents, soci::use(case_id, "id"));
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

bool PgCaseStore::ready() { return database_.ping(); }

}  // namespace wg::pg
