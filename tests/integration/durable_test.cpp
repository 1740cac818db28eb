// Durable execution in one process: idempotency keys, conflicting events on one case, the
// deadline worker on a clock the test moves, the outbox relay and the inbox. A real server on a
// real socket over a fresh PostgreSQL database.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

#include "adapters/pg/database.hpp"
#include "adapters/pg/pg_work_queues.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/manual_clock.hpp"
#include "tests/support/running_server.hpp"
#include "tests/support/test_database.hpp"

using nlohmann::json;
using wg::test::eventually;
using wg::test::HttpClient;
using wg::test::ManualClock;
using wg::test::RunningServer;
using wg::test::TestDatabase;

namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

Headers as_role(const std::string& role, Headers more = {}) {
    Headers headers{{"X-Wageguard-Role", role}, {"X-Wageguard-Actor", "tester-" + role}};
    headers.insert(headers.end(), more.begin(), more.end());
    return headers;
}

const std::string kComplaint = R"({"workflow":"wage_complaint","region":"440111",
  "data":{"project":"白云区某住宅项目","claimants":30,"amount":"630000.00",
          "complainant":{"name":"张三","id_number":"11010519491231002X"}}})";

// 2026-11-02 09:00 China time (a Monday): five working days end on Friday 2026-11-06.
wg::rules::Instant monday_morning() { return *wg::rules::parse_instant("2026-11-02T01:00:00.000Z"); }

}  // namespace

TEST_CASE("a repeated Idempotency-Key returns the first response and changes nothing") {
    TestDatabase db;
    RunningServer server(wg::test::test_settings(db.dsn()));
    HttpClient client("127.0.0.1", server.port());

    auto first = client.request("POST", "/api/v1/cases", kComplaint, as_role("worker", {{"Idempotency-Key", "k-1"}}));
    REQUIRE(first.status == 201);
    auto again = client.request("POST", "/api/v1/cases", kComplaint, as_role("worker", {{"Idempotency-Key", "k-1"}}));
    CHECK(again.status == 201);
    CHECK(again.body == first.body);
    CHECK(again.headers["idempotent-replayed"] == "true");
    CHECK(db.scalar("SELECT count(*) FROM cases") == 1);

    SUBCASE("the same key with another body is 422, and nothing is written") {
        const std::string other = R"({"workflow":"wage_complaint","region":"440112"})";
        auto reused = client.request("POST", "/api/v1/cases", other, as_role("worker", {{"Idempotency-Key", "k-1"}}));
        CHECK(reused.status == 422);
        CHECK(json::parse(reused.body)["type"] == "urn:wageguard:problem:idempotency_mismatch");
        CHECK(db.scalar("SELECT count(*) FROM cases") == 1);
    }
    SUBCASE("an event repeated with its key is applied once") {
        const std::string id = json::parse(first.body)["id"];
        const std::string path = "/api/v1/cases/" + id + "/events";
        auto accept = client.request("POST", path, R"({"event":"accept"})", as_role("inspector", {{"Idempotency-Key", "a"}}));
        REQUIRE(accept.status == 200);
        auto repeat = client.request("POST", path, R"({"event":"accept"})", as_role("inspector", {{"Idempotency-Key", "a"}}));
        CHECK(repeat.status == 200);
        CHECK(repeat.body == accept.body);
        CHECK(db.scalar("SELECT count(*) FROM case_events WHERE case_id = '" + id + "'") == 2);
    }
    SUBCASE("keys are scoped by caller: another actor's same key is a new request") {
        auto other = client.request("POST", "/api/v1/cases", kComplaint,
                                    {{"X-Wageguard-Role", "worker"}, {"X-Wageguard-Actor", "someone-else"},
                                     {"Idempotency-Key", "k-1"}});
        CHECK(other.status == 201);
        CHECK(db.scalar("SELECT count(*) FROM cases") == 2);
    }
}

TEST_CASE("concurrent creates with one Idempotency-Key make one case") {
    TestDatabase db;
    RunningServer server(wg::test::test_settings(db.dsn()));
    std::vector<std::thread> threads;
    std::atomic<int> created{0};
    for (int i = 0; i < 6; ++i)
        threads.emplace_back([&] {
            HttpClient client("127.0.0.1", server.port());
            auto res = client.request("POST", "/api/v1/cases", kComplaint, as_role("worker", {{"Idempotency-Key", "same"}}));
            if (res.status == 201) ++created;
        });
    for (auto& thread : threads) thread.join();
    CHECK(created == 6);
    CHECK(db.scalar("SELECT count(*) FROM cases") == 1);
}

