// Tokens, roles and regions over real HTTP (DESIGN.md §7): a server with identity headers off,
// tokens made through the token store (and the CLI), cases in two cities.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "adapters/pg/database.hpp"
#include "adapters/pg/pg_token_store.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/running_server.hpp"
#include "tests/support/test_database.hpp"

using nlohmann::json;
using wg::test::HttpClient;
using wg::test::RunningServer;
using wg::test::TestDatabase;

namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

Headers bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

std::string complaint(const std::string& region) {
    return R"({"workflow":"wage_complaint","region":")" + region +
           R"(","data":{"project":"某项目","claimants":3,"amount":"12000.00"}})";
}

// A server that accepts tokens only, its database, and tokens for each kind of holder.
struct Office {
    TestDatabase db;
    std::unique_ptr<RunningServer> server;
    std::unique_ptr<wg::pg::Database> database;
    std::unique_ptr<wg::pg::PgTokenStore> tokens;

    Office() {
        auto settings = wg::test::test_settings(db.dsn());
        settings.auth_header_identity = false;
        settings.auth_token_cache = std::chrono::seconds(0);  // revocations visible at once
        server = std::make_unique<RunningServer>(settings);
        database = std::make_unique<wg::pg::Database>(db.dsn(), 1);
        tokens = std::make_unique<wg::pg::PgTokenStore>(*database);
    }

    std::string token(const std::string& name, const std::string& role, const std::string& region = "") {
        auto created = tokens->create(name, role, region, wg::rules::Instant{});
        REQUIRE(created.has_value());
        return created->second;
    }
};

}  // namespace

TEST_CASE("without a valid token every API route is 401 with a Bearer challenge, the probes stay open") {
    Office office;
    HttpClient client("127.0.0.1", office.server->port());
    const std::string some_case = "/api/v1/cases/00000000-0000-4000-8000-000000000001";
    const std::vector<std::pair<std::string, std::string>> routes{
        {"GET", "/api/v1/cases"},           {"POST", "/api/v1/cases"},
        {"GET", some_case},                 {"GET", some_case + "/events"},
        {"POST", some_case + "/events"},    {"GET", "/api/v1/workflows"},
        {"GET", "/api/v1/workflows/wage_complaint"}, {"GET", "/api/v1/workflows/wage_complaint/diagram"}};
    for (const auto& [method, path] : routes) {
        CAPTURE(method);
        CAPTURE(path);
        for (const Headers& headers : {Headers{}, bearer("wgt_not-a-token"), Headers{{"Authorization", "Basic eA=="}},
                                       Headers{{"X-Wageguard-Role", "admin"}}}) {
            auto res = client.request(method, path, method == "POST" ? "{}" : "", headers);
            CHECK(res.status == 401);
            CHECK(res.headers["www-authenticate"] == "Bearer realm=\"wageguard\"");
        }
    }
    CHECK(client.request("GET", "/healthz").status == 200);
    CHECK(client.request("GET", "/readyz").status == 200);
    CHECK(client.request("GET", "/metrics").status == 200);
}

