// The case cache of PgCaseStore (pg_case_cache.hpp): a node decides on the case as it last
// knew it and the database refuses the write when the case has moved, so a stale copy can slow
// a step down but never change its outcome. "Nodes" here are two PgCaseStores, each with its
// own pool and cache, on one fresh PostgreSQL database — what two `wageguard serve` processes
// are to each other.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <latch>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "adapters/app/audit_chain.hpp"
#include "adapters/pg/database.hpp"
#include "adapters/pg/migrations.hpp"
#include "adapters/pg/pg_audit.hpp"
#include "adapters/pg/pg_case_cache.hpp"
#include "adapters/pg/pg_case_store.hpp"
#include "tests/support/case_fields.hpp"
#include "tests/support/test_database.hpp"

using namespace wg;
using app::Json;

namespace {

const rules::Instant kOpened = *rules::parse_instant("2025-09-15T09:30:00.000Z");

app::CaseRecord record(const std::string& id, std::int64_t version) {
    app::CaseRecord out;
    out.id = id;
    out.version = version;
    out.state = "v" + std::to_string(version);
    return out;
}

app::CaseRecord case_fields() { return test::case_fields(kOpened); }

// The event `event` taking the case from wherever it is to `to`, with the case's data counting
// the steps: a decision that depends on the case as the store hands it over.
app::Change step_to(const app::CaseRecord& current, const std::string& event, const std::string& to) {
    app::Change change;
    change.event.event = event;
    change.event.actor = "inspector-7";
    change.event.role = "inspector";
    change.event.from_state = current.state;
    change.event.to_state = to;
    change.event.payload = {{"seen_version", current.version}};
    change.event.occurred_at = kOpened + std::chrono::minutes(current.version);
    change.to_state = to;
    change.owner_role = "inspector";
    change.data = current.data;
    change.data["steps"] = current.data.value("steps", 0) + 1;
    return change;
}

app::Change opening() {
    app::CaseRecord none;
    app::Change change = step_to(none, "submit", "pending_acceptance");
    change.event.from_state.reset();
    change.data = {{"steps", 0}};
    return change;
}

// `accept` is allowed only from pending_acceptance; elsewhere it is refused, as a workflow would.
app::Decide accept() {
    return [](const app::CaseRecord& current) -> Expected<app::Change> {
        if (current.state != "pending_acceptance")
            return fail("not_allowed_in_state", "accept is not allowed in state " + current.state);
        return step_to(current, "accept", "investigating");
    };
}

// Flips between two states: the next state depends on the current one.
app::Decide toggle() {
    return [](const app::CaseRecord& current) -> Expected<app::Change> {
        return step_to(current, "toggle", current.state == "a" ? "b" : "a");
    };
}

app::Respond respond() {
    return {200, [](const app::CaseRecord& r) { return Json{{"version", r.version}}; }, std::nullopt};
}

// One node: its own sessions and its own cache.
struct Node {
    explicit Node(const std::string& dsn) : database(dsn, 4), store(database) {}
    pg::Database database;
    pg::PgCaseStore store;
};

struct Cluster {
    test::TestDatabase db;
    Node a{db.dsn()};
    Node b{db.dsn()};

    Cluster() {
        auto migrated = pg::migrate(a.database, pg::embedded_migrations());
        if (!migrated) throw std::runtime_error("migrations failed: " + migrated.error().message);
    }

    std::string create(app::Change first = opening()) {
        auto written = a.store.create(case_fields(), std::move(first), respond());
        if (!written) throw std::runtime_error("create failed: " + written.error().to_string());
        return written->record.id;
    }

    long long version(const std::string& id) const {
        return db.scalar("SELECT version FROM cases WHERE id = '" + id + "'::uuid");
    }
};

// The chain as stored verifies, and each event leaves from the state the one before reached.
void check_chain(pg::Database& database, const std::string& id, std::size_t events) {
    pg::PgAudit audit(database);
    auto chain = audit.chain(id);
    REQUIRE(chain.has_value());
    CHECK(chain->events.size() == events);
    CHECK_FALSE(app::verify_chain(chain->head, chain->events).has_value());
    for (std::size_t i = 1; i < chain->events.size(); ++i)
        CHECK(chain->events[i].from_state == chain->events[i - 1].to_state);
}

}  // namespace

