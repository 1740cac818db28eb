// Complaint intake on the real server and PostgreSQL, as an inspector expects it: a worker's
// repeat is linked to the open case, ten workers against one employer in one district become
// one collective case, a dispute already before arbitration or a court is redirected there,
// and the form's identity checks (DOMAIN.md §12 S8, S9) name each bad field and file nothing.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "rules/id_number.hpp"
#include "rules/uscc.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/manual_clock.hpp"
#include "tests/support/running_server.hpp"
#include "tests/support/test_database.hpp"

using nlohmann::json;

namespace {

const std::string kEmployer = "广州甲建设有限公司";

// A valid ID number for worker `n` (0–999): born 1990-01-01 in 白云区.
std::string id_number(int n) {
    std::string id = "44011119900101" + std::to_string(1000 + n).substr(1);
    return id + wg::rules::id_number_check_character(id);
}

// A valid USCC with the given nine-character organisation part.
std::string uscc(const std::string& organisation) {
    const std::string first = "91440101" + organisation;
    return first + wg::rules::uscc_check_character(first);
}

json complaint(int worker, const std::string& from = "2025-06-01",
               const std::string& to = "2025-08-31") {
    return {{"project_district", "440111"},
            {"employer", kEmployer},
            {"amount", "21000.00"},
            {"period_from", from},
            {"period_to", to},
            {"complainant",
             {{"name", "工人" + std::to_string(worker)},
              {"id_number", id_number(worker)},
              {"phone", "13800138000"}}}};
}

// 2025-09-15 09:00 China time; the tests file within the unpaid periods' aftermath.
wg::rules::Instant at(const std::string& text) {
    return *wg::rules::parse_instant(text);
}

// A server with a fixed clock and no rate limit to speak of.
struct Intake {
    wg::test::TestDatabase db;
    wg::test::ManualClock clock{at("2025-09-15T01:00:00Z")};
    wg::test::RunningServer server{settings(db.dsn()), true, &clock};
    wg::test::HttpClient client{"127.0.0.1", server.port()};

    static wg::config::Settings settings(const std::string& dsn) {
        auto s = wg::test::test_settings(dsn);
        s.complaints_per_minute = 100000;
        return s;
    }
    wg::test::HttpResult file(const json& body) {
        return client.request("POST", "/api/v1/complaints", body.dump());
    }
    long long count(const std::string& where) {
        return db.scalar("SELECT count(*) FROM cases WHERE " + where);
    }
};

std::set<std::pair<std::string, std::string>> field_errors(const wg::test::HttpResult& result) {
    std::set<std::pair<std::string, std::string>> found;
    const json problem = json::parse(result.body);
    for (const auto& error : problem["errors"])
        found.insert({error["field"].get<std::string>(), error["code"].get<std::string>()});
    return found;
}

std::string message_of(const wg::test::HttpResult& result, const std::string& field) {
    const json problem = json::parse(result.body);
    for (const auto& error : problem["errors"])
        if (error["field"] == field) return error["message"];
    return "";
}

}  // namespace

TEST_CASE(
    "a worker's repeated complaint for an overlapping period is linked to the open case, with its "
    "tracking number") {
    Intake intake;
    auto first = intake.file(complaint(1));
    REQUIRE(first.status == 201);
    const json receipt = json::parse(first.body);
    CHECK(receipt["linked"] == false);

    auto again = intake.file(complaint(1, "2025-08-01", "2025-09-10"));  // overlaps in August
    REQUIRE(again.status == 200);
    const json linked = json::parse(again.body);
    CHECK(linked["linked"] == true);
    CHECK(linked["case_id"] == receipt["case_id"]);
    CHECK(linked["tracking_no"] == receipt["tracking_no"]);
    CHECK(linked["access_code"] == receipt["access_code"]);
    CHECK(linked["state"] == "pending_acceptance");
    CHECK(intake.count("true") == 1);
    CHECK(intake.db.scalar("SELECT count(*) FROM case_events") == 1);
    CHECK(intake.db.scalar("SELECT count(*) FROM deadlines") == 1);  // no second clock
}

TEST_CASE("another period, another employer or another worker is a new case") {
    Intake intake;
    REQUIRE(intake.file(complaint(1)).status == 201);
    CHECK(intake.file(complaint(1, "2025-01-01", "2025-05-31")).status ==
          201);  // the day before June
    json other_employer = complaint(1);
    other_employer["employer"] = "广州乙劳务有限公司";
    CHECK(intake.file(other_employer).status == 201);
    CHECK(intake.file(complaint(2)).status == 201);
    CHECK(intake.count("true") == 4);
}

