// The walking skeleton end to end: a real server on a real socket, backed by a fresh
// PostgreSQL database, driven over HTTP.
#include <algorithm>
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <set>

#include "tests/support/http_client.hpp"
#include "tests/support/running_server.hpp"
#include "tests/support/test_database.hpp"

using nlohmann::json;
using wg::test::HttpClient;
using wg::test::HttpResult;
using wg::test::RunningServer;
using wg::test::TestDatabase;

namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

Headers as_role(const std::string& role) {
    return {{"X-Wageguard-Role", role}, {"X-Wageguard-Actor", "tester-" + role}};
}

const std::string kComplaint = R"({"workflow":"wage_complaint","region":"440111",
  "data":{"project":"白云区某住宅项目","claimants":30,"amount":"630000.00"}})";

json open_case(HttpClient& client) {
    auto created = client.request("POST", "/api/v1/cases", kComplaint, as_role("worker"));
    REQUIRE(created.status == 201);
    return json::parse(created.body);
}

Headers with(Headers headers, const std::string& name, const std::string& value) {
    headers.emplace_back(name, value);
    return headers;
}

}  // namespace

TEST_CASE("health answers without touching the database") {
    TestDatabase db;
    RunningServer server(wg::test::test_settings(db.dsn()));
    HttpClient client("127.0.0.1", server.port());
    auto health = client.request("GET", "/healthz");
    CHECK(health.status == 200);
    CHECK(json::parse(health.body)["status"] == "ok");
    CHECK_FALSE(health.headers["x-request-id"].empty());
}

TEST_CASE("readiness is 200 when the database answers") {
    TestDatabase db;
    RunningServer server(wg::test::test_settings(db.dsn()));
    HttpClient client("127.0.0.1", server.port());
    CHECK(client.request("GET", "/readyz").status == 200);
}

TEST_CASE("a case is opened, moved by an event and read back, with its rows in PostgreSQL") {
    TestDatabase db;
    RunningServer server(wg::test::test_settings(db.dsn()));
    HttpClient client("127.0.0.1", server.port());

    auto created = client.request("POST", "/api/v1/cases", kComplaint, as_role("worker"));
    REQUIRE(created.status == 201);
    const json opened = json::parse(created.body);
    const std::string id = opened["id"];
    CHECK(opened["state"] == "pending_acceptance");
    CHECK(opened["state_label"]["zh"] == "待受理");
    CHECK(opened["version"] == 1);
    CHECK(created.headers["etag"] == "\"1\"");
    CHECK(created.headers["location"] == "/api/v1/cases/" + id);
    CHECK(db.scalar("SELECT count(*) FROM cases WHERE id = '" + id + "'") == 1);

    auto fired = client.request("POST", "/api/v1/cases/" + id + "/events", R"({"event":"accept"})", as_role("inspector"));
    REQUIRE(fired.status == 200);
    const json accepted = json::parse(fired.body);
    CHECK(accepted["state"] == "investigating");
    CHECK(accepted["version"] == 2);

    auto read = client.request("GET", "/api/v1/cases/" + id, "", as_role("inspector"));
    REQUIRE(read.status == 200);
    const json view = json::parse(read.body);
    CHECK(view["state"] == "investigating");
    CHECK(view["data"]["amount"] == "630000.00");
    CHECK(view["allowed_events"] == json::array({"order_payment", "close_no_violation"}));
    CHECK(view["owner_role"] == "inspector");

    auto page = client.request("GET", "/api/v1/cases/" + id + "/events", "", as_role("inspector"));
    REQUIRE(page.status == 200);
    const json history = json::parse(page.body)["events"];
    REQUIRE(history.size() == 2);
    CHECK(history[0]["event"] == "opened");
    CHECK(history[0]["seq"] == 1);
    CHECK(history[1]["event"] == "accept");
    CHECK(history[1]["actor"] == "tester-inspector");
    CHECK(history[1]["prev_hash"] == history[0]["hash"]);
    CHECK(view["head"]["seq"] == 2);
    CHECK(view["head"]["hash"] == history[1]["hash"]);
    CHECK(json::parse(page.body)["next_after"].is_null());

    auto second = client.request("GET", "/api/v1/cases/" + id + "/events?after=1&limit=1", "", as_role("inspector"));
    REQUIRE(second.status == 200);
    CHECK(json::parse(second.body)["events"][0]["seq"] == 2);
    CHECK(client.request("GET", "/api/v1/cases/" + id + "/events?limit=0", "", as_role("inspector")).status == 422);

    CHECK(db.scalar("SELECT count(*) FROM case_events WHERE case_id = '" + id + "'") == 2);
    CHECK(db.scalar("SELECT count(*) FROM cases WHERE id = '" + id + "' AND state = 'investigating' AND version = 2") == 1);
}

