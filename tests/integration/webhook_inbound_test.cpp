// Inbound webhooks over real HTTP (DESIGN.md §7): a court simulator signs CloudEvents with its
// own HMAC code (not the server's sign_webhook) and posts them to a real server on a fresh
// database, whose workflows include tests/fixtures/workflows/wage_lawsuit.yaml.
#include <doctest/doctest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <thread>

#include "tests/support/eventually.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/running_server.hpp"
#include "tests/support/test_database.hpp"

using nlohmann::json;
using wg::test::eventually;
using wg::test::HttpClient;
using wg::test::HttpResult;
using wg::test::RunningServer;
using wg::test::TestDatabase;

namespace {

namespace fs = std::filesystem;
using Headers = std::vector<std::pair<std::string, std::string>>;

// The court's secrets (32 bytes each) as the court holds them, and as the server reads them.
const std::string kCourtKey = "court-simulator-secret-key-2026a";
const std::string kCourtOldKey = "court-simulator-secret-key-2025z";
const std::string kStrangerKey = "someone-else-entirely-32-bytes!!";

// --- the court simulator: its own Standard Webhooks signer ----------------------------------

std::string to_base64(const unsigned char* bytes, int size) {
    std::string out(static_cast<std::size_t>(4 * ((size + 2) / 3)), '\0');
    EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes, size);
    return out;
}

std::string whsec(const std::string& key) {
    return "whsec_" + to_base64(reinterpret_cast<const unsigned char*>(key.data()),
                                static_cast<int>(key.size()));
}

// "v1," + base64(HMAC-SHA256(key, "<id>.<timestamp>.<body>")), by OpenSSL's one-shot HMAC().
std::string court_signature(const std::string& key, const std::string& id, long long timestamp,
                            const std::string& body) {
    const std::string signed_content = id + "." + std::to_string(timestamp) + "." + body;
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(signed_content.data()), signed_content.size(), mac,
         &size);
    return "v1," + to_base64(mac, static_cast<int>(size));
}

long long unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string cloud_event(const std::string& id, const std::string& type, const json& data,
                        const std::string& subject = "") {
    json event = {{"specversion", "1.0"},
                  {"id", id},
                  {"source", "/courts/440111/baiyun"},
                  {"type", type},
                  {"time", "2026-03-02T09:30:00+08:00"},
                  {"datacontenttype", "application/json"},
                  {"data", data}};
    if (!subject.empty()) event["subject"] = subject;
    return event.dump();
}

std::string hex(const std::string& bytes) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (char signed_byte : bytes) {
        const auto c = static_cast<unsigned char>(signed_byte);
        out += digits[c >> 4];
        out += digits[c & 0x0f];
    }
    return out;
}

// A server with the court configured as a webhook source, its database, and a client.
struct Court {
    TestDatabase db;
    fs::path dir;
    std::unique_ptr<RunningServer> server;
    std::unique_ptr<HttpClient> client;

    Court() {
        dir = fs::temp_directory_path() /
              ("wageguard-webhooks-" + std::to_string(::getpid()) + "-" +
               std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
        fs::create_directories(dir / "workflows");
        const fs::path source(WG_SOURCE_DIR);
        fs::copy_file(source / "config/workflows/wage_complaint.yaml",
                      dir / "workflows/wage_complaint.yaml");
        fs::copy_file(source / "tests/fixtures/workflows/wage_lawsuit.yaml",
                      dir / "workflows/wage_lawsuit.yaml");
        std::ofstream(dir / "webhooks.yaml") << R"(sources:
  - name: court
    role: court
    secrets_env: [WG_IT_WHSEC_COURT, WG_IT_WHSEC_COURT_OLD]
    reference_field: court_case_number
    events:
      cn.court.case.accepted: court_accepted
      cn.court.hearing.scheduled: hearing_scheduled
      cn.court.judgment.issued: judgment_issued
endpoints: []
)";
        setenv("WG_IT_WHSEC_COURT", whsec(kCourtKey).c_str(), 1);
        setenv("WG_IT_WHSEC_COURT_OLD", whsec(kCourtOldKey).c_str(), 1);
        auto settings = wg::test::test_settings(db.dsn());
        settings.workflows_dir = (dir / "workflows").string();
        settings.webhooks_file = (dir / "webhooks.yaml").string();
        settings.worker_poll = std::chrono::milliseconds(200);
        server = std::make_unique<RunningServer>(settings);
        client = std::make_unique<HttpClient>("127.0.0.1", server->port());
    }