TEST_CASE("a complaint whose earlier case is closed opens a new case") {
    Intake intake;
    auto first = intake.file(complaint(1));
    REQUIRE(first.status == 201);
    const std::string id = json::parse(first.body)["case_id"];
    auto closed =
        intake.client.request("POST", "/api/v1/cases/" + id + "/events",
                              R"({"event":"decline_competence","data":{"reason":"不属监察事项"}})",
                              {{"X-Wageguard-Role", "inspector"}});
    REQUIRE(closed.status == 200);
    auto again = intake.file(complaint(1));
    CHECK(again.status == 201);
    CHECK(json::parse(again.body)["case_id"] != id);
    CHECK(intake.count("state = 'pending_acceptance'") == 1);
}

TEST_CASE(
    "the employer is the same by USCC when both complaints give one, else by the exact name") {
    Intake intake;
    const std::string code = uscc("MA5C1X2Y0");
    json with_code = complaint(1);
    with_code["employer_uscc"] = code;
    REQUIRE(intake.file(with_code).status == 201);

    json renamed = with_code;  // another spelling of the name, the same code
    renamed["employer"] = "广州甲建设公司";
    CHECK(intake.file(renamed).status == 200);
    CHECK(intake.file(complaint(1)).status == 200);  // no code: the same exact name

    json other_code = with_code;  // the same name, but another registered company
    other_code["employer_uscc"] = uscc("MA5C1X2Y1");
    CHECK(intake.file(other_code).status == 201);
    CHECK(intake.count("true") == 2);
}

TEST_CASE("identical complaints sent at the same moment file one case") {
    Intake intake;
    const std::string body = complaint(7).dump();
    constexpr int kSenders = 6;
    std::vector<int> statuses(kSenders);
    std::vector<std::string> cases(kSenders);
    std::atomic<int> ready{0};
    std::vector<std::thread> senders;
    for (int i = 0; i < kSenders; ++i)
        senders.emplace_back([&, i] {
            wg::test::HttpClient client("127.0.0.1", intake.server.port());
            ++ready;
            while (ready.load() < kSenders) std::this_thread::yield();
            auto result = client.request("POST", "/api/v1/complaints", body);
            statuses[static_cast<std::size_t>(i)] = result.status;
            if (result.status == 200 || result.status == 201)
                cases[static_cast<std::size_t>(i)] = json::parse(result.body)["case_id"];
        });
    for (auto& sender : senders) sender.join();
    CHECK(std::count(statuses.begin(), statuses.end(), 201) == 1);
    CHECK(std::count(statuses.begin(), statuses.end(), 200) == kSenders - 1);
    CHECK(std::set<std::string>(cases.begin(), cases.end()).size() == 1);
    CHECK(intake.count("true") == 1);
}

TEST_CASE("complaints that reach ten workers at the same moment open one collective case") {
    Intake intake;
    for (int worker = 0; worker < 8; ++worker)
        REQUIRE(intake.file(complaint(worker)).status == 201);
    constexpr int kSenders = 4;  // workers 8 to 11, all at once
    std::vector<int> statuses(kSenders);
    std::atomic<int> ready{0};
    std::vector<std::thread> senders;
    for (int i = 0; i < kSenders; ++i)
        senders.emplace_back([&, i] {
            wg::test::HttpClient client("127.0.0.1", intake.server.port());
            const std::string body = complaint(8 + i).dump();
            ++ready;
            while (ready.load() < kSenders) std::this_thread::yield();
            statuses[static_cast<std::size_t>(i)] =
                client.request("POST", "/api/v1/complaints", body).status;
        });
    for (auto& sender : senders) sender.join();
    CHECK(std::count(statuses.begin(), statuses.end(), 201) == kSenders);
    CHECK(intake.count("(data ->> 'collective')::boolean") == 1);
    CHECK(intake.count("state = 'merged'") == 12);
    CHECK(intake.db.scalar(
              "SELECT count(*) FROM case_events WHERE event = 'merge_into_collective'") == 12);
}

TEST_CASE("a complaint repeated with its Idempotency-Key gets the first answer") {
    Intake intake;
    const std::vector<std::pair<std::string, std::string>> key{{"Idempotency-Key", "form-42"}};
    auto first = intake.client.request("POST", "/api/v1/complaints", complaint(1).dump(), key);
    REQUIRE(first.status == 201);
    auto again = intake.client.request("POST", "/api/v1/complaints", complaint(1).dump(), key);
    CHECK(again.status == 201);
    CHECK(again.headers["idempotent-replayed"] == "true");
    CHECK(json::parse(again.body)["case_id"] == json::parse(first.body)["case_id"]);
    auto other = intake.client.request("POST", "/api/v1/complaints", complaint(2).dump(), key);
    CHECK(other.status == 422);
    CHECK(json::parse(other.body)["type"] == "urn:wageguard:problem:idempotency_mismatch");
    CHECK(intake.count("true") == 1);
}