TEST_CASE("a refused event changes nothing and says why as problem+json") {
    TestDatabase db;
    RunningServer server(wg::test::test_settings(db.dsn()));
    HttpClient client("127.0.0.1", server.port());
    const std::string id = open_case(client)["id"];
    const std::string events = "/api/v1/cases/" + id + "/events";

    SUBCASE("an event the state does not handle is 409") {
        auto res = client.request("POST", events, R"({"event":"payment_recorded","data":{"paid_amount":"1.00"}})",
                                  as_role("inspector"));
        CHECK(res.status == 409);
        CHECK(res.headers["content-type"] == "application/problem+json");
        CHECK(json::parse(res.body)["type"] == "urn:wageguard:problem:not_allowed_in_state");
    }
    SUBCASE("a role the transition does not name is 403") {
        auto res = client.request("POST", events, R"({"event":"accept"})", as_role("worker"));
        CHECK(res.status == 403);
    }
    SUBCASE("a missing required field is 422 with its field path") {
        auto res = client.request("POST", events, R"({"event":"refuse"})", as_role("inspector"));
        CHECK(res.status == 422);
        const json problem = json::parse(res.body);
        REQUIRE(problem["errors"].size() == 1);
        CHECK(problem["errors"][0]["field"] == "data.reason");
        CHECK(problem["errors"][0]["code"] == "required");
    }
    SUBCASE("a stale If-Match is 412") {
        auto res = client.request("POST", events, R"({"event":"accept"})", with(as_role("inspector"), "If-Match", "\"7\""));
        CHECK(res.status == 412);
    }
    CHECK(db.scalar("SELECT count(*) FROM case_events WHERE case_id = '" + id + "'") == 1);
    CHECK(db.scalar("SELECT version FROM cases WHERE id = '" + id + "'") == 1);
}

TEST_CASE("bad requests get field-level problem+json and create nothing") {
    TestDatabase db;
    RunningServer server(wg::test::test_settings(db.dsn()));
    HttpClient client("127.0.0.1", server.port());

    SUBCASE("invalid fields are listed together") {
        auto res = client.request("POST", "/api/v1/cases", R"({"region":"44","data":[],"extra":1})", as_role("worker"));
        CHECK(res.status == 422);
        const json problem = json::parse(res.body);
        std::set<std::string> fields;
        for (const auto& error : problem["errors"]) fields.insert(error["field"].get<std::string>());
        CHECK(fields == std::set<std::string>{"workflow", "region", "data", "extra"});
    }
    SUBCASE("malformed JSON is 400") {
        CHECK(client.request("POST", "/api/v1/cases", "{not json", as_role("worker")).status == 400);
    }
    SUBCASE("a body that is not JSON is 415") {
        auto headers = with(as_role("worker"), "Content-Type", "text/plain");
        CHECK(client.request("POST", "/api/v1/cases", "hello", headers).status == 415);
    }
    SUBCASE("an unknown workflow is 422") {
        CHECK(client.request("POST", "/api/v1/cases", R"({"workflow":"nope"})", as_role("worker")).status == 422);
    }
    SUBCASE("no stated role is 401") {
        CHECK(client.request("POST", "/api/v1/cases", kComplaint).status == 401);
    }
    SUBCASE("an unknown case is 404, a malformed id too") {
        CHECK(client.request("GET", "/api/v1/cases/00000000-0000-0000-0000-000000000000", "", as_role("inspector")).status == 404);
        CHECK(client.request("GET", "/api/v1/cases/x'--", "", as_role("inspector")).status == 404);
    }
    SUBCASE("an unknown path is 404 and a wrong method 405") {
        CHECK(client.request("GET", "/nowhere").status == 404);
        CHECK(client.request("DELETE", "/healthz").status == 405);
    }
    CHECK(db.scalar("SELECT count(*) FROM cases") == 0);
}

TEST_CASE("one connection carries several requests (keep-alive)") {
    TestDatabase db;
    RunningServer server(wg::test::test_settings(db.dsn()));
    HttpClient client("127.0.0.1", server.port());
    for (int i = 0; i < 5; ++i) {
        auto res = client.request("GET", "/healthz");
        CHECK(res.status == 200);
        CHECK_FALSE(res.connection_closed);
    }
}

TEST_CASE("a body over the limit is refused with 413 before it is read") {
    TestDatabase db;
    auto settings = wg::test::test_settings(db.dsn());
    settings.http_body_limit = 1024;
    RunningServer server(settings);
    HttpClient client("127.0.0.1", server.port());
    const std::string big(64 * 1024, 'x');
    auto res = client.request("POST", "/api/v1/cases", big, as_role("worker"));
    CHECK(res.status == 413);
    CHECK(res.connection_closed);
    CHECK(db.scalar("SELECT count(*) FROM cases") == 0);
}