    ~Court() {
        server.reset();
        unsetenv("WG_IT_WHSEC_COURT");
        unsetenv("WG_IT_WHSEC_COURT_OLD");
        std::error_code ignored;
        fs::remove_all(dir, ignored);
    }

    HttpResult post(const std::string& path, const std::string& body, const Headers& headers) {
        return client->request("POST", path, body, headers);
    }

    // Signs and delivers as the court does; `signature` replaces the court's own when given.
    HttpResult deliver(const std::string& id, const std::string& body,
                       const std::string& key = kCourtKey, long long timestamp = 0,
                       const std::string& source = "court") {
        if (timestamp == 0) timestamp = unix_now();
        return post("/webhooks/" + source, body,
                    {{"Content-Type", "application/cloudevents+json"},
                     {"User-Agent", "court-simulator/1"},
                     {"webhook-id", id},
                     {"webhook-timestamp", std::to_string(timestamp)},
                     {"webhook-signature", court_signature(key, id, timestamp, body)}});
    }

    std::string open_lawsuit(const json& data = json::object()) {
        const json body = {{"workflow", "wage_lawsuit"}, {"region", "440111"}, {"data", data}};
        auto opened = client->request(
            "POST", "/api/v1/cases", body.dump(),
            {{"X-Wageguard-Role", "inspector"}, {"X-Wageguard-Actor", "inspector-1"}});
        REQUIRE(opened.status == 201);
        return json::parse(opened.body)["id"];
    }

    std::string text(const std::string& sql) const {
        soci::session session(soci::postgresql, db.dsn());
        std::string value;
        soci::indicator ind = soci::i_null;
        session << sql, soci::into(value, ind);
        return ind == soci::i_ok ? value : "";
    }

    std::string state_of(const std::string& case_id) const {
        return text("SELECT state FROM cases WHERE id = '" + case_id + "'");
    }

    std::string inbox_status(const std::string& id) const {
        return text("SELECT status FROM inbox WHERE source = 'court' AND message_id = '" + id +
                    "'");
    }

    long long rows(const std::string& table) const {
        return db.scalar("SELECT count(*) FROM " + table);
    }
};

}  // namespace

TEST_CASE("a signed court event is answered 202, kept byte for byte, and moves the case") {
    Court court;
    const std::string case_id = court.open_lawsuit();
    json event =
        json::parse(cloud_event("evt-1", "cn.court.case.accepted", json::object(), case_id));
    event["courtname"] = "广州市白云区人民法院";  // a CloudEvents extension attribute, in UTF-8
    const std::string body =
        event.dump(2);  // indented: the bytes, not their JSON meaning, are kept

    auto answer = court.deliver("msg-1", body);
    CHECK(answer.status == 202);
    CHECK(json::parse(answer.body) == json{{"status", "accepted"}, {"id", "msg-1"}});

    REQUIRE(eventually([&] { return court.state_of(case_id) == "in_court"; }));
    CHECK(eventually([&] { return court.inbox_status("msg-1") == "applied"; }));
    CHECK(court.db.scalar("SELECT count(*) FROM inbox WHERE body = '\\x" + hex(body) +
                          "'::bytea") == 1);
    CHECK(court.text("SELECT headers ->> 'webhook-id' FROM inbox") == "msg-1");
    CHECK(court.text("SELECT headers ->> 'user-agent' FROM inbox") == "court-simulator/1");
    CHECK(court.db.scalar("SELECT count(*) FROM inbox WHERE headers ? 'host'") == 0);
    CHECK(
        court.text("SELECT actor || ' ' || role FROM case_events WHERE event = 'court_accepted'") ==
        "court:msg-1 court");
    CHECK(court.rows("operator_tasks") == 0);
}

TEST_CASE("a redelivery answers 200 duplicate and changes nothing") {
    Court court;
    const std::string case_id = court.open_lawsuit();
    const std::string body =
        cloud_event("evt-1", "cn.court.case.accepted", json::object(), case_id);
    REQUIRE(court.deliver("msg-1", body).status == 202);
    REQUIRE(eventually([&] { return court.inbox_status("msg-1") == "applied"; }));
    const long long events = court.rows("case_events");
    const long long version = court.db.scalar("SELECT version FROM cases");

    auto again = court.deliver("msg-1", body);
    CHECK(again.status == 200);
    CHECK(json::parse(again.body)["status"] == "duplicate");
    // Even with another body: the message id was seen, and is seen forever.
    const std::string other =
        cloud_event("evt-9", "cn.court.judgment.issued", {{"outcome", "支持"}}, case_id);
    CHECK(court.deliver("msg-1", other).status == 200);

    court.server->wake_workers();
    CHECK(court.rows("inbox") == 1);
    CHECK(court.rows("case_events") == events);
    CHECK(court.db.scalar("SELECT version FROM cases") == version);
    CHECK(court.state_of(case_id) == "in_court");
}