TEST_CASE(
    "nine workers' complaints stay individual, the tenth merges all ten into one collective case") {
    Intake intake;
    REQUIRE(intake.file(complaint(0)).status == 201);  // the earliest receipt, on Monday
    intake.clock.set(at("2025-09-16T02:00:00Z"));
    for (int worker = 1; worker < 9; ++worker)
        REQUIRE(intake.file(complaint(worker)).status == 201);
    json elsewhere = complaint(50);  // the same employer in another district counts there, not here
    elsewhere["project_district"] = "440106";
    REQUIRE(intake.file(elsewhere).status == 201);
    CHECK(intake.count("state = 'pending_acceptance'") == 10);
    CHECK(intake.count("data ? 'collective'") == 0);

    auto tenth = intake.file(complaint(9));
    REQUIRE(tenth.status == 201);
    const json receipt = json::parse(tenth.body);
    CHECK(receipt["state"] == "merged");
    REQUIRE(receipt.contains("collective"));
    CHECK(receipt["collective"]["state"] == "pending_acceptance");

    REQUIRE(intake.count("(data ->> 'collective')::boolean") == 1);
    CHECK(intake.count(
              "(data ->> 'collective')::boolean AND region = '440111' AND (data ->> "
              "'claimants')::int = 10 "
              "AND data ->> 'amount' = '210000.00' AND data ->> 'received_on' = '2025-09-15' "
              "AND data ->> 'employer' = '" +
              kEmployer + "' AND state = 'pending_acceptance'") == 1);
    CHECK(intake.count(
              "state = 'merged' AND data ->> 'collective_case' = (SELECT id::text FROM cases WHERE "
              "(data ->> 'collective')::boolean)") == 10);
    CHECK(intake.db.scalar("SELECT count(*) FROM case_events WHERE event = 'merge_into_collective' "
                           "AND role = 'system' "
                           "AND actor = 'system:complaint-intake'") == 10);
    CHECK(intake.count("region = '440106' AND state = 'pending_acceptance'") == 1);
    // Each merge is kept under a key naming the case: a retry replays, it cannot merge twice.
    CHECK(intake.db.scalar(
              "SELECT count(*) FROM idempotency_keys WHERE scope = 'system:complaint-intake' "
              "AND key LIKE 'merge:%'") == 10);

    // The first worker follows the collective case through their own tracking number.
    auto first = intake.file(complaint(0));
    REQUIRE(first.status == 200);  // still being handled, in the collective case
    const json linked = json::parse(first.body);
    CHECK(linked["state"] == "merged");
    auto status = intake.client.request(
        "GET", "/api/v1/complaints/" + linked["tracking_no"].get<std::string>(), "",
        {{"X-Access-Code", linked["access_code"].get<std::string>()}});
    REQUIRE(status.status == 200);
    const json seen = json::parse(status.body);
    CHECK(seen["state"] == "merged");
    CHECK(seen["collective"]["state"] == "pending_acceptance");
    CHECK(seen["collective"]["deadlines"].size() == 1);
}

TEST_CASE("a later complaint against the employer joins the open collective case") {
    Intake intake;
    for (int worker = 0; worker < 10; ++worker)
        REQUIRE(intake.file(complaint(worker)).status == 201);
    REQUIRE(intake.count("(data ->> 'collective')::boolean") == 1);

    auto late = intake.file(complaint(10));
    REQUIRE(late.status == 201);
    const json receipt = json::parse(late.body);
    CHECK(receipt["state"] == "merged");
    CHECK(receipt["collective"]["state"] == "pending_acceptance");
    CHECK(intake.count("(data ->> 'collective')::boolean") == 1);
    CHECK(intake.count("state = 'merged'") == 11);
    CHECK(intake.count("state = 'pending_acceptance'") == 1);  // the collective case alone
}

TEST_CASE("a dispute already in arbitration or court is filed and redirected there") {
    Intake intake;
    json arbitration = complaint(1);
    arbitration["dispute_pending_in"] = "arbitration";
    auto redirected = intake.file(arbitration);
    REQUIRE(redirected.status == 201);
    const json receipt = json::parse(redirected.body);
    CHECK(receipt["state"] == "redirected");
    CHECK(receipt["final"] == true);
    CHECK(receipt["deadlines"].empty());
    const std::string id = receipt["case_id"];
    CHECK(intake.db.scalar(
              "SELECT count(*) FROM case_events WHERE case_id = '" + id +
              "' AND event = 'redirect' "
              "AND role = 'system' AND payload ->> 'reason' LIKE '%仲裁%第二十一条%'") == 1);
    CHECK(intake.count("id = '" + id + "' AND data ->> 'dispute_pending_in' = 'arbitration'") == 1);

    json court = complaint(2);
    court["dispute_pending_in"] = "court";
    auto to_court = intake.file(court);
    REQUIRE(to_court.status == 201);
    const std::string court_id = json::parse(to_court.body)["case_id"];
    CHECK(intake.db.scalar("SELECT count(*) FROM case_events WHERE case_id = '" + court_id +
                           "' AND event = 'redirect' AND payload ->> 'reason' LIKE '%人民法院%'") ==
          1);
}

