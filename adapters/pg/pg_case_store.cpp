// SQL for cases and events. A step on a case this node last wrote or read (pg_case_cache.hpp)
// is decided on that copy and written by wageguard_step() in one statement of its own (one round
// trip), only if the case is still at that version and state with that pending deadline. When it
// is not, or the node has no copy, the step reads the case under lock: BEGIN with the locked read
// of the case (its chain head and pending deadline), pipelined; then wageguard_step(), which
// writes everything, with COMMIT, pipelined (pgbench's transaction of the same shape takes four
// round trips). A step with an Idempotency-Key always takes the lock, and also costs two: BEGIN,
// the claim of the key, what the key holds and the locked read, pipelined; then the write with
// COMMIT. The statements are prepared once per connection (pg_prepared.hpp). With
// StepCommit::kGrouped a batch of steps on distinct cases costs two round trips in all: BEGIN
// with one locked read of every case, then each write between SAVEPOINT and RELEASE, and one
// COMMIT. Timestamps travel as RFC 3339 text so that no precision or zone is lost in SOCI's
// std::tm.
#include "adapters/pg/pg_case_store.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <array>
#include <map>

#include "adapters/app/audit_hash.hpp"
#include "adapters/app/uuid.hpp"
#include "adapters/pg/database.hpp"
#include "adapters/pg/pg_prepared.hpp"
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
#define WG_SELECT_CASE                                                                                       \
    "SELECT c.id::text, c.workflow, c.workflow_version, c.workflow_hash, c.state, c.data::text, "           \
    "coalesce(c.region, ''), c.version, coalesce(c.owner_role, ''), coalesce(c.parent_id::text, ''), "       \
    "c.head_seq, c.head_hash, " WG_UTC_TEXT("c.created_at") ", " WG_UTC_TEXT("c.updated_at") ", "           \
    "coalesce(d.id::text, ''), coalesce(d.fires, ''), coalesce(" WG_UTC_TEXT("d.due_at") ", ''), "          \
    "coalesce(d.last_day::text, ''), coalesce(d.basis, ''), coalesce(d.explanation_zh, ''), "                \
    "coalesce(d.explanation_en, ''), coalesce(d.extensions_used, 0) "                                        \
    "FROM cases c LEFT JOIN LATERAL (SELECT * FROM deadlines d WHERE d.case_id = c.id AND d.state = c.state " \
    "AND d.status = 'pending' LIMIT 1) d ON true "

// Parameters in the order of Params built by plan_step(): what the decision expects of the case
// (version, state, pending deadline; all NULL when the caller holds the row lock), then the step.
constexpr const char* kStep = R"(
SELECT wageguard_step(CAST($1 AS bigint), $2, CAST(NULLIF($3, '') AS uuid), CAST($4 AS uuid),
    CAST($5 AS bigint), $6, $7, $8, $9, $10, CAST($11 AS jsonb), CAST($12 AS timestamptz), $13, $14,
    CAST($15 AS jsonb), $16, CAST(NULLIF($17, '') AS uuid), CAST($18 AS text[]), CAST($19 AS jsonb),
    CAST($20 AS jsonb), CAST($21 AS jsonb), $22, $23, CAST($24 AS integer), CAST($25 AS jsonb)))";

constexpr const char* kLockCaseName = "wg_lock_case";
constexpr const char* kLockCasesName = "wg_lock_cases";  // a batch of group commit
constexpr const char* kReadCaseName = "wg_read_case";
constexpr const char* kStepName = "wg_step";
constexpr const char* kClaimKeyName = "wg_claim_key";
constexpr const char* kStoredKeyName = "wg_stored_key";

// Taking an idempotency key: the claim inserts it (waiting for a concurrent holder to finish),
// and the read that follows in the same transaction finds what the key holds: this
// transaction's own claim, or the response another transaction stored under it.
constexpr const char* kClaimKey =
    "INSERT INTO idempotency_keys (scope, key, request_hash, status, response) "
    "VALUES ($1, $2, $3, 0, '{}'::jsonb) ON CONFLICT (scope, key) DO NOTHING RETURNING 1";
