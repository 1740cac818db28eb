// schemas/openapi.yaml is the contract: the server's routes and the document's operations are
// the same set, and request bodies are checked against it before any work.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <set>

#include "adapters/app/request_schemas.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/running_server.hpp"
#include "tests/support/test_database.hpp"

using nlohmann::json;

TEST_CASE("every route of the server is in schemas/openapi.yaml, and every operation there is served") {
    wg::test::TestDatabase db;
    auto app = wg::ServerApp::create(wg::test::test_settings(db.dsn()));
    REQUIRE(app.has_value());
    const auto served = (*app)->route_names();
    auto schemas = wg::app::RequestSchemas::load(wg::app::embedded_openapi());
    REQUIRE(schemas.has_value());
    const auto documented = (*schemas)->routes();
    const std::set<std::string> served_set(served.begin(), served.end());
    const std::set<std::string> documented_set(documented.begin(), documented.end());
    for (const auto& route : served_set) {
        CAPTURE(route);
        CHECK(documented_set.contains(route));
    }
    for (const auto& route : documented_set) {
        CAPTURE(route);
        CHECK(served_set.contains(route));
    }
}

TEST_CASE("a request body that breaks its schema is a 422 with one entry per field, and nothing is written") {
    wg::test::TestDatabase db;
    wg::test::RunningServer server(wg::test::test_settings(db.dsn()));
    wg::test::HttpClient client("127.0.0.1", server.port());
    const std::vector<std::pair<std::string, std::string>> inspector{{"X-Wageguard-Role", "inspector"}};

    auto bad = client.request("POST", "/api/v1/cases", R"({"workflow":7,"region":"4401","colour":"red"})", inspector);
    CHECK(bad.status == 422);
    CHECK(bad.headers["content-type"] == "application/problem+json");
    const json problem = json::parse(bad.body);
    std::set<std::pair<std::string, std::string>> found;
    for (const auto& error : problem["errors"]) found.insert({error["field"].get<std::string>(), error["code"].get<std::string>()});
    CHECK(found.contains({"workflow", "type"}));
    CHECK(found.contains({"region", "format"}));
    CHECK(found.contains({"colour", "unknown_field"}));

    auto missing = client.request("POST", "/api/v1/cases", R"({"region":"440111"})", inspector);
    CHECK(missing.status == 422);
    CHECK(json::parse(missing.body)["errors"][0]["field"] == "workflow");
    CHECK(json::parse(missing.body)["errors"][0]["code"] == "required");

    auto event = client.request("POST", "/api/v1/cases/00000000-0000-4000-8000-000000000001/events",
                                R"({"event":"","data":[]})", inspector);
    CHECK(event.status == 422);
    CHECK(db.scalar("SELECT count(*) FROM cases") == 0);
}