TEST_CASE("S8 - each invalid ID number is named with its code in Chinese, and nothing is filed") {
    Intake intake;
    auto with_id = [](const std::string& number) {
        json body = complaint(1);
        body["complainant"]["id_number"] = number;
        return body;
    };
    auto checksum = intake.file(with_id("11010519491231002Y"));
    CHECK(checksum.status == 422);
    CHECK(field_errors(checksum).contains({"complainant.id_number", "checksum"}));
    CHECK(message_of(checksum, "complainant.id_number").find("应为“X”") != std::string::npos);
    CHECK(checksum.body.find("11010519491231002") == std::string::npos);

    auto february = intake.file(with_id("110105194902300021"));
    CHECK(february.status == 422);
    CHECK(field_errors(february).contains({"complainant.id_number", "birth_date"}));
    auto legacy = intake.file(with_id("110105491231002"));
    CHECK(legacy.status == 422);
    CHECK(field_errors(legacy).contains({"complainant.id_number", "legacy_15_digit"}));
    CHECK(intake.count("true") == 0);
    CHECK(intake.db.scalar("SELECT count(*) FROM case_events") == 0);

    auto lower = intake.file(with_id("11010519491231002x"));
    REQUIRE(lower.status == 201);
    CHECK(intake.count("data #>> '{complainant,id_number}' = '11010519491231002X'") == 1);

    auto old = intake.file(with_id("440524188001010014"));
    REQUIRE(old.status == 201);
    const json receipt = json::parse(old.body);
    REQUIRE(receipt["warnings"].size() == 1);
    CHECK(receipt["warnings"][0]["field"] == "complainant.id_number");
    CHECK(receipt["warnings"][0]["code"] == "implausible_age");
}

TEST_CASE("S9 - the employer's USCC is upper-cased, then a wrong check or character is named") {
    Intake intake;
    auto with_code = [](const std::string& code) {
        json body = complaint(1);
        body["employer_uscc"] = code;
        return body;
    };
    auto checksum = intake.file(with_code("91350100M000100Y4Z"));
    CHECK(checksum.status == 422);
    CHECK(field_errors(checksum).contains({"employer_uscc", "checksum"}));
    CHECK(message_of(checksum, "employer_uscc").find("应为“3”") != std::string::npos);
    auto charset = intake.file(with_code("91350100M000100I43"));
    CHECK(charset.status == 422);
    CHECK(field_errors(charset).contains({"employer_uscc", "charset"}));
    CHECK(message_of(charset, "employer_uscc").find("“I”") != std::string::npos);
    CHECK(intake.count("true") == 0);

    auto lower = intake.file(with_code("91350100m000100y43"));
    REQUIRE(lower.status == 201);
    CHECK(intake.count("data ->> 'employer_uscc' = '91350100M000100Y43'") == 1);
}

TEST_CASE(
    "the unpaid period and the district of the labor are checked, and the case goes to that "
    "district") {
    Intake intake;
    json reversed = complaint(1, "2025-08-31", "2025-06-01");
    CHECK(field_errors(intake.file(reversed)).contains({"period_to", "order"}));
    json future = complaint(1, "2025-09-01", "2025-09-16");  // today is 2025-09-15
    CHECK(field_errors(intake.file(future)).contains({"period_to", "future"}));
    json half = complaint(1);
    half.erase("period_to");
    CHECK(field_errors(intake.file(half)).contains({"period_to", "required"}));
    json nowhere = complaint(1);
    nowhere.erase("project_district");
    CHECK(field_errors(intake.file(nowhere)).contains({"project_district", "required"}));
    json province = complaint(1);
    province["project_district"] = "440000";
    CHECK(field_errors(intake.file(province)).contains({"project_district", "format"}));
    json both = complaint(1);
    both["region"] = "440106";
    CHECK(field_errors(intake.file(both)).contains({"project_district", "conflict"}));
    CHECK(intake.count("true") == 0);

    json dongguan = complaint(1);  // a city without districts is its own county-level unit
    dongguan["project_district"] = "441900";
    auto filed = intake.file(dongguan);
    REQUIRE(filed.status == 201);
    CHECK(intake.count("region = '441900' AND data ->> 'received_on' = '2025-09-15' "
                       "AND data ->> 'period_from' = '2025-06-01'") == 1);
}