TEST_CASE("inspectors see and act only within their region, a case outside it is a 404") {
    Office office;
    HttpClient client("127.0.0.1", office.server->port());
    const std::string baiyun = office.token("insp-0417", "inspector", "440111");      // 广州市白云区
    const std::string futian = office.token("insp-0833", "inspector", "440304");      // 深圳市福田区
    const std::string guangzhou = office.token("sup-0021", "supervisor", "440100");   // 广州市
    const std::string province = office.token("admin-01", "admin");

    auto opened = client.request("POST", "/api/v1/cases", complaint("440111"), bearer(baiyun));
    REQUIRE(opened.status == 201);
    const std::string mine = json::parse(opened.body)["id"];
    auto theirs_res = client.request("POST", "/api/v1/cases", complaint("440304"), bearer(futian));
    REQUIRE(theirs_res.status == 201);
    const std::string theirs = json::parse(theirs_res.body)["id"];

    // A district inspector files in its district by default, and cannot file elsewhere.
    auto defaulted = client.request("POST", "/api/v1/cases", R"({"workflow":"wage_complaint"})", bearer(baiyun));
    REQUIRE(defaulted.status == 201);
    CHECK(json::parse(defaulted.body)["region"] == "440111");
    CHECK(client.request("POST", "/api/v1/cases", complaint("440304"), bearer(baiyun)).status == 403);

    for (const std::string& path : {"/api/v1/cases/" + theirs, "/api/v1/cases/" + theirs + "/events",
                                    "/api/v1/workflows/wage_complaint/diagram?format=dot&case=" + theirs}) {
        CAPTURE(path);
        CHECK(client.request("GET", path, "", bearer(baiyun)).status == 404);
        CHECK(client.request("GET", path, "", bearer(guangzhou)).status == 404);  // Shenzhen is not Guangzhou
        CHECK(client.request("GET", path, "", bearer(futian)).status == 200);
        CHECK(client.request("GET", path, "", bearer(province)).status == 200);
    }
    CHECK(client.request("GET", "/api/v1/cases/" + mine, "", bearer(guangzhou)).status == 200);  // city covers district
    auto moved = client.request("POST", "/api/v1/cases/" + theirs + "/events", R"({"event":"accept"})", bearer(baiyun));
    CHECK(moved.status == 404);
    CHECK(office.db.scalar("SELECT version FROM cases WHERE id = '" + theirs + "'") == 1);

    auto listed = json::parse(client.request("GET", "/api/v1/cases", "", bearer(baiyun)).body);
    CHECK(listed["items"].size() == 2);
    for (const auto& item : listed["items"]) CHECK(item["region"] == "440111");
    // Asking for another region's cases by filter finds nothing rather than leaking them.
    CHECK(json::parse(client.request("GET", "/api/v1/cases?region=440304", "", bearer(baiyun)).body)["items"].empty());
    CHECK(json::parse(client.request("GET", "/api/v1/cases", "", bearer(province)).body)["items"].size() == 3);
}

TEST_CASE("each transition is allowed only to the roles its workflow names, and records who acted") {
    Office office;
    HttpClient client("127.0.0.1", office.server->port());
    const std::string inspector = office.token("insp-0417", "inspector", "440111");
    const std::string supervisor = office.token("sup-0021", "supervisor", "440100");
    const std::string court = office.token("court-bys", "court");
    const std::string registry = office.token("bank-icbc", "registry");

    auto opened = client.request("POST", "/api/v1/cases", complaint("440111"), bearer(inspector));
    REQUIRE(opened.status == 201);
    const std::string id = json::parse(opened.body)["id"];
    const std::string events = "/api/v1/cases/" + id + "/events";
    // wage_complaint: accept is the inspector's (D1); the supervisor and the court may not.
    CHECK(client.request("POST", events, R"({"event":"accept"})", bearer(supervisor)).status == 403);
    CHECK(client.request("POST", events, R"({"event":"accept"})", bearer(court)).status == 403);
    // The registry role reaches the registries, never cases.
    CHECK(client.request("GET", "/api/v1/cases/" + id, "", bearer(registry)).status == 403);
    CHECK(client.request("GET", "/api/v1/cases", "", bearer(registry)).status == 403);
    CHECK(client.request("POST", events, R"({"event":"accept"})", bearer(inspector)).status == 200);

    CHECK(office.db.scalar("SELECT count(*) FROM case_events WHERE case_id = '" + id +
                           "' AND event = 'accept' AND actor = 'token:insp-0417' AND role = 'inspector'") == 1);
    CHECK(office.db.scalar("SELECT count(*) FROM case_events WHERE case_id = '" + id +
                           "' AND event = 'opened' AND actor = 'token:insp-0417'") == 1);

    // Webhook administration is for admins and supervisors only.
    const std::string admin = office.token("ops-01", "admin");
    for (const std::string path : {"/api/v1/webhooks/dead-letters", "/api/v1/webhooks/endpoints"}) {
        CAPTURE(path);
        CHECK(client.request("GET", path).status == 401);
        CHECK(client.request("GET", path, "", bearer(inspector)).status == 403);
        CHECK(client.request("GET", path, "", bearer(court)).status == 403);
        CHECK(client.request("GET", path, "", bearer(supervisor)).status == 200);
        CHECK(client.request("GET", path, "", bearer(admin)).status == 200);
    }
    CHECK(client.request("POST", "/api/v1/webhooks/endpoints/court/enable", "", bearer(inspector)).status == 403);
    CHECK(client.request("POST", "/api/v1/webhooks/dead-letters/00000000-0000-4000-8000-000000000001/replay", "",
                         bearer(inspector)).status == 403);
}