TEST_CASE("conflicting events on one case: exactly one wins per version") {
    TestDatabase db;
    RunningServer server(wg::test::test_settings(db.dsn()));
    HttpClient opener("127.0.0.1", server.port());
    auto created = opener.request("POST", "/api/v1/cases", kComplaint, as_role("worker"));
    REQUIRE(created.status == 201);
    const std::string id = json::parse(created.body)["id"];
    const std::string path = "/api/v1/cases/" + id + "/events";

    for (const bool with_if_match : {true, false}) {
        CAPTURE(with_if_match);
        const std::string body = with_if_match ? R"({"event":"accept"})"
                                               : R"({"event":"close_no_violation","data":{"reason":"paid"}})";
        const std::string version = with_if_match ? "\"1\"" : "\"2\"";
        std::atomic<int> won{0}, lost{0}, other{0};
        std::vector<std::thread> threads;
        for (int i = 0; i < 8; ++i)
            threads.emplace_back([&] {
                HttpClient client("127.0.0.1", server.port());
                Headers extra;
                if (with_if_match) extra.emplace_back("If-Match", version);
                auto res = client.request("POST", path, body, as_role("inspector", extra));
                if (res.status == 200) ++won;
                else if (res.status == 412 || res.status == 409) ++lost;  // stale version / no longer allowed
                else ++other;
            });
        for (auto& thread : threads) thread.join();
        CHECK(won == 1);
        CHECK(lost == 7);
        CHECK(other == 0);
    }
    CHECK(db.scalar("SELECT count(*) FROM case_events WHERE case_id = '" + id + "'") == 3);
    CHECK(db.scalar("SELECT version FROM cases WHERE id = '" + id + "'") == 3);
}

TEST_CASE("a due deadline fires once through the worker, with its lateness in /metrics") {
    TestDatabase db;
    ManualClock clock(monday_morning());
    auto settings = wg::test::test_settings(db.dsn());
    settings.worker_poll = std::chrono::milliseconds(200);
    RunningServer server(settings, true, &clock);
    HttpClient client("127.0.0.1", server.port());
    auto created = client.request("POST", "/api/v1/cases", kComplaint, as_role("worker"));
    REQUIRE(created.status == 201);
    const json view = json::parse(created.body);
    const std::string id = view["id"];
    REQUIRE(view["deadlines"].size() == 1);
    const auto due = *wg::rules::parse_instant(view["deadlines"][0]["due_at"].get<std::string>());
    const std::string in_case = " WHERE case_id = '" + id + "'";

    // Before it is due, nothing fires however often the worker wakes.
    clock.set(due - std::chrono::seconds(1));
    server.wake_workers();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    CHECK(db.scalar("SELECT count(*) FROM case_events" + in_case) == 1);

    clock.set(due + std::chrono::milliseconds(300));
    server.wake_workers();
    REQUIRE(eventually([&] { return db.scalar("SELECT count(*) FROM case_events" + in_case) == 2; }));
    CHECK(db.scalar("SELECT count(*) FROM case_events" + in_case + " AND event = 'acceptance_overdue' AND role = 'system'") == 1);
    CHECK(db.scalar("SELECT count(*) FROM deadlines" + in_case + " AND status = 'fired' AND fired_at IS NOT NULL") == 1);

    // The step's alert to the supervisor goes out through the outbox relay.
    CHECK(eventually([&] { return db.scalar("SELECT count(*) FROM outbox" + in_case + " AND kind = 'alert' AND status = 'done'") == 1; }));

    // Lateness is fired_at − due_at as the worker saw it: 0.3 s on this clock.
    auto metrics = client.request("GET", "/metrics");
    REQUIRE(metrics.status == 200);
    CHECK(metrics.body.find("wageguard_deadline_lateness_seconds_count 1") != std::string::npos);
    CHECK(metrics.body.find("wageguard_deadline_lateness_seconds_bucket{le=\"0.25\"} 0") != std::string::npos);
    CHECK(metrics.body.find("wageguard_deadline_lateness_seconds_bucket{le=\"0.5\"} 1") != std::string::npos);
    CHECK(metrics.body.find("wageguard_deadlines_fired_total 1") != std::string::npos);

    // More wake-ups fire nothing more.
    server.wake_workers();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    CHECK(db.scalar("SELECT count(*) FROM case_events" + in_case + " AND event = 'acceptance_overdue'") == 1);
}

