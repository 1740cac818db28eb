// The case store's contract, written once and run against both stores: the in-memory fake
// (tests/support/in_memory_case_store) and PgCaseStore on a fresh, migrated PostgreSQL
// database. A behaviour the fake gets wrong fails here, so unit tests built on the fake can
// trust it. Changes are built by hand: no workflow is involved.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <latch>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "adapters/app/audit_hash.hpp"
#include "adapters/app/uuid.hpp"
#include "adapters/pg/database.hpp"
#include "adapters/pg/migrations.hpp"
#include "adapters/pg/pg_case_store.hpp"
#include "tests/support/in_memory_case_store.hpp"
#include "tests/support/case_fields.hpp"
#include "tests/support/test_database.hpp"

using namespace wg;
using app::Json;

namespace {

// --- the stores under test, with what a test may inspect beyond the port ---------------------

struct InMemoryStore {
    test::InMemoryCaseStore store;

    std::size_t case_count() const { return store.case_count(); }

    // "pending", "fired", "cancelled", or "none" when there is no such deadline.
    std::string deadline_status(const std::string& id) const {
        const auto status = store.deadline_status(id);
        if (!status) return "none";
        if (*status == test::DeadlineStatus::kPending) return "pending";
        return *status == test::DeadlineStatus::kFired ? "fired" : "cancelled";
    }

    std::size_t outbox_count(const std::string& case_id) const {
        return store.outbox_rows(case_id).size();
    }

    bool has_outbox(const std::string& case_id, const std::string& kind,
                    const Json& payload) const {
        for (const auto& row : store.outbox_rows(case_id))
            if (row.kind == kind && row.payload == payload) return true;
        return false;
    }

    std::size_t party_count(const std::string& case_id) const {
        return store.party_rows(case_id).size();
    }

    bool has_party(const std::string& case_id, const std::string& field,
                   const std::string& id_hash) const {
        for (const auto& row : store.party_rows(case_id))
            if (row.field == field && row.id_hash == id_hash) return true;
        return false;
    }