TEST_CASE("a revoked token is refused") {
    Office office;
    HttpClient client("127.0.0.1", office.server->port());
    auto created = office.tokens->create("insp-9", "inspector", "", wg::rules::Instant{});
    REQUIRE(created.has_value());
    CHECK(client.request("GET", "/api/v1/cases", "", bearer(created->second)).status == 200);
    REQUIRE(office.tokens->revoke(created->first.prefix, wg::rules::Instant{}).has_value());
    CHECK(client.request("GET", "/api/v1/cases", "", bearer(created->second)).status == 401);
    CHECK(office.db.scalar("SELECT count(*) FROM api_tokens WHERE token_hash LIKE 'wgt_%' OR prefix = token_hash") == 0);
}

TEST_CASE("wageguard token create prints the token once and stores only its hash, list and revoke") {
    Office office;
    const auto dir = std::filesystem::temp_directory_path() / ("wg-token-cli-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    // The DSN holds quotes: pass it through the environment rather than the shell.
    setenv("WG_TEST_DSN", office.db.dsn().c_str(), 1);
    const std::string bin = wg::test::wageguard_binary();
    auto run = [&](const std::string& args, const std::string& out) {
        const int status = std::system((bin + " token " + args + " --database-url \"$WG_TEST_DSN\" >" +
                                        (dir / out).string() + " 2>" + (dir / (out + ".err")).string())
                                           .c_str());
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    };
    auto read = [&](const std::string& name) {
        std::ifstream in(dir / name);
        return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    };
    REQUIRE(run("create --role inspector --region 440111 --name insp-0417", "create.txt") == 0);
    std::string token = read("create.txt");
    token = token.substr(0, token.find('\n'));
    CHECK(token.starts_with("wgt_"));
    CHECK(token.size() == 47);
    CHECK(office.db.scalar("SELECT count(*) FROM api_tokens WHERE name = 'insp-0417' AND region = '440111' "
                           "AND length(token_hash) = 64 AND position('" + token + "' in token_hash) = 0") == 1);

    HttpClient client("127.0.0.1", office.server->port());
    CHECK(client.request("GET", "/api/v1/cases", "", bearer(token)).status == 200);

    REQUIRE(run("list", "list.txt") == 0);
    CHECK(read("list.txt").find("insp-0417") != std::string::npos);
    CHECK(read("list.txt").find(token) == std::string::npos);
    CHECK(read("list.txt").find(token.substr(0, 12)) != std::string::npos);

    CHECK(run("create --role janitor --name x", "bad.txt") == 1);
    CHECK(read("bad.txt.err").find("role") != std::string::npos);
    CHECK(run("create --name x", "usage.txt") == 2);

    REQUIRE(run("revoke " + token.substr(0, 12), "revoke.txt") == 0);
    CHECK(client.request("GET", "/api/v1/cases", "", bearer(token)).status == 401);
    std::filesystem::remove_all(dir);
}