TEST_CASE("without a database the server still starts, and answers 503") {
    const std::string dead_dsn = "host=127.0.0.1 port=1 user=postgres dbname=postgres connect_timeout=1";
    RunningServer server(wg::test::test_settings(dead_dsn), /*migrate=*/false);
    HttpClient client("127.0.0.1", server.port());
    CHECK(client.request("GET", "/healthz").status == 200);
    auto ready = client.request("GET", "/readyz");
    CHECK(ready.status == 503);
    CHECK(ready.headers["content-type"] == "application/problem+json");
    auto open = client.request("POST", "/api/v1/cases", kComplaint, as_role("worker"));
    CHECK(open.status == 503);
    CHECK(json::parse(open.body)["type"] == "urn:wageguard:problem:database_unavailable");
}

TEST_CASE("a graceful stop lets the server return") {
    TestDatabase db;
    RunningServer server(wg::test::test_settings(db.dsn()));
    HttpClient idle("127.0.0.1", server.port());
    CHECK(idle.request("GET", "/healthz").status == 200);  // leaves an idle keep-alive connection
    server.stop();                                           // must not wait for the idle client
    CHECK_THROWS(HttpClient("127.0.0.1", server.port()).request("GET", "/healthz"));
}

TEST_CASE("workflows are listed and drawn, with a case's path over the diagram") {
    TestDatabase db;
    RunningServer server(wg::test::test_settings(db.dsn()));
    HttpClient client("127.0.0.1", server.port());
    auto listed = client.request("GET", "/api/v1/workflows", "", as_role("inspector"));
    REQUIRE(listed.status == 200);
    const json workflows = json::parse(listed.body);
    CHECK(std::any_of(workflows.begin(), workflows.end(), [](const json& w) { return w["name"] == "wage_complaint"; }));

    const std::string id = open_case(client)["id"];
    REQUIRE(client.request("POST", "/api/v1/cases/" + id + "/events", R"({"event":"accept"})", as_role("inspector")).status == 200);

    auto dot = client.request("GET", "/api/v1/workflows/wage_complaint/diagram?case=" + id, "", as_role("inspector"));
    REQUIRE(dot.status == 200);
    CHECK(dot.headers["content-type"].rfind("text/vnd.graphviz", 0) == 0);
    CHECK(dot.body.find("\"investigating\" [label=\"调查中\\nInvestigating\\nowner: inspector\\n● current\"") != std::string::npos);

    auto mermaid = client.request("GET", "/api/v1/workflows/wage_complaint/diagram?format=mermaid", "", as_role("inspector"));
    REQUIRE(mermaid.status == 200);
    CHECK(mermaid.body.find("\nflowchart") != std::string::npos);

    auto svg = client.request("GET", "/api/v1/workflows/wage_complaint/diagram?format=svg", "", as_role("inspector"));
    REQUIRE(svg.status == 200);  // graphviz is in scripts/deps.sh
    CHECK(svg.headers["content-type"] == "image/svg+xml");
    CHECK(svg.body.find("<svg") != std::string::npos);

    CHECK(client.request("GET", "/api/v1/workflows/wage_complaint/diagram?format=png", "", as_role("inspector")).status == 400);
    CHECK(client.request("GET", "/api/v1/workflows/nope/diagram", "", as_role("inspector")).status == 404);
}

TEST_CASE("a case reports its running deadline with its legal basis and explanation") {
    TestDatabase db;
    RunningServer server(wg::test::test_settings(db.dsn()));
    HttpClient client("127.0.0.1", server.port());
    const json opened = open_case(client);
    REQUIRE(opened["deadlines"].size() == 1);
    const json deadline = opened["deadlines"][0];
    CHECK(deadline["fires"] == "acceptance_overdue");
    CHECK(deadline["basis"] == "D1");
    CHECK(deadline["explanation"]["en"].get<std::string>().find("5 working days") != std::string::npos);
    const std::string id = opened["id"];
    CHECK(db.scalar("SELECT count(*) FROM deadlines WHERE case_id = '" + id + "' AND status = 'pending'") == 1);
    REQUIRE(client.request("POST", "/api/v1/cases/" + id + "/events", R"({"event":"accept"})", as_role("inspector")).status == 200);
    CHECK(db.scalar("SELECT count(*) FROM deadlines WHERE case_id = '" + id + "' AND status = 'cancelled' AND state = 'pending_acceptance'") == 1);
    CHECK(db.scalar("SELECT count(*) FROM deadlines WHERE case_id = '" + id + "' AND status = 'pending' AND state = 'investigating' AND fires = 'investigation_overdue'") == 1);
}