    bool key_taken(const std::string& scope, const std::string& key) const {
        return store.stored_response(scope, key).has_value();
    }
};

// Values in these queries are the test's own literals and uuids; quote() keeps them literals.
std::string quote(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

/// PgCaseStore committing each step on its own (what `serve` uses; with its case cache, a step
/// on a case it wrote or read is version-checked instead of read under lock), or without the
/// cache, or with group commit (several cases' steps in one transaction, a savepoint each).
template <pg::StepCommit Commit, std::size_t CachedCases>
struct PostgresStoreOf {
    test::TestDatabase db;
    pg::Database database{db.dsn(), 8};  // eight sessions: the concurrency test's threads
    pg::PgCaseStore store{database, {.commit = Commit, .cached_cases = CachedCases}};

    PostgresStoreOf() {
        auto migrated = pg::migrate(database, pg::embedded_migrations());
        if (!migrated) throw std::runtime_error("migrations failed: " + migrated.error().message);
    }

    std::size_t case_count() const {
        return static_cast<std::size_t>(db.scalar("SELECT count(*) FROM cases"));
    }

    std::string deadline_status(const std::string& id) const {
        for (const char* status : {"pending", "fired", "cancelled", "failed"})
            if (db.scalar("SELECT count(*) FROM deadlines WHERE id = " + quote(id) +
                          "::uuid AND status = " + quote(status)) == 1)
                return status;
        return "none";
    }

    std::size_t outbox_count(const std::string& case_id) const {
        return static_cast<std::size_t>(
            db.scalar("SELECT count(*) FROM outbox WHERE case_id = " + quote(case_id) + "::uuid"));
    }

    bool has_outbox(const std::string& case_id, const std::string& kind,
                    const Json& payload) const {
        return db.scalar("SELECT count(*) FROM outbox WHERE case_id = " + quote(case_id) +
                         "::uuid AND kind = " + quote(kind) +
                         " AND payload = " + quote(payload.dump()) + "::jsonb") == 1;
    }

    std::size_t party_count(const std::string& case_id) const {
        return static_cast<std::size_t>(db.scalar(
            "SELECT count(*) FROM case_parties WHERE case_id = " + quote(case_id) + "::uuid"));
    }

    bool has_party(const std::string& case_id, const std::string& field,
                   const std::string& id_hash) const {
        return db.scalar("SELECT count(*) FROM case_parties WHERE case_id = " + quote(case_id) +
                         "::uuid AND field = " + quote(field) +
                         " AND id_hash = " + quote(id_hash)) == 1;
    }

    bool key_taken(const std::string& scope, const std::string& key) const {
        return db.scalar("SELECT count(*) FROM idempotency_keys WHERE scope = " + quote(scope) +
                         " AND key = " + quote(key)) == 1;
    }
};

}  // namespace

using PostgresStore = PostgresStoreOf<pg::StepCommit::kEach, 10'000>;
using UncachedStore = PostgresStoreOf<pg::StepCommit::kEach, 0>;
using GroupCommitStore = PostgresStoreOf<pg::StepCommit::kGrouped, 0>;

DOCTEST_TYPE_TO_STRING_AS("in-memory", InMemoryStore);
DOCTEST_TYPE_TO_STRING_AS("postgresql", PostgresStore);
DOCTEST_TYPE_TO_STRING_AS("postgresql without the case cache", UncachedStore);
DOCTEST_TYPE_TO_STRING_AS("postgresql with group commit", GroupCommitStore);

namespace {

// --- building changes by hand ----------------------------------------------------------------

rules::Instant at(const char* text) {
    auto parsed = rules::parse_instant(text);
    if (!parsed) throw std::invalid_argument(std::string("bad instant in test: ") + text);
    return *parsed;
}

const rules::Instant kOpened = at("2025-09-15T09:30:00.125Z");

// Step n happens n minutes after the case was opened.
rules::Instant minutes_later(int n) {
    return kOpened + std::chrono::minutes(n);
}

app::CaseRecord case_fields() { return test::case_fields(kOpened); }

app::Change change_of(const std::string& event, std::optional<std::string> from,
                      const std::string& to, int minute) {
    app::Change change;
    change.event.event = event;
    change.event.actor = "inspector-7";
    change.event.role = "inspector";
    change.event.from_state = std::move(from);
    change.event.to_state = to;
    change.event.payload = {{"note", "step " + std::to_string(minute)}};
    change.event.occurred_at = minutes_later(minute);
    change.to_state = to;
    change.owner_role = "inspector";
    change.data = {{"amount", "21000.00"}, {"claimants", 3}, {"last_event", event}};
    return change;
}

// The worker's complaint: the opening event of every case here.
app::Change opening() {
    app::Change change = change_of("submit", std::nullopt, "pending_acceptance", 0);
    change.event.actor = "worker-1";
    change.event.role = "worker";
    return change;
}

app::DeadlineRow deadline_for(const std::string& state, const std::string& fires, int day) {
    app::DeadlineRow deadline;
    deadline.state = state;
    deadline.fires = fires;
    deadline.due_at = at("2025-09-22T15:59:59.999Z") + std::chrono::days(day);
    deadline.last_day = rules::Date{std::chrono::year{2025}, std::chrono::month{9},
                                    std::chrono::day{static_cast<unsigned>(22 + day)}};
    deadline.basis = "劳动保障监察条例 第十四条";
    deadline.explanation_zh = "5个工作日内决定是否受理";
    deadline.explanation_en = "decide on acceptance within 5 working days";
    deadline.extensions_used = day;
    return deadline;
}

// A decide that returns `change` and remembers how many times it ran.
app::Decide returning(app::Change change, int* calls = nullptr) {
    return [change = std::move(change), calls](const app::CaseRecord&) -> Expected<app::Change> {
        if (calls != nullptr) ++*calls;
        return change;
    };
}

Json render(const app::CaseRecord& record) {
    return {{"id", record.id}, {"state", record.state}, {"version", record.version}};
}

app::Respond respond(int status = 200) {
    return {status, render, std::nullopt};
}

app::Respond keyed(const std::string& key, const std::string& request_hash, int status = 200) {
    return {status, render,
            app::IdempotencyKey{"actor:inspector-7 POST /events", key, request_hash}};
}

template <typename Store>
app::Written create_case(Store& fixture, app::Change first = opening()) {
    auto written = fixture.store.create(case_fields(), std::move(first), respond(201));
    if (!written) FAIL("create failed: " << written.error().to_string());
    return *written;
}

template <typename Store>
app::Written apply_ok(Store& fixture, const std::string& id, std::optional<std::int64_t> version,
                      app::Change change, const app::Respond& how = respond()) {
    auto written = fixture.store.apply(id, version, returning(std::move(change)), how);
    if (!written) FAIL("apply failed: " << written.error().to_string());
    return *written;
}

template <typename Store>
std::vector<app::EventRecord> history(Store& fixture, const std::string& id,
                                      std::int64_t after_seq = 0, std::size_t limit = 1000) {
    auto events = fixture.store.events(id, after_seq, limit);
    if (!events) FAIL("events failed: " << events.error().to_string());
    return *events;
}

template <typename Store>
app::CaseRecord find_ok(Store& fixture, const std::string& id) {
    auto found = fixture.store.find(id);
    if (!found) FAIL("find failed: " << found.error().to_string());
    return *found;
}

std::vector<std::int64_t> seqs(const std::vector<app::EventRecord>& events) {
    std::vector<std::int64_t> out;
    out.reserve(events.size());
    for (const auto& event : events) out.push_back(event.seq);
    return out;
}

void check_same_deadline(const app::DeadlineRow& found, const app::DeadlineRow& expected) {
    CHECK(found.id == expected.id);
    CHECK(found.state == expected.state);
    CHECK(found.fires == expected.fires);
    CHECK(rules::format_instant(found.due_at) == rules::format_instant(expected.due_at));
    REQUIRE(found.last_day.has_value());
    REQUIRE(expected.last_day.has_value());
    CHECK(rules::format_date(*found.last_day) == rules::format_date(*expected.last_day));
    CHECK(found.basis == expected.basis);
    CHECK(found.explanation_zh == expected.explanation_zh);
    CHECK(found.explanation_en == expected.explanation_en);
    CHECK(found.extensions_used == expected.extensions_used);
}

void check_same_case(const app::CaseRecord& found, const app::CaseRecord& expected) {
    CHECK(found.id == expected.id);
    CHECK(found.workflow == expected.workflow);
    CHECK(found.workflow_version == expected.workflow_version);
    CHECK(found.workflow_hash == expected.workflow_hash);
    CHECK(found.state == expected.state);
    CHECK(found.data == expected.data);
    CHECK(found.region == expected.region);
    CHECK(found.version == expected.version);
    CHECK(found.owner_role == expected.owner_role);
    CHECK(found.parent_id == expected.parent_id);
    CHECK(found.head_seq == expected.head_seq);
    CHECK(found.head_hash == expected.head_hash);
    CHECK(rules::format_instant(found.created_at) == rules::format_instant(expected.created_at));
    CHECK(rules::format_instant(found.updated_at) == rules::format_instant(expected.updated_at));
    REQUIRE(found.deadline.has_value() == expected.deadline.has_value());
    if (found.deadline) check_same_deadline(*found.deadline, *expected.deadline);
}

#define CONTRACT(name) \
    TEST_CASE_TEMPLATE("case store contract: " name, Store, InMemoryStore, PostgresStore, UncachedStore, \
                       GroupCommitStore)

// --- create and apply: the chain ---------------------------------------------------------------

CONTRACT("create assigns an id, version 1 and the first event with the genesis prev_hash") {
    Store fixture;
    const app::Written written = create_case(fixture);

    CHECK_FALSE(written.replayed);
    CHECK(written.record.id.size() == 36);
    CHECK(written.record.version == 1);
    CHECK(written.record.state == "pending_acceptance");
    CHECK(written.record.owner_role == "inspector");
    CHECK(written.record.head_seq == 1);
    CHECK(written.response.status == 201);
    CHECK(written.response.body == render(written.record));

    const auto events = history(fixture, written.record.id);
    REQUIRE(events.size() == 1);
    const app::EventRecord& first = events[0];
    CHECK(first.case_id == written.record.id);
    CHECK(first.seq == 1);
    CHECK_FALSE(first.from_state.has_value());
    CHECK(first.to_state == "pending_acceptance");
    CHECK(first.actor == "worker-1");
    CHECK(first.role == "worker");
    CHECK(first.payload == opening().event.payload);
    CHECK(rules::format_instant(first.occurred_at) == rules::format_instant(kOpened));
    CHECK(first.prev_hash == app::kGenesisHash);
    CHECK(first.hash == app::event_hash(app::kGenesisHash, first));
    CHECK(written.record.head_hash == first.hash);
    CHECK(fixture.store.ready());
}

CONTRACT("create keeps an id the caller gives") {
    Store fixture;
    app::CaseRecord fields = case_fields();
    fields.id = app::new_uuid();
    auto written = fixture.store.create(fields, opening(), respond(201));
    REQUIRE(written.has_value());

    CHECK(written->record.id == fields.id);
    CHECK(find_ok(fixture, fields.id).id == fields.id);
}

CONTRACT("apply appends the next event chained to the previous hash and moves the head") {
    Store fixture;
    const app::Written created = create_case(fixture);
    const std::string id = created.record.id;
    const app::CaseRecord before = find_ok(fixture, id);
    app::CaseRecord seen;
    app::Decide decide = [&seen](const app::CaseRecord& current) -> Expected<app::Change> {
        seen = current;
        return change_of("accept", "pending_acceptance", "investigating", 1);
    };

    auto written = fixture.store.apply(id, 1, decide, respond());
    REQUIRE(written.has_value());

    check_same_case(seen, before);  // decide saw the case as stored
    CHECK(seen.version == 1);
    CHECK(written->record.version == 2);
    CHECK(written->record.state == "investigating");
    CHECK(written->record.head_seq == 2);
    const auto events = history(fixture, id);
    REQUIRE(events.size() == 2);
    CHECK(events[1].seq == 2);
    CHECK(events[1].from_state == std::optional<std::string>("pending_acceptance"));
    CHECK(events[1].prev_hash == events[0].hash);
    CHECK(events[1].hash == app::event_hash(events[0].hash, events[1]));
    CHECK(written->record.head_hash == events[1].hash);
    CHECK(written->response.body == render(written->record));
}

CONTRACT("find returns the case as apply returned it, with its pending deadline") {
    Store fixture;
    const std::string id = create_case(fixture).record.id;
    app::Change accept = change_of("accept", "pending_acceptance", "investigating", 1);
    accept.owner_role = "investigator";
    accept.schedule_deadlines.push_back(deadline_for("investigating", "investigation_overdue", 3));

    const app::Written written = apply_ok(fixture, id, 1, accept);
    const app::CaseRecord found = find_ok(fixture, id);

    REQUIRE(written.record.deadline.has_value());
    CHECK(written.record.deadline->id.size() == 36);  // assigned by the store
    check_same_case(found, written.record);
    CHECK(found.owner_role == "investigator");
    auto pending = fixture.store.deadlines(id);
    REQUIRE(pending.has_value());
    REQUIRE(pending->size() == 1);
    check_same_deadline((*pending)[0], *written.record.deadline);
}

CONTRACT("events are paged by after_seq and limit") {
    Store fixture;
    const std::string id = create_case(fixture).record.id;
    for (int step = 1; step <= 3; ++step)
        apply_ok(fixture, id, step,
                 change_of("note", "pending_acceptance", "pending_acceptance", step));

    CHECK(seqs(history(fixture, id, 0, 2)) == std::vector<std::int64_t>{1, 2});
    CHECK(seqs(history(fixture, id, 2, 2)) == std::vector<std::int64_t>{3, 4});
    CHECK(seqs(history(fixture, id, 1)) == std::vector<std::int64_t>{2, 3, 4});
    CHECK(history(fixture, id, 4).empty());
    CHECK(history(fixture, id, 0, 0).empty());
    CHECK(history(fixture, app::new_uuid()).empty());
}

// --- refusals write nothing ----------------------------------------------------------------------

CONTRACT("a stale expected_version is refused with version_mismatch and writes nothing") {
    Store fixture;
    const std::string id = create_case(fixture).record.id;
    app::Change accept = change_of("accept", "pending_acceptance", "investigating", 1);
    accept.outbox.push_back({"notify", {{"to", "worker"}}});
    int calls = 0;

    auto refused = fixture.store.apply(id, 7, returning(accept, &calls), keyed("k-stale", "h1"));

    REQUIRE_FALSE(refused.has_value());
    CHECK(refused.error().code == "version_mismatch");
    CHECK(calls == 0);
    CHECK(history(fixture, id).size() == 1);
    CHECK(find_ok(fixture, id).version == 1);
    CHECK(fixture.outbox_count(id) == 0);
    CHECK_FALSE(fixture.key_taken("actor:inspector-7 POST /events", "k-stale"));
}

CONTRACT("without an expected_version apply does not check the version") {
    Store fixture;
    const std::string id = create_case(fixture).record.id;
    apply_ok(fixture, id, 1, change_of("note", "pending_acceptance", "pending_acceptance", 1));

    const app::Written written = apply_ok(
        fixture, id, std::nullopt, change_of("accept", "pending_acceptance", "investigating", 2));

    CHECK(written.record.version == 3);
}

CONTRACT("a failing decide returns its error, writes nothing and leaves the key free") {
    Store fixture;
    const std::string id = create_case(fixture).record.id;
    app::Decide refuse = [](const app::CaseRecord&) -> Expected<app::Change> {
        return fail("not_allowed", "event 'close' is not allowed in state 'pending_acceptance'");
    };

    auto refused = fixture.store.apply(id, 1, refuse, keyed("k-refused", "h1"));

    REQUIRE_FALSE(refused.has_value());
    CHECK(refused.error().code == "not_allowed");
    CHECK(history(fixture, id).size() == 1);
    CHECK(find_ok(fixture, id).version == 1);
    CHECK_FALSE(fixture.key_taken("actor:inspector-7 POST /events", "k-refused"));

    auto retried = fixture.store.apply(
        id, 1, returning(change_of("accept", "pending_acceptance", "investigating", 1)),
        keyed("k-refused", "h1"));
    REQUIRE(retried.has_value());
    CHECK_FALSE(retried->replayed);
    CHECK(retried->record.head_seq == 2);
}

CONTRACT("an unknown case is not_found and decide is not called") {
    Store fixture;
    create_case(fixture);
    const std::string unknown = app::new_uuid();
    int calls = 0;

    auto applied = fixture.store.apply(
        unknown, std::nullopt,
        returning(change_of("accept", "pending_acceptance", "investigating", 1), &calls),
        respond());
    auto found = fixture.store.find(unknown);

    REQUIRE_FALSE(applied.has_value());
    CHECK(applied.error().code == "not_found");
    CHECK(calls == 0);
    REQUIRE_FALSE(found.has_value());
    CHECK(found.error().code == "not_found");
}

// --- idempotency keys ------------------------------------------------------------------------

CONTRACT("a repeated idempotency key replays the first response and writes once") {
    Store fixture;
    const std::string id = create_case(fixture).record.id;
    int calls = 0;
    const app::Decide accept =
        returning(change_of("accept", "pending_acceptance", "investigating", 1), &calls);

    auto first = fixture.store.apply(id, 1, accept, keyed("k-1", "h1", 200));
    auto again = fixture.store.apply(id, 1, accept, keyed("k-1", "h1", 200));

    REQUIRE(first.has_value());
    REQUIRE(again.has_value());
    CHECK_FALSE(first->replayed);
    CHECK(again->replayed);
    CHECK(again->response.status == first->response.status);
    CHECK(again->response.body == first->response.body);
    CHECK(calls == 1);
    CHECK(history(fixture, id).size() == 2);
    CHECK(find_ok(fixture, id).version == 2);
}

CONTRACT("an idempotency key sent with another request is refused with idempotency_mismatch") {
    Store fixture;
    const std::string id = create_case(fixture).record.id;
    apply_ok(fixture, id, 1, change_of("accept", "pending_acceptance", "investigating", 1),
             keyed("k-1", "h1"));

    auto other = fixture.store.apply(
        id, 2, returning(change_of("close", "investigating", "closed", 2)), keyed("k-1", "h2"));

    REQUIRE_FALSE(other.has_value());
    CHECK(other.error().code == "idempotency_mismatch");
    CHECK(history(fixture, id).size() == 2);
    CHECK(find_ok(fixture, id).state == "investigating");
}

CONTRACT("a repeated create with the same key returns the first case and creates no second") {
    Store fixture;
    const app::Respond how = keyed("k-create", "h-create", 201);

    auto first = fixture.store.create(case_fields(), opening(), how);
    auto again = fixture.store.create(case_fields(), opening(), how);
    auto other = fixture.store.create(case_fields(), opening(), keyed("k-create", "h-other", 201));

    REQUIRE(first.has_value());
    REQUIRE(again.has_value());
    CHECK(again->replayed);
    CHECK(again->response.status == 201);
    CHECK(again->response.body == first->response.body);
    CHECK(again->response.body["id"] == first->record.id);
    REQUIRE_FALSE(other.has_value());
    CHECK(other.error().code == "idempotency_mismatch");
    CHECK(fixture.case_count() == 1);
}

// --- deadlines
// -------------------------------------------------------------------------------------

CONTRACT("scheduling a deadline for a state replaces the pending one of that state") {
    Store fixture;
    app::Change first = opening();
    first.schedule_deadlines.push_back(deadline_for("pending_acceptance", "acceptance_overdue", 0));
    const app::Written created = create_case(fixture, first);
    const std::string id = created.record.id;
    REQUIRE(created.record.deadline.has_value());
    const std::string old_deadline = created.record.deadline->id;
    app::Change extend = change_of("extend", "pending_acceptance", "pending_acceptance", 1);
    extend.schedule_deadlines.push_back(
        deadline_for("pending_acceptance", "acceptance_overdue", 2));

    const app::Written written = apply_ok(fixture, id, 1, extend);

    REQUIRE(written.record.deadline.has_value());
    const std::string new_deadline = written.record.deadline->id;
    CHECK(new_deadline != old_deadline);
    CHECK(fixture.deadline_status(old_deadline) == "cancelled");
    CHECK(fixture.deadline_status(new_deadline) == "pending");
    auto pending = fixture.store.deadlines(id);
    REQUIRE(pending.has_value());
    REQUIRE(pending->size() == 1);
    CHECK((*pending)[0].id == new_deadline);
    check_same_case(find_ok(fixture, id), written.record);
}

CONTRACT("leaving a state with cancel_deadlines cancels its pending deadline") {
    Store fixture;
    app::Change first = opening();
    first.schedule_deadlines.push_back(deadline_for("pending_acceptance", "acceptance_overdue", 0));
    const app::Written created = create_case(fixture, first);
    const std::string id = created.record.id;
    app::Change accept = change_of("accept", "pending_acceptance", "investigating", 1);
    accept.cancel_deadlines.push_back("pending_acceptance");

    const app::Written written = apply_ok(fixture, id, 1, accept);

    CHECK_FALSE(written.record.deadline.has_value());
    CHECK(fixture.deadline_status(created.record.deadline->id) == "cancelled");
    auto pending = fixture.store.deadlines(id);
    REQUIRE(pending.has_value());
    CHECK(pending->empty());
    check_same_case(find_ok(fixture, id), written.record);
}

CONTRACT("leaving a state without cancel_deadlines keeps its deadline pending") {
    Store fixture;
    app::Change first = opening();
    first.schedule_deadlines.push_back(deadline_for("pending_acceptance", "acceptance_overdue", 0));
    const app::Written created = create_case(fixture, first);
    const std::string id = created.record.id;

    const app::Written written =
        apply_ok(fixture, id, 1, change_of("accept", "pending_acceptance", "investigating", 1));

    CHECK_FALSE(written.record.deadline.has_value());  // not the deadline of the new state
    CHECK(fixture.deadline_status(created.record.deadline->id) == "pending");
    auto pending = fixture.store.deadlines(id);
    REQUIRE(pending.has_value());
    CHECK(pending->size() == 1);
    check_same_case(find_ok(fixture, id), written.record);
}

CONTRACT("a fired deadline is marked fired and is no longer pending") {
    Store fixture;
    app::Change first = opening();
    first.schedule_deadlines.push_back(deadline_for("pending_acceptance", "acceptance_overdue", 0));
    const app::Written created = create_case(fixture, first);
    const std::string id = created.record.id;
    const std::string deadline = created.record.deadline->id;
    app::Change overdue =
        change_of("acceptance_overdue", "pending_acceptance", "pending_acceptance", 1);
    overdue.event.actor = "deadline-worker";
    overdue.event.role = "system";
    overdue.fired_deadline = deadline;

    const app::Written written = apply_ok(fixture, id, 1, overdue);

    CHECK_FALSE(written.record.deadline.has_value());  // same state, but its deadline fired
    CHECK(fixture.deadline_status(deadline) == "fired");
    auto pending = fixture.store.deadlines(id);
    REQUIRE(pending.has_value());
    CHECK(pending->empty());
    check_same_case(find_ok(fixture, id), written.record);
}

// --- what else a step writes ---------------------------------------------------------------------

CONTRACT("outbox rows and the party index are written with the step") {
    Store fixture;
    const std::string id = create_case(fixture).record.id;
    app::Change accept = change_of("accept", "pending_acceptance", "investigating", 1);
    accept.outbox.push_back({"notify", {{"to", "worker"}, {"template", "accepted"}}});
    accept.outbox.push_back({"ledger_posting", {{"fen", 2100000}}});
    accept.parties = std::vector<app::PartyRow>{{"complainant.id_number", std::string(64, 'b')},
                                                {"respondent.uscc", std::string(64, 'c')}};
    apply_ok(fixture, id, 1, accept);

    CHECK(fixture.outbox_count(id) == 2);
    CHECK(fixture.has_outbox(id, "notify", {{"to", "worker"}, {"template", "accepted"}}));
    CHECK(fixture.has_outbox(id, "ledger_posting", {{"fen", 2100000}}));
    CHECK(fixture.party_count(id) == 2);
    CHECK(fixture.has_party(id, "complainant.id_number", std::string(64, 'b')));

    apply_ok(fixture, id, 2, change_of("note", "investigating", "investigating", 2));
    CHECK(fixture.party_count(id) == 2);  // parties nullopt: the index is unchanged

    app::Change reindex = change_of("amend", "investigating", "investigating", 3);
    reindex.parties = std::vector<app::PartyRow>{{"complainant.id_number", std::string(64, 'd')}};
    apply_ok(fixture, id, 3, reindex);
    CHECK(fixture.party_count(id) == 1);
    CHECK(fixture.has_party(id, "complainant.id_number", std::string(64, 'd')));
    CHECK(fixture.outbox_count(id) == 2);
}

// --- concurrency -----------------------------------------------------------------------------

CONTRACT("of eight concurrent applies at one version exactly one wins, the rest are stale") {
    Store fixture;
    const std::string id = create_case(fixture).record.id;
    constexpr int kThreads = 8;
    std::vector<std::string> outcomes(kThreads);
    std::latch start(kThreads);
    std::vector<std::thread> threads;
    threads.reserve(kThreads);

    for (int i = 0; i < kThreads; ++i)
        threads.emplace_back([&, i] {
            app::Change accept = change_of("accept", "pending_acceptance", "investigating", 1);
            accept.event.actor = "inspector-" + std::to_string(i);
            start.arrive_and_wait();
            auto written = fixture.store.apply(id, 1, returning(accept), respond());
            outcomes[static_cast<std::size_t>(i)] = written ? "ok" : written.error().code;
        });
    for (auto& thread : threads) thread.join();

    CHECK(std::count(outcomes.begin(), outcomes.end(), "ok") == 1);
    CHECK(std::count(outcomes.begin(), outcomes.end(), "version_mismatch") == kThreads - 1);
    CHECK(history(fixture, id).size() == 2);
    CHECK(find_ok(fixture, id).version == 2);
}

}  // namespace