TEST_CASE("an event that arrives before its prerequisite is held, then applies after it") {
    Court court;
    const std::string case_id = court.open_lawsuit();
    const std::string hearing = cloud_event("evt-2", "cn.court.hearing.scheduled",
                                            {{"hearing_date", "2026-04-15"}}, case_id);
    const std::string accepted =
        cloud_event("evt-1", "cn.court.case.accepted", json::object(), case_id);

    REQUIRE(court.deliver("msg-2", hearing).status == 202);
    REQUIRE(eventually([&] { return court.inbox_status("msg-2") == "held"; }));
    CHECK(court.state_of(case_id) == "referred");
    CHECK(
        court.text("SELECT last_error FROM inbox WHERE message_id = 'msg-2'").rfind("held: ", 0) ==
        0);

    REQUIRE(court.deliver("msg-1", accepted).status == 202);
    REQUIRE(eventually([&] { return court.inbox_status("msg-2") == "applied"; }));
    CHECK(court.inbox_status("msg-1") == "applied");
    CHECK(court.text("SELECT string_agg(event, ',' ORDER BY seq) FROM case_events") ==
          "opened,court_accepted,hearing_scheduled");
    CHECK(court.text("SELECT data ->> 'hearing_date' FROM cases") == "2026-04-15");
}

TEST_CASE(
    "a bad signature, a stale timestamp and an unknown source are refused, and nothing is "
    "written") {
    Court court;
    const std::string case_id = court.open_lawsuit();
    const std::string body =
        cloud_event("evt-1", "cn.court.case.accepted", json::object(), case_id);
    const auto problem_type = [](const HttpResult& answer) {
        return json::parse(answer.body)["type"];
    };

    auto forged = court.deliver("msg-1", body, kStrangerKey);
    CHECK(forged.status == 401);
    CHECK(forged.headers["content-type"] == "application/problem+json");
    CHECK(problem_type(forged) == "urn:wageguard:problem:signature");

    auto tampered_headers =
        Headers{{"webhook-id", "msg-1"},
                {"webhook-timestamp", std::to_string(unix_now())},
                {"webhook-signature", court_signature(kCourtKey, "msg-1", unix_now(), body)}};
    CHECK(court.post("/webhooks/court", body + " ", tampered_headers).status == 401);

    auto stale = court.deliver("msg-1", body, kCourtKey, unix_now() - 301);
    CHECK(stale.status == 401);
    CHECK(problem_type(stale) == "urn:wageguard:problem:timestamp");
    CHECK(court.deliver("msg-1", body, kCourtKey, unix_now() + 400).status == 401);

    CHECK(court.post("/webhooks/court", body, {{"webhook-id", "msg-1"}}).status ==
          401);  // no signature at all

    auto unknown = court.deliver("msg-1", body, kCourtKey, 0, "tax_bureau");
    CHECK(unknown.status == 404);
    CHECK(problem_type(unknown) == "urn:wageguard:problem:not_found");

    // Correctly signed but not a CloudEvent: refused before the inbox, too.
    CHECK(court.deliver("msg-2", "{not json").status == 400);
    CHECK(court.deliver("msg-3", R"({"specversion":"0.3","id":"e","source":"s","type":"t"})")
              .status == 422);

    court.server->wake_workers();
    CHECK(court.rows("inbox") == 0);
    CHECK(court.rows("operator_tasks") == 0);
    CHECK(court.rows("case_events") == 1);
    CHECK(court.state_of(case_id) == "referred");
}