TEST_CASE("case cache: keeps the newer version of a case and lets the least recently used go") {
    pg::CaseCache cache(2);
    cache.put(record("one", 3));
    cache.put(record("one", 2));  // an older read arriving late changes nothing
    REQUIRE(cache.get("one") != nullptr);
    CHECK(cache.get("one")->version == 3);
    cache.put(record("two", 1));
    CHECK(cache.get("one") != nullptr);  // "one" is now the most recently used
    cache.put(record("three", 1));       // so "two" leaves
    CHECK(cache.get("two") == nullptr);
    CHECK(cache.get("one") != nullptr);
    CHECK(cache.get("three") != nullptr);
    cache.erase("one");
    CHECK(cache.get("one") == nullptr);
    const auto counts = cache.counts();
    CHECK(counts.size == 1);
    CHECK(counts.hits == 5);
    CHECK(counts.misses == 2);
}

TEST_CASE("case cache: a case with outsized data is not kept") {
    pg::CaseCache cache(10);
    app::CaseRecord small = record("one", 1);
    small.data = {{"note", std::string(100, 'x')}};
    cache.put(small);
    REQUIRE(cache.get("one") != nullptr);
    app::CaseRecord outsized = record("one", 2);
    outsized.data = {{"note", std::string(pg::CaseCache::kMaxDataBytes, 'x')}};
    cache.put(outsized);
    CHECK(cache.get("one") == nullptr);  // the older copy is gone too
}

TEST_CASE("case cache: capacity 0 keeps nothing") {
    pg::CaseCache cache(0);
    cache.put(record("one", 1));
    CHECK(cache.get("one") == nullptr);
    CHECK(cache.counts().size == 0);
}

TEST_CASE("case cache: a step on a case this node knows is written from its copy") {
    Cluster cluster;
    const std::string id = cluster.create();

    auto written = cluster.a.store.apply(id, std::nullopt, accept(), respond());

    REQUIRE(written.has_value());
    CHECK(written->record.state == "investigating");
    CHECK(written->record.version == 2);
    CHECK(cluster.a.store.cache_counts().hits == 1);
    CHECK(cluster.a.store.cache_counts().stale == 0);
    CHECK(cluster.version(id) == 2);
    check_chain(cluster.a.database, id, 2);
}

TEST_CASE("case cache: a case this node has not seen is read under lock, written, then known") {
    Cluster cluster;
    auto created = cluster.b.store.create(case_fields(), opening(), respond());  // node a never saw it
    REQUIRE(created.has_value());
    const std::string id = created->record.id;

    auto written = cluster.a.store.apply(id, std::nullopt, accept(), respond());

    REQUIRE(written.has_value());
    CHECK(written->record.state == "investigating");
    CHECK(cluster.a.store.cache_counts().misses == 1);
    CHECK(cluster.a.store.cache_counts().stale == 0);
    CHECK(cluster.version(id) == 2);
    check_chain(cluster.a.database, id, 2);
    REQUIRE(cluster.a.store.apply(id, std::nullopt, toggle(), respond()).has_value());
    CHECK(cluster.a.store.cache_counts().hits == 1);
    auto unknown = cluster.a.store.apply("7d444840-9dc0-11d1-b245-5ffdce74fad2", std::nullopt, accept(), respond());
    REQUIRE_FALSE(unknown.has_value());
    CHECK(unknown.error().code == "not_found");
}

TEST_CASE("case cache: a case another node moved is decided again on the case as it is") {
    Cluster cluster;
    const std::string id = cluster.create();  // node a knows it at version 1, state pending_acceptance
    REQUIRE(cluster.b.store.apply(id, std::nullopt, toggle(), respond()).has_value());  // now "a", version 2

    auto written = cluster.a.store.apply(id, std::nullopt, toggle(), respond());

    REQUIRE(written.has_value());
    CHECK(written->record.version == 3);
    CHECK(written->record.state == "b");  // decided on "a", not on the stale pending_acceptance
    CHECK(written->record.data["steps"] == 2);
    CHECK(cluster.a.store.cache_counts().stale == 1);
    check_chain(cluster.a.database, id, 3);
    // The copy node a keeps now is the case as written: the next step is one statement again.
    REQUIRE(cluster.a.store.apply(id, std::nullopt, toggle(), respond()).has_value());
    CHECK(cluster.a.store.cache_counts().stale == 1);
    CHECK(cluster.version(id) == 4);
}

TEST_CASE("case cache: a refusal decided on a stale copy is checked on the case as it is") {
    Cluster cluster;
    app::Change first = opening();
    first.to_state = first.event.to_state = "registered";
    const std::string id = cluster.create(first);  // node a knows it in "registered"
    auto to_pending = [](const app::CaseRecord& current) -> Expected<app::Change> {
        return step_to(current, "register", "pending_acceptance");
    };
    REQUIRE(cluster.b.store.apply(id, std::nullopt, to_pending, respond()).has_value());

    auto written = cluster.a.store.apply(id, std::nullopt, accept(), respond());

    REQUIRE(written.has_value());  // refused on the copy, allowed on the case
    CHECK(written->record.state == "investigating");
    auto again = cluster.a.store.apply(id, std::nullopt, accept(), respond());
    REQUIRE_FALSE(again.has_value());  // and a refusal that holds on the case stands
    CHECK(again.error().code == "not_allowed_in_state");
    CHECK(cluster.version(id) == 3);
}