constexpr const char* kStoredKey =
    "SELECT request_hash, status, response::text FROM idempotency_keys WHERE scope = $1 AND key = $2";

constexpr std::array<PreparedSql, 6> kPrepared{{
    {kLockCaseName, WG_SELECT_CASE "WHERE c.id = CAST($1 AS uuid) FOR UPDATE OF c"},
    {kLockCasesName, WG_SELECT_CASE "WHERE c.id = ANY (CAST($1 AS uuid[])) FOR UPDATE OF c"},
    {kReadCaseName, WG_SELECT_CASE "WHERE c.id = CAST($1 AS uuid)"},
    {kStepName, kStep},
    {kClaimKeyName, kClaimKey},
    {kStoredKeyName, kStoredKey},
}};

constexpr const char* kSavepoint = "SAVEPOINT wg_step";
constexpr const char* kRelease = "RELEASE SAVEPOINT wg_step";
constexpr const char* kUndoStep = "ROLLBACK TO SAVEPOINT wg_step; RELEASE SAVEPOINT wg_step";


constexpr const char* kSelectDeadlines =
    "SELECT id::text, state, fires, " WG_UTC_TEXT("due_at") ", coalesce(last_day::text, ''), basis, "
    "explanation_zh, explanation_en, extensions_used FROM deadlines WHERE case_id = CAST(:id AS uuid) "
    "AND status = 'pending' ORDER BY due_at";

constexpr const char* kSelectEvents =
    "SELECT seq, event, actor, role, coalesce(from_state, ''), from_state IS NULL, to_state, "
    "payload::text, " WG_UTC_TEXT("occurred_at") ", prev_hash, hash "
    "FROM case_events WHERE case_id = CAST(:id AS uuid) AND seq > :after ORDER BY seq LIMIT :limit";

// The case in row `row` of a WG_SELECT_CASE result.
void read_case_row(const PgResult& result, int row, CaseRecord& out) {
    out.id = result.text(row, 0);
    out.workflow = result.text(row, 1);
    out.workflow_version = result.text(row, 2);
    out.workflow_hash = result.text(row, 3);
    out.state = result.text(row, 4);
    out.data = Json::parse(result.text(row, 5));
    out.region = result.text(row, 6);
    out.version = result.integer(row, 7);
    out.owner_role = result.text(row, 8);
    out.parent_id = result.text(row, 9);
    out.head_seq = result.integer(row, 10);
    out.head_hash = result.text(row, 11);
    out.created_at = instant_of(result.text(row, 12));
    out.updated_at = instant_of(result.text(row, 13));
    out.deadline.reset();
    if (result.text(row, 14).empty()) return;
    app::DeadlineRow deadline;
    deadline.id = result.text(row, 14);
    deadline.state = out.state;
    deadline.fires = result.text(row, 15);
    deadline.due_at = instant_of(result.text(row, 16));
    if (auto day = rules::parse_date(result.text(row, 17))) deadline.last_day = *day;
    deadline.basis = result.text(row, 18);
    deadline.explanation_zh = result.text(row, 19);
    deadline.explanation_en = result.text(row, 20);
    deadline.extensions_used = static_cast<int>(result.integer(row, 21));
    out.deadline = std::move(deadline);
}