TEST_CASE(
    "an unknown court case number opens one operator task, and the message waits for the number") {
    Court court;
    const std::string number = "(2026)粤0111民初99号";
    const std::string body =
        cloud_event("evt-1", "cn.court.case.accepted", {{"case_number", number}});

    REQUIRE(court.deliver("msg-1", body).status == 202);
    REQUIRE(eventually([&] { return court.inbox_status("msg-1") == "held"; }));
    CHECK(court.rows("operator_tasks") == 1);
    CHECK(court.text("SELECT kind || ' ' || status || ' ' || reference FROM operator_tasks") ==
          "unknown_case_number open " + number);
    CHECK(court.deliver("msg-1", body).status == 200);  // a redelivery opens no second task
    CHECK(court.rows("operator_tasks") == 1);

    // The inspector records the court's number on the case: the held message applies to it.
    const std::string case_id = court.open_lawsuit();
    auto recorded = court.client->request(
        "POST", "/api/v1/cases/" + case_id + "/events",
        json{{"event", "record_court_number"}, {"data", {{"court_case_number", number}}}}.dump(),
        {{"X-Wageguard-Role", "inspector"}});
    REQUIRE(recorded.status == 200);
    REQUIRE(eventually([&] { return court.state_of(case_id) == "in_court"; }));
    CHECK(court.inbox_status("msg-1") == "applied");
    CHECK(court.text("SELECT status FROM operator_tasks") == "closed");

    // Later messages find the case by the number at once.
    const std::string hearing =
        cloud_event("evt-2", "cn.court.hearing.scheduled",
                    {{"case_number", number}, {"hearing_date", "2026-05-06"}});
    REQUIRE(court.deliver("msg-2", hearing).status == 202);
    CHECK(eventually([&] { return court.inbox_status("msg-2") == "applied"; }));
    CHECK(court.text("SELECT data ->> 'hearing_date' FROM cases WHERE id = '" + case_id + "'") ==
          "2026-05-06");
}

TEST_CASE("a message carrying our case id and the court's number teaches the number") {
    Court court;
    const std::string case_id = court.open_lawsuit();
    const std::string number = "(2026)粤0111民初7号";
    REQUIRE(court
                .deliver("msg-1", cloud_event("evt-1", "cn.court.case.accepted",
                                              {{"case_number", number}}, case_id))
                .status == 202);
    REQUIRE(eventually([&] { return court.inbox_status("msg-1") == "applied"; }));
    CHECK(court.text("SELECT case_id::text || ' ' || origin FROM case_references") ==
          case_id + " event");

    REQUIRE(court
                .deliver("msg-2",
                         cloud_event("evt-2", "cn.court.judgment.issued",
                                     {{"case_number", number}, {"outcome", "支持全部诉讼请求"}}))
                .status == 202);
    REQUIRE(eventually([&] { return court.inbox_status("msg-2") == "applied"; }));
    CHECK(court.state_of(case_id) == "judged");
}

TEST_CASE("during a rotation the old secret is still accepted, alone or beside the new one") {
    Court court;
    const std::string case_id = court.open_lawsuit();
    const std::string body =
        cloud_event("evt-1", "cn.court.case.accepted", json::object(), case_id);
    CHECK(court.deliver("msg-1", body, kCourtOldKey).status == 202);

    const long long timestamp = unix_now();
    const std::string both = court_signature(kStrangerKey, "msg-2", timestamp, body) + " " +
                             court_signature(kCourtOldKey, "msg-2", timestamp, body);
    auto answer = court.post("/webhooks/court", body,
                             {{"webhook-id", "msg-2"},
                              {"webhook-timestamp", std::to_string(timestamp)},
                              {"webhook-signature", both}});
    CHECK(answer.status == 202);
    CHECK(court.rows("inbox") == 2);
}

TEST_CASE(
    "a type the source does not map, a case id nobody has, or data the workflow refuses is a dead "
    "letter") {
    Court court;
    const std::string case_id = court.open_lawsuit();
    REQUIRE(
        court.deliver("msg-1", cloud_event("evt-1", "cn.court.fee.paid", json::object(), case_id))
            .status == 202);
    REQUIRE(eventually([&] { return court.inbox_status("msg-1") == "dead"; }));
    CHECK(court.text("SELECT last_error FROM inbox WHERE message_id = 'msg-1'")
              .rfind("unknown_event_type: ", 0) == 0);

    const std::string nobody = "00000000-0000-4000-8000-00000000abcd";
    REQUIRE(court
                .deliver("msg-2",
                         cloud_event("evt-2", "cn.court.case.accepted", json::object(), nobody))
                .status == 202);
    REQUIRE(eventually([&] { return court.inbox_status("msg-2") == "dead"; }));
    CHECK(court.text("SELECT kind FROM operator_tasks") == "unknown_case");

    // Data the workflow does not record is refused by it, and the dead letter says which.
    REQUIRE(court
                .deliver("msg-3", cloud_event("evt-3", "cn.court.case.accepted",
                                              {{"clerk", "李四"}}, case_id))
                .status == 202);
    REQUIRE(eventually([&] { return court.inbox_status("msg-3") == "dead"; }));
    CHECK(
        court.text("SELECT last_error FROM inbox WHERE message_id = 'msg-3'").find("data.clerk") !=
        std::string::npos);
    CHECK(court.state_of(case_id) == "referred");
}