TEST_CASE("case cache: If-Match is checked against the database, not against this node's copy") {
    Cluster cluster;
    const std::string id = cluster.create();
    REQUIRE(cluster.b.store.apply(id, std::nullopt, toggle(), respond()).has_value());  // version 2

    auto stale = cluster.a.store.apply(id, 1, toggle(), respond());
    auto current = cluster.a.store.apply(id, 2, toggle(), respond());

    REQUIRE_FALSE(stale.has_value());
    CHECK(stale.error().code == "version_mismatch");
    REQUIRE(current.has_value());
    CHECK(current->record.version == 3);
    CHECK(cluster.version(id) == 3);
}

TEST_CASE("case cache: a deadline dead-lettered behind the copy is not fired from it") {
    Cluster cluster;
    app::Change first = opening();
    app::DeadlineRow deadline;
    deadline.state = "pending_acceptance";
    deadline.fires = "acceptance_overdue";
    deadline.due_at = kOpened + std::chrono::hours(24 * 7);
    deadline.basis = "劳动保障监察条例 第十四条";
    deadline.explanation_zh = "5个工作日内决定是否受理";
    deadline.explanation_en = "decide on acceptance within 5 working days";
    first.schedule_deadlines.push_back(deadline);
    auto created = cluster.a.store.create(case_fields(), first, respond());
    REQUIRE(created.has_value());
    REQUIRE(created->record.deadline.has_value());
    const std::string id = created->record.id, deadline_id = created->record.deadline->id;
    // What the deadline worker does after its last attempt: no step, so no new version.
    cluster.db.execute("UPDATE deadlines SET status = 'failed', closed_at = now() WHERE id = '" + deadline_id +
                       "'::uuid");
    auto fire = [&](const app::CaseRecord& current) -> Expected<app::Change> {
        if (!current.deadline || current.deadline->id != deadline_id)
            return fail("deadline_gone", "deadline " + deadline_id + " is no longer pending");
        app::Change change = step_to(current, "acceptance_overdue", "overdue");
        change.fired_deadline = deadline_id;
        return change;
    };

    auto fired = cluster.a.store.apply(id, std::nullopt, fire, respond());

    REQUIRE_FALSE(fired.has_value());
    CHECK(fired.error().code == "deadline_gone");
    CHECK(cluster.a.store.cache_counts().stale == 1);
    CHECK(cluster.version(id) == 1);
    CHECK(cluster.db.scalar("SELECT count(*) FROM deadlines WHERE status = 'failed'") == 1);
}

TEST_CASE("case cache: two nodes stepping one case at once lose no step and keep one chain") {
    Cluster cluster;
    app::Change first = opening();
    first.to_state = first.event.to_state = "a";
    const std::string id = cluster.create(first);
    REQUIRE(cluster.b.store.find(id).has_value());  // both nodes know the case
    constexpr int kThreadsPerNode = 3, kSteps = 40;
    std::latch start(2 * kThreadsPerNode);
    std::vector<std::thread> threads;
    std::vector<int> failures(2 * kThreadsPerNode, 0);
    for (int t = 0; t < 2 * kThreadsPerNode; ++t)
        threads.emplace_back([&, t] {
            pg::PgCaseStore& store = t % 2 == 0 ? cluster.a.store : cluster.b.store;
            start.arrive_and_wait();
            for (int i = 0; i < kSteps; ++i)
                if (!store.apply(id, std::nullopt, toggle(), respond())) ++failures[static_cast<std::size_t>(t)];
        });
    for (auto& thread : threads) thread.join();

    for (int failed : failures) CHECK(failed == 0);
    const int steps = 2 * kThreadsPerNode * kSteps;
    CHECK(cluster.version(id) == 1 + steps);
    CHECK(cluster.db.scalar("SELECT (data ->> 'steps')::int FROM cases WHERE id = '" + id + "'::uuid") == steps);
    check_chain(cluster.a.database, id, static_cast<std::size_t>(1 + steps));
    // Each node's copies went stale whenever the other (or a sibling thread) wrote first.
    CHECK(cluster.a.store.cache_counts().stale + cluster.b.store.cache_counts().stale > 0);
}