TEST_CASE("leaving a state cancels its deadline, and a cancelled deadline never fires") {
    TestDatabase db;
    ManualClock clock(monday_morning());
    auto settings = wg::test::test_settings(db.dsn());
    settings.worker_poll = std::chrono::milliseconds(200);
    RunningServer server(settings, true, &clock);
    HttpClient client("127.0.0.1", server.port());
    auto created = client.request("POST", "/api/v1/cases", kComplaint, as_role("worker"));
    REQUIRE(created.status == 201);
    const std::string id = json::parse(created.body)["id"];
    auto accepted = client.request("POST", "/api/v1/cases/" + id + "/events", R"({"event":"accept"})", as_role("inspector"));
    REQUIRE(accepted.status == 200);
    const std::string in_case = " WHERE case_id = '" + id + "'";
    CHECK(db.scalar("SELECT count(*) FROM deadlines" + in_case + " AND state = 'pending_acceptance' AND status = 'cancelled'") == 1);
    CHECK(db.scalar("SELECT count(*) FROM deadlines" + in_case + " AND state = 'investigating' AND status = 'pending'") == 1);

    clock.advance(std::chrono::hours(24 * 10));  // past the five working days, not the sixty
    server.wake_workers();
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    CHECK(db.scalar("SELECT count(*) FROM case_events" + in_case) == 2);
}

TEST_CASE("the inbox keeps each message once, as received, and hands it out with a lease") {
    TestDatabase db;
    RunningServer server(wg::test::test_settings(db.dsn()));  // migrates
    wg::pg::Database database(db.dsn(), 2);
    wg::pg::PgItemQueue inbox(database, wg::pg::PgItemQueue::Table::inbox);
    const auto now = monday_morning();
    const std::string body = std::string("{\"raw\":\"bytes\"}\n\x01\xff", 18);

    CHECK(*inbox.receive("court", "msg-1", {{"webhook-id", "msg-1"}}, body, now) == wg::app::Received::stored);
    CHECK(*inbox.receive("court", "msg-1", {{"webhook-id", "msg-1"}}, "other", now) == wg::app::Received::duplicate);
    CHECK(*inbox.receive("platform", "msg-1", {}, "x", now) == wg::app::Received::stored);

    auto claimed = inbox.claim("node-a", {"court"}, now, std::chrono::seconds(30), 10);
    REQUIRE(claimed);
    REQUIRE(claimed->size() == 1);
    CHECK((*claimed)[0].id == "court/msg-1");
    CHECK((*claimed)[0].body == body);
    CHECK((*claimed)[0].attempts == 1);
    // Leased: another node gets nothing until the lease ends.
    CHECK(inbox.claim("node-b", {"court"}, now, std::chrono::seconds(30), 10)->empty());
    CHECK(inbox.claim("node-b", {"court"}, now + std::chrono::seconds(31), std::chrono::seconds(30), 10)->size() == 1);
    REQUIRE(inbox.complete("court/msg-1", now));
    CHECK(db.scalar("SELECT count(*) FROM inbox WHERE source = 'court' AND status = 'applied'") == 1);
    CHECK(inbox.claim("node-c", {"court"}, now + std::chrono::hours(1), std::chrono::seconds(30), 10)->empty());
}

TEST_CASE("an outbox row that keeps failing is retried with backoff, then dead-lettered") {
    TestDatabase db;
    RunningServer server(wg::test::test_settings(db.dsn()));
    HttpClient client("127.0.0.1", server.port());
    auto created = client.request("POST", "/api/v1/cases", kComplaint, as_role("worker"));
    REQUIRE(created.status == 201);
    const std::string id = json::parse(created.body)["id"];
    db.execute("INSERT INTO outbox (case_id, kind, payload, created_at, next_attempt_at) VALUES ('" + id +
               "', 'webhook_test', '{}', now(), now())");

    wg::pg::Database database(db.dsn(), 2);
    wg::pg::PgItemQueue outbox(database, wg::pg::PgItemQueue::Table::outbox);
    const auto now = wg::rules::Instant(std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now().time_since_epoch()));
    auto claimed = outbox.claim("node-a", {"webhook_test"}, now, std::chrono::seconds(30), 10);
    REQUIRE(claimed->size() == 1);
    const std::string row = (*claimed)[0].id;
    REQUIRE(outbox.retry(row, "connection refused", now + std::chrono::seconds(2)));
    CHECK(outbox.claim("node-a", {"webhook_test"}, now + std::chrono::seconds(1), std::chrono::seconds(30), 10)->empty());
    auto again = outbox.claim("node-a", {"webhook_test"}, now + std::chrono::seconds(3), std::chrono::seconds(30), 10);
    REQUIRE(again->size() == 1);
    CHECK((*again)[0].attempts == 2);
    REQUIRE(outbox.dead(row, "gave up", now + std::chrono::seconds(3)));
    CHECK(db.scalar("SELECT count(*) FROM outbox WHERE id = '" + row + "' AND status = 'dead' AND last_error = 'gave up'") == 1);
    CHECK(outbox.claim("node-a", {"webhook_test"}, now + std::chrono::hours(2), std::chrono::seconds(30), 10)->empty());
}
