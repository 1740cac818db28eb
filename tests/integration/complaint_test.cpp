// A worker files a complaint without an account and follows it with a tracking number and an
// access code; bad fields are named one by one; the public route is rate-limited.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <set>

#include "rules/id_number.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/running_server.hpp"
#include "tests/support/test_database.hpp"

using nlohmann::json;

namespace {

const std::string kComplaint = R"({"region":"440111","employer":"某建筑劳务有限公司","project":"白云区某住宅项目",
  "claimants":12,"amount":"86000.00","period_from":"2025-06-01","period_to":"2025-08-31",
  "complainant":{"name":"张三","id_number":"11010519491231002x","phone":"138 0013 8000"}})";

// The same complaint by another worker (a valid ID number per `n`), so that none is a repeat.
std::string complaint_by(int n) {
    std::string id = "44011119900101" + std::to_string(1000 + n).substr(1);
    id += wg::rules::id_number_check_character(id);
    return R"({"region":"440111","employer":"某建筑劳务有限公司","amount":"86000.00","period_from":"2025-06-01",
      "period_to":"2025-08-31","complainant":{"name":"张三","id_number":")" + id + R"(","phone":"13800138000"}})";
}

}  // namespace

TEST_CASE("a worker files a complaint and follows it with the tracking number and access code") {
    wg::test::TestDatabase db;
    wg::test::RunningServer server(wg::test::test_settings(db.dsn()));
    wg::test::HttpClient client("127.0.0.1", server.port());

    auto filed = client.request("POST", "/api/v1/complaints", kComplaint);
    REQUIRE(filed.status == 201);
    const json receipt = json::parse(filed.body);
    const std::string tracking = receipt["tracking_no"];
    const std::string code = receipt["access_code"];
    CHECK(tracking.size() == 16);
    CHECK(tracking.rfind("WG-", 0) == 0);
    CHECK(code.size() == 8);
    CHECK(receipt["state"] == "pending_acceptance");
    REQUIRE(receipt["deadlines"].size() == 1);
    CHECK(receipt["deadlines"][0]["basis"] == "D1");
    CHECK(filed.body.find("张三") == std::string::npos);  // the receipt repeats no personal data

    const std::string id = receipt["case_id"];
    CHECK(db.scalar("SELECT count(*) FROM case_events WHERE case_id = '" + id +
                    "' AND actor = 'public:complaint-form' AND role = 'worker'") == 1);
    // The ID number was normalised (x → X) and is findable by its hash only.
    CHECK(db.scalar("SELECT count(*) FROM cases WHERE data #>> '{complainant,id_number}' = '11010519491231002X'") == 1);
    CHECK(db.scalar("SELECT count(*) FROM case_parties WHERE case_id = '" + id + "'") == 1);

    auto status = client.request("GET", "/api/v1/complaints/" + tracking, "", {{"X-Access-Code", code}});
    REQUIRE(status.status == 200);
    const json seen = json::parse(status.body);
    CHECK(seen["state"] == "pending_acceptance");
    CHECK(seen["state_label"]["zh"] == "待受理");
    CHECK(status.body.find("张三") == std::string::npos);
    CHECK(status.body.find("86000") == std::string::npos);

    // A wrong code and an unknown number get the same 404.
    std::string wrong = code;
    wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
    CHECK(client.request("GET", "/api/v1/complaints/" + tracking, "", {{"X-Access-Code", wrong}}).status == 404);
    CHECK(client.request("GET", "/api/v1/complaints/WG-00000000-0000", "", {{"X-Access-Code", code}}).status == 404);
    CHECK(client.request("GET", "/api/v1/complaints/" + tracking).status == 404);
}

TEST_CASE("a complaint with bad fields names each of them, and nothing is filed") {
    wg::test::TestDatabase db;
    wg::test::RunningServer server(wg::test::test_settings(db.dsn()));
    wg::test::HttpClient client("127.0.0.1", server.port());

    auto bad = client.request("POST", "/api/v1/complaints",
                              R"({"region":"440111","employer":"某公司","amount":"86000.00","period_from":"2025-06-01","period_to":"2025-08-31",
                                  "complainant":{"name":"张三","id_number":"11010519491231002Y","phone":"12345"}})");
    CHECK(bad.status == 422);
    std::set<std::pair<std::string, std::string>> found;
    const json problem = json::parse(bad.body);  // kept alive: the loop below walks into it
    for (const auto& error : problem["errors"])
        found.insert({error["field"].get<std::string>(), error["code"].get<std::string>()});
    CHECK(found.contains({"complainant.id_number", "checksum"}));
    CHECK(found.contains({"complainant.phone", "format"}));
    CHECK(bad.body.find("11010519491231002Y") == std::string::npos);  // the number is never echoed

    auto schema = client.request("POST", "/api/v1/complaints", R"({"region":"44","amount":"1.234"})");
    CHECK(schema.status == 422);
    std::set<std::string> fields;
    const json schema_problem = json::parse(schema.body);
    for (const auto& error : schema_problem["errors"]) fields.insert(error["field"].get<std::string>());
    CHECK(fields.contains("region"));
    CHECK(fields.contains("amount"));
    CHECK(fields.contains("employer"));
    CHECK(fields.contains("complainant"));
    CHECK(db.scalar("SELECT count(*) FROM cases") == 0);
}

TEST_CASE("the public route is rate-limited per client address, with Retry-After") {
    wg::test::TestDatabase db;
    auto settings = wg::test::test_settings(db.dsn());
    settings.complaints_per_minute = 3;
    wg::test::RunningServer server(settings);
    wg::test::HttpClient client("127.0.0.1", server.port());
    int created = 0, limited = 0;
    std::string retry_after;
    for (int i = 0; i < 5; ++i) {
        auto res = client.request("POST", "/api/v1/complaints", complaint_by(i));
        if (res.status == 201) ++created;
        if (res.status == 429) {
            ++limited;
            retry_after = res.headers["retry-after"];
        }
    }
    CHECK(created == 3);
    CHECK(limited == 2);
    CHECK(!retry_after.empty());
    CHECK(std::stoi(retry_after) >= 1);
    CHECK(db.scalar("SELECT count(*) FROM cases") == 3);
}