// The case in the first row of a WG_SELECT_CASE result. False when there is none.
bool case_of(const PgResult& result, CaseRecord& out) {
    if (result.rows() == 0) return false;
    read_case_row(result, 0, out);
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

// The parameters of kClaimKey, and of kStoredKey.
struct KeyParams {
    Params claim;
    Params stored;
};

KeyParams key_params(const app::IdempotencyKey& key) {
    KeyParams params;
    params.claim.add(key.scope).add(key.key).add(key.request_hash);
    params.stored.add(key.scope).add(key.key);
    return params;
}

// What claiming the key found, from the results of kClaimKey and kStoredKey run in that order in
// the claiming transaction: nothing when this transaction took the key, the response stored
// under it when another transaction completed it first, or `idempotency_mismatch`.
Expected<std::optional<app::StoredResponse>> claim_outcome(const PgResult& claim, const PgResult& stored,
                                                           const app::IdempotencyKey& key) {
    if (claim.rows() == 1) return std::optional<app::StoredResponse>{};
    if (stored.rows() == 0) return fail("database", "Idempotency-Key '" + key.key + "' was neither taken nor stored");
    if (stored.text(0, 0) != key.request_hash)
        return fail("idempotency_mismatch",
                    "Idempotency-Key '" + key.key + "' was already used with a different request");
    return std::optional<app::StoredResponse>{
        app::StoredResponse{static_cast<int>(stored.integer(0, 1)), Json::parse(stored.text(0, 2))}};
}

// Takes the idempotency key in the open transaction, in one round trip (see claim_outcome).
Expected<std::optional<app::StoredResponse>> claim_key(PGconn* conn, const app::IdempotencyKey& key) {
    const KeyParams params = key_params(key);
    const std::array<PipelineStep, 2> claim{
        {{kClaimKeyName, &params.claim, nullptr}, {kStoredKeyName, &params.stored, nullptr}}};
    const auto results = pipeline(conn, claim);
    return claim_outcome(results[0], results[1], key);
}

// A change ready to write: the case as it leaves it and the parameters of kStep.
struct Step {
    CaseRecord written;
    Params params;
};

// Whether the step is written under the caller's row lock, or only if the case is still as the
// decision saw it (a copy from the case cache, not locked).
enum class Write { kLocked, kIfUnchanged };

// Fills seq and the hash chain from the case's head, renders the response (kept with the
// idempotency key) and binds the whole change for wageguard_step().
Step plan_step(const CaseRecord& current, app::Change& change, const app::Respond& respond,
               app::StoredResponse& response, Write write = Write::kLocked) {
    EventRecord& event = change.event;
    event.case_id = current.id;
    event.seq = current.head_seq + 1;
    event.prev_hash = current.head_seq == 0 ? app::kGenesisHash : current.head_hash;
    event.hash = app::event_hash(event.prev_hash, event);
    for (auto& deadline : change.schedule_deadlines)
        if (deadline.id.empty()) deadline.id = app::new_uuid();
    Step step{app::record_after(current, change), {}};
    response = {respond.status, respond.render ? respond.render(step.written) : Json::object()};

    const bool keyed = respond.key.has_value();
    const bool checked = write == Write::kIfUnchanged;
    step.params.add_if(checked, std::to_string(current.version))
        .add_if(checked, current.state)
        .add_if(checked, checked && current.deadline ? current.deadline->id : "")
        .add(current.id)
        .add(std::to_string(event.seq))
        .add(event.event)
        .add(event.actor)
        .add(event.role)
        .add_if(event.from_state.has_value(), event.from_state.value_or(""))
        .add(event.to_state)
        .add(event.payload.dump())
        .add(rules::format_instant(event.occurred_at))
        .add(event.prev_hash)
        .add(event.hash)
        .add(change.data.dump())
        .add_if(!change.owner_role.empty(), change.owner_role)
        .add(change.fired_deadline)
        .add(text_array(change.cancel_deadlines))
        .add(deadlines_json(change.schedule_deadlines).dump())
        .add(outbox_json(change.outbox).dump())
        .add_if(change.parties.has_value(), change.parties ? parties_json(*change.parties).dump() : "")
        .add_if(keyed, keyed ? respond.key->scope : "")
        .add_if(keyed, keyed ? respond.key->key : "")
        .add(std::to_string(response.status))
        .add_if(keyed, keyed ? response.body.dump() : "");  // kept only under an Idempotency-Key
    return step;
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

Unexpected<Error> not_found(const std::string& id) { return fail("not_found", "no case with id " + id); }

// With the case locked: checks the version, decides, and plans the change. An error means
// nothing is to be written.
Expected<Step> decide_step(const CaseRecord& current, std::optional<std::int64_t> expected_version,
                           const app::Decide& decide, const app::Respond& respond, app::Written& written) {
    if (expected_version && *expected_version != current.version)
        return fail("version_mismatch", "case is at version " + std::to_string(current.version) + ", not " +
                                            std::to_string(*expected_version));
    auto change = decide(current);
    if (!change) return Unexpected<Error>{change.error()};
    return plan_step(current, *change, respond, written.response);
}

// With the case locked in an open transaction: decides, then writes and commits in one round trip.
Expected<app::Written> write_and_commit(PGconn* conn, const CaseRecord& current,
                                        std::optional<std::int64_t> expected_version, const app::Decide& decide,
                                        const app::Respond& respond) {
    app::Written written;
    auto step = decide_step(current, expected_version, decide, respond, written);
    if (!step) return Unexpected<Error>{step.error()};
    const std::array<PipelineStep, 2> write{{{kStepName, &step->params, nullptr}, {nullptr, nullptr, "COMMIT"}}};
    const auto results = pipeline(conn, write);
    if (results[0].text(0, 0) != "t") return fail("database", "case " + current.id + " vanished under its lock");
    // COMMIT of a transaction that failed answers ROLLBACK without an error: never report that as written.
    if (results[1].command_tag() != "COMMIT") return fail("database", "case step was rolled back at COMMIT");
    written.record = std::move(step->written);
    return written;
}

// One step in its own transaction, without an Idempotency-Key: BEGIN and the locked read in one
// round trip, then write_and_commit. The caller rolls back what is left open when this fails.
Expected<app::Written> single_step(PGconn* conn, const GroupedStep& step) {
    Params id;
    id.add(step.case_id);
    const std::array<PipelineStep, 2> lock{{{nullptr, nullptr, "BEGIN"}, {kLockCaseName, &id, nullptr}}};
    CaseRecord current;
    if (!case_of(pipeline(conn, lock)[1], current)) return not_found(step.case_id);
    return write_and_commit(conn, current, step.expected_version, *step.decide, *step.respond);
}

// Whether `id` is a uuid as PostgreSQL prints it (lower-case hex, dashes at 8, 13, 18, 23), so
// that a batch finds its rows by their id::text.
bool is_canonical_uuid(const std::string& id) {
    if (id.size() != 36) return false;
    for (std::size_t i = 0; i < id.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        const char c = id[i];
        if (dash != (c == '-')) return false;
        if (!dash && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

// A batch's steps that have decided, with their changes ready to write.
struct Planned {
    GroupedStep* step;
    Step change;
    app::Written written;
};

// Reads and locks every case of the batch in one round trip (with BEGIN) and decides each step;
// a step that cannot go on gets its result here.
std::vector<Planned> lock_and_decide(PGconn* conn, const std::vector<GroupedStep*>& batch) {
    std::vector<std::string> ids;
    for (const GroupedStep* step : batch) ids.push_back(step->case_id);
    Params array;
    array.add(text_array(ids));
    const std::array<PipelineStep, 2> lock{{{nullptr, nullptr, "BEGIN"}, {kLockCasesName, &array, nullptr}}};
    const auto results = pipeline(conn, lock);
    std::map<std::string, CaseRecord> cases;
    for (int row = 0; row < results[1].rows(); ++row) {
        CaseRecord current;
        read_case_row(results[1], row, current);
        cases.emplace(current.id, std::move(current));
    }
    std::vector<Planned> planned;
    for (GroupedStep* step : batch) {
        auto found = cases.find(step->case_id);
        if (found == cases.end()) {
            step->result = not_found(step->case_id);
            continue;
        }
        Planned next{step, {}, {}};
        auto change = decide_step(found->second, step->expected_version, *step->decide, *step->respond, next.written);
        if (!change) {
            step->result = Unexpected<Error>{change.error()};
            continue;
        }
        next.change = std::move(*change);
        planned.push_back(std::move(next));
    }
    return planned;
}

constexpr std::size_t kCommitted = static_cast<std::size_t>(-1);

// Writes `planned` from `first` on (none when `first` is planned.size()), each between SAVEPOINT
// and RELEASE, then COMMIT, in one round trip. Returns kCommitted, or, when a step failed (its
// savepoint undone, its result set), the index after it: the caller sends the rest again, and
// the COMMIT with them, so that the steps before it are committed too.
std::size_t write_batch(PGconn* conn, std::vector<Planned>& planned, std::size_t first) {
    std::vector<PipelineStep> steps;
    for (std::size_t i = first; i < planned.size(); ++i) {
        steps.push_back({nullptr, nullptr, kSavepoint});
        steps.push_back({kStepName, &planned[i].change.params, nullptr});
        steps.push_back({nullptr, nullptr, kRelease});
    }
    steps.push_back({nullptr, nullptr, "COMMIT"});
    const auto results = pipeline_results(conn, steps);
    const auto bad = std::find_if(results.begin(), results.end(), [](const PgResult& r) { return failed(r); });
    const auto at = static_cast<std::size_t>(bad - results.begin());
    if (at + 1 >= results.size()) {  // the steps went through: the COMMIT decides for all of them
        throw_if_failed(conn, results.back(), "COMMIT");
        if (results.back().command_tag() != "COMMIT")
            throw soci::soci_error("batch of case steps was rolled back at COMMIT");
        return kCommitted;
    }
    const std::size_t failed_step = first + at / 3;
    planned[failed_step].step->result =
        Unexpected<Error>{statement_error(sqlstate_of(*bad), PQresultErrorMessage(bad->get()))};
    command(conn, kUndoStep);  // throws when its SAVEPOINT itself failed: the batch ends then
    return failed_step + 1;
}

}  // namespace

PgCaseStore::PgCaseStore(Database& database, CaseStoreOptions options)
    : database_(database), cache_(options.commit == StepCommit::kEach ? options.cached_cases : 0) {
    if (options.commit == StepCommit::kGrouped)
        group_ = std::make_unique<GroupCommit>(options.group,
                                               [this](const std::vector<GroupedStep*>& batch) { run_batch(batch); });
}

PgCaseStore::~PgCaseStore() = default;

Expected<app::Written> PgCaseStore::create(CaseRecord fields, app::Change opening, const app::Respond& respond) {
    app::Written written;
    auto done = database_.with_session([&](soci::session& sql) -> Expected<void> {
        soci::transaction tx(sql);
        PGconn* conn = prepared_connection(sql, kPrepared);
        if (respond.key) {
            auto stored = claim_key(conn, *respond.key);
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
        Step step = plan_step(fields, opening, respond, written.response);
        execute(conn, kStepName, step.params);
        written.record = std::move(step.written);
        tx.commit();
        return {};
    });
    if (!done) return Unexpected<Error>{done.error()};
    if (!written.replayed) cache_.put(written.record);
    return written;
}

// A step decided on the case as this node last knew it and written in one round trip by
// wageguard_step, only if the case is still as it was. Nothing, so that the caller reads the case under lock and decides again,
// when the decision refuses (a refusal must hold for the case as it is now, not as it was) or
// when the database finds that the case has moved on.
std::optional<Expected<app::Written>> PgCaseStore::apply_known(const CaseRecord& known, const app::Decide& decide,
                                                               const app::Respond& respond) {
    auto change = decide(known);
    if (!change) return std::nullopt;
    app::Written written;
    Step step = plan_step(known, *change, respond, written.response, Write::kIfUnchanged);
    bool applied = false;
    auto done = database_.with_session([&](soci::session& sql) -> Expected<void> {
        applied = execute(prepared_connection(sql, kPrepared), kStepName, step.params).text(0, 0) == "t";
        return {};
    });
    if (!done || !applied) cache_.erase(known.id);
    if (!done) return Expected<app::Written>{Unexpected<Error>{done.error()}};
    if (!applied) {
        cache_.count_stale();
        return std::nullopt;
    }
    written.record = std::move(step.written);
    cache_.put(written.record);
    return Expected<app::Written>{std::move(written)};
}

Expected<app::Written> PgCaseStore::apply(const std::string& case_id, std::optional<std::int64_t> expected_version,
                                          const app::Decide& decide, const app::Respond& respond) {
    GroupedStep step{case_id, expected_version, &decide, &respond, std::nullopt, false};
    // A keyed step claims its key first; a malformed id would fail the whole batch's read.
    if (group_ && !respond.key && is_canonical_uuid(case_id)) return group_->run(step);
    if (!respond.key) {
        const auto known = cache_.get(case_id);
        if (known && (!expected_version || *expected_version == known->version))
            if (auto done = apply_known(*known, decide, respond)) return std::move(*done);
    }
    auto done = database_.with_session([&](soci::session& sql) -> Expected<void> {
        PGconn* conn = prepared_connection(sql, kPrepared);
        RollbackGuard rollback(conn);  // every early return and exception below leaves nothing behind
        if (!respond.key) {
            step.result = single_step(conn, step);
            return {};
        }
        // BEGIN, the claim of the key, what the key holds and the locked read in one round trip;
        // the case lock is taken after the key's, as in every keyed step, and given back by the
        // rollback when the key was already used.
        const KeyParams key = key_params(*respond.key);
        Params id;
        id.add(case_id);
        const std::array<PipelineStep, 4> claim_and_lock{{{nullptr, nullptr, "BEGIN"},
                                                          {kClaimKeyName, &key.claim, nullptr},
                                                          {kStoredKeyName, &key.stored, nullptr},
                                                          {kLockCaseName, &id, nullptr}}};
        const auto results = pipeline(conn, claim_and_lock);
        auto stored = claim_outcome(results[1], results[2], *respond.key);
        if (!stored) return Unexpected<Error>{stored.error()};
        if (*stored) {
            app::Written replayed;
            replayed.response = std::move(**stored);
            replayed.replayed = true;
            step.result = std::move(replayed);
            return {};
        }
        CaseRecord current;
        if (!case_of(results[3], current)) return not_found(case_id);
        step.result = write_and_commit(conn, current, expected_version, decide, respond);
        return {};
    });
    if (!done) {
        cache_.erase(case_id);
        return Unexpected<Error>{done.error()};
    }
    if (*step.result && !(*step.result)->replayed) cache_.put((*step.result)->record);
    return std::move(*step.result);
}

// One transaction for the whole batch. A step that fails is undone to its savepoint and the
// others go on; when the transaction itself fails, no step of it is written and all get the error.
void PgCaseStore::run_batch(const std::vector<GroupedStep*>& batch) {
    auto done = database_.with_session([&](soci::session& sql) -> Expected<void> {
        PGconn* conn = prepared_connection(sql, kPrepared);
        RollbackGuard rollback(conn);
        if (batch.size() == 1) {  // alone, a step needs no savepoint
            batch.front()->result = single_step(conn, *batch.front());
            return {};
        }
        auto planned = lock_and_decide(conn, batch);
        if (planned.empty()) return {};  // nothing to write: the guard rolls back the locks
        for (std::size_t next = 0; next != kCommitted;) next = write_batch(conn, planned, next);
        for (auto& step : planned) {
            if (step.step->result) continue;  // failed and undone
            step.written.record = std::move(step.change.written);
            step.step->result = std::move(step.written);
        }
        return {};
    });
    if (done) return;
    for (GroupedStep* step : batch)
        if (!step->result || step->result->has_value()) step->result = Unexpected<Error>{done.error()};
}

Expected<CaseRecord> PgCaseStore::find(const std::string& case_id) {
    CaseRecord found;
    auto done = database_.with_session([&](soci::session& sql) -> Expected<void> {
        Params id;
        id.add(case_id);
        if (!case_of(execute(prepared_connection(sql, kPrepared), kReadCaseName, id), found))
            return not_found(case_id);
        return {};
    });
    if (!done) return Unexpected<Error>{done.error()};
    cache_.put(found);  // people look at a case before they act on it
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
