// The case list against a real PostgreSQL: each filter alone and combined, the hashed party
// look-up, keyset pages with ties on created_at, the index the region filter runs on, and the
// GET /api/v1/cases handler through the router (no socket: the route is not wired in yet).
// Cases are inserted with SQL, so these tests do not depend on the case store.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <set>
#include <stdexcept>

#include "adapters/app/party_hash.hpp"
#include "adapters/http/case_list_route.hpp"
#include "adapters/pg/database.hpp"
#include "adapters/pg/migrations.hpp"
#include "adapters/pg/pg_case_query.hpp"
#include "adapters/pg/pg_token_store.hpp"
#include "tests/support/test_database.hpp"

using namespace wg;
using nlohmann::json;
using wg::test::TestDatabase;

namespace {

const std::string kPepper = "a test pepper of at least 32 bytes, never used in production";
const std::string kPartyA = "11010519491231002X";
const std::string kPartyB = "440106199001011236";

// No doctest assertion here: kNow is built before any test runs.
rules::Instant at(const char* text) {
    auto parsed = rules::parse_instant(text);
    if (!parsed) throw std::invalid_argument(std::string("bad instant in test: ") + text);
    return *parsed;
}

const rules::Instant kNow = at("2025-09-15T12:00:00Z");

class FixedClock final : public app::Clock {
public:
    [[nodiscard]] rules::Instant now() const override { return kNow; }
};

struct Fixture {
    TestDatabase db;
    pg::Database database{db.dsn(), 2};
    pg::PgCaseQuery query{database, kPepper};
    pg::PgTokenStore tokens{database};

    Fixture() { REQUIRE(pg::migrate(database, pg::embedded_migrations()).has_value()); }
};

std::string id(int n) {
    char text[37];
    std::snprintf(text, sizeof text, "00000000-0000-4000-8000-%012d", n);
    return text;
}

std::string literal_or_null(const std::string& value) {
    return value.empty() ? "NULL" : "'" + value + "'";
}

struct CaseRow {
    int n;
    std::string workflow;
    std::string state;
    std::string region;
    std::string owner_role;
    std::string created_at;
    std::string data = "{}";
};

void insert_case(const TestDatabase& db, const CaseRow& row) {
    db.execute(
        "INSERT INTO cases (id, workflow, workflow_version, workflow_hash, state, data, region, "
        "owner_role, "
        "created_at, updated_at) VALUES ('" +
        id(row.n) + "', '" + row.workflow + "', '2025.1', 'hash', '" + row.state + "', '" +
        row.data + "'::jsonb, " + literal_or_null(row.region) + ", " +
        literal_or_null(row.owner_role) + ", '" + row.created_at + "', '" + row.created_at + "')");
}

void insert_deadline(const TestDatabase& db, int n, const std::string& state,
                     const std::string& due_at, const std::string& status) {
    db.execute(
        "INSERT INTO deadlines (case_id, state, fires, due_at, status, created_at) VALUES ('" +
        id(n) + "', '" + state + "', 'timeout', '" + due_at + "', '" + status +
        "', '2025-09-01T00:00:00Z')");
}

// What the store writes for a party: the hash only (app::party_hash), never the number.
void insert_party(const TestDatabase& db, int n, const std::string& field,
                  const std::string& number) {
    db.execute("INSERT INTO case_parties (case_id, field, id_hash) VALUES ('" + id(n) + "', '" +
               field + "', '" + app::party_hash(kPepper, number) + "')");
}

// Six cases covering every filter; see each filter's expectation below.
void insert_six_cases(const TestDatabase& db) {
    insert_case(db, {1, "wage_complaint", "pending_acceptance", "440111", "inspector",
                     "2025-09-01T01:00:00Z",
                     R"({"complainant":{"name":"张三","id_number":")" + kPartyA + R"("}})"});
    insert_case(
        db, {2, "wage_complaint", "investigating", "440111", "inspector", "2025-09-01T02:00:00Z"});
    insert_case(
        db, {3, "wage_complaint", "investigating", "440106", "inspector", "2025-09-01T03:00:00Z"});
    insert_case(db, {4, "mediation", "in_mediation", "440106", "mediator", "2025-09-01T04:00:00Z"});
    insert_case(db, {5, "mediation", "closed", "", "", "2025-09-01T05:00:00Z"});
    insert_case(db, {6, "wage_complaint", "pending_acceptance", "440303", "inspector",
                     "2025-09-01T06:00:00Z"});
    insert_deadline(db, 1, "pending_acceptance", "2025-09-10T00:00:00Z",
                    "pending");                                                  // past: overdue
    insert_deadline(db, 2, "investigating", "2025-10-10T00:00:00Z", "pending");  // ahead
    insert_deadline(db, 3, "investigating", "2025-09-10T00:00:00Z", "fired");    // past, but done
    insert_deadline(db, 4, "in_mediation", "2025-09-15T11:59:59.999Z", "pending");  // just past
    insert_deadline(db, 4, "old_state", "2025-12-01T00:00:00Z", "pending");
    insert_party(db, 1, "complainant.id_number", kPartyA);
    insert_party(db, 3, "complainant.id_number", kPartyB);
    insert_party(db, 4, "applicant.id_number", kPartyA);
}

app::CaseFilter filter_of(const std::string& query) {
    auto filter = app::parse_case_filter(app::split_query(query));
    REQUIRE(filter.has_value());
    return *filter;
}

app::CasePage page_of(pg::PgCaseQuery& query, const std::string& params) {
    auto page = query.list(filter_of(params), kNow);
    if (!page) FAIL(page.error().to_string());
    return *page;
}

// The case numbers of a page, in order.
std::vector<int> numbers(const app::CasePage& page) {
    std::vector<int> out;
    for (const auto& item : page.items) out.push_back(std::stoi(item.id.substr(24)));
    return out;
}

std::vector<int> listed(pg::PgCaseQuery& query, const std::string& params) {
    return numbers(page_of(query, params));
}

using Numbers = std::vector<int>;

std::string header(const http::Response& response, const std::string& name) {
    for (const auto& [key, value] : response.headers)
        if (key == name) return value;
    return {};
}

// One node of an EXPLAIN (FORMAT JSON) plan.
struct PlanNode {
    std::string type;       // "Index Scan", "Seq Scan", …
    std::string relation;   // "cases"
    std::string index;      // "cases_region_created_idx"
    std::string condition;  // "Index Cond"
};

void plan_nodes(const json& node, std::vector<PlanNode>& out) {
    out.push_back({node.value("Node Type", ""), node.value("Relation Name", ""),
                   node.value("Index Name", ""), node.value("Index Cond", "")});
    if (node.contains("Plans"))
        for (const auto& child : node["Plans"]) plan_nodes(child, out);
}

std::vector<PlanNode> plan_nodes(const std::string& explained) {
    std::vector<PlanNode> out;
    plan_nodes(json::parse(explained).at(0).at("Plan"), out);
    return out;
}

// The node that reads `relation` through `index`, or null.
const PlanNode* index_read(const std::vector<PlanNode>& nodes, const std::string& relation,
                           const std::string& index) {
    for (const auto& node : nodes)
        if (node.type.starts_with("Index") && node.relation == relation && node.index == index)
            return &node;
    return nullptr;
}

bool sequential_read(const std::vector<PlanNode>& nodes, const std::string& relation) {
    return std::any_of(nodes.begin(), nodes.end(), [&](const PlanNode& node) {
        return node.type == "Seq Scan" && node.relation == relation;
    });
}

http::Request get(const std::string& path, const std::string& query, bool with_role = true) {
    http::Request request;
    request.method = "GET";
    request.path = path;
    request.query = query;
    if (with_role) request.headers = {{"x-wageguard-role", "inspector"}};  // development-mode identity
    return request;
}

}  // namespace

TEST_CASE("each filter alone lists exactly its cases, oldest first") {
    Fixture fx;
    insert_six_cases(fx.db);
    CHECK(listed(fx.query, "") == Numbers{1, 2, 3, 4, 5, 6});
    CHECK(listed(fx.query, "workflow=wage_complaint") == Numbers{1, 2, 3, 6});
    CHECK(listed(fx.query, "state=investigating") == Numbers{2, 3});
    CHECK(listed(fx.query, "region=440111") == Numbers{1, 2});
    CHECK(listed(fx.query, "owner_role=mediator") == Numbers{4});
    CHECK(listed(fx.query, "overdue=true") == Numbers{1, 4});
    CHECK(listed(fx.query, "overdue=false") == Numbers{2, 3, 5, 6});
    CHECK(listed(fx.query, "party_id_number=" + kPartyA) == Numbers{1, 4});
    CHECK(listed(fx.query, "party_id_number=" + kPartyB) == Numbers{3});
    CHECK(listed(fx.query, "workflow=nothing_like_it").empty());
}

TEST_CASE("filters combine with AND") {
    Fixture fx;
    insert_six_cases(fx.db);
    CHECK(listed(fx.query, "workflow=wage_complaint&region=440111&overdue=true") == Numbers{1});
    CHECK(listed(fx.query, "workflow=wage_complaint&state=investigating&region=440106") ==
          Numbers{3});
    CHECK(listed(fx.query, "party_id_number=" + kPartyA + "&owner_role=mediator") == Numbers{4});
    CHECK(listed(fx.query, "owner_role=inspector&overdue=false") == Numbers{2, 3, 6});
    CHECK(listed(fx.query, "region=440106&overdue=true&workflow=mediation&state=in_mediation") ==
          Numbers{4});
    CHECK(listed(fx.query, "party_id_number=" + kPartyB + "&overdue=true").empty());
}

TEST_CASE("a line carries the next due time and whether it is past, and never the case data") {
    Fixture fx;
    insert_six_cases(fx.db);
    const auto page = page_of(fx.query, "");
    REQUIRE(page.items.size() == 6);
    const auto& first = page.items[0];
    CHECK(first.workflow == "wage_complaint");
    CHECK(first.workflow_version == "2025.1");
    CHECK(first.state == "pending_acceptance");
    CHECK(first.region == "440111");
    CHECK(first.owner_role == "inspector");
    CHECK(first.version == 1);
    CHECK(first.created_at == at("2025-09-01T01:00:00Z"));
    CHECK(first.overdue);
    CHECK(first.next_due_at == at("2025-09-10T00:00:00Z"));
    CHECK_FALSE(page.items[1].overdue);
    CHECK(page.items[1].next_due_at == at("2025-10-10T00:00:00Z"));
    CHECK_FALSE(page.items[2].next_due_at);  // its only deadline has fired
    CHECK(page.items[3].overdue);            // the earliest of two pending deadlines is past
    CHECK(page.items[3].next_due_at == at("2025-09-15T11:59:59.999Z"));
    CHECK(page.items[4].region.empty());
    CHECK(page.items[4].owner_role.empty());
    CHECK_FALSE(page.next_cursor);

    const json line = http::case_summary_json(page.items[4]);
    CHECK(line["region"].is_null());
    CHECK(line["owner_role"].is_null());
    CHECK(line["next_due_at"].is_null());
    CHECK_FALSE(line.contains("data"));
}

TEST_CASE("a party is found by its plain ID number, which is stored only as a hash") {
    Fixture fx;
    insert_six_cases(fx.db);
    CHECK(listed(fx.query, "party_id_number=11010519491231002x") == Numbers{1, 4});  // lower-case x
    CHECK(listed(fx.query, "party_id_number=+11010519491231002X+") == Numbers{1, 4});  // spaces
    CHECK(listed(fx.query, "party_id_number=110105194912310021").empty());
    CHECK(fx.db.scalar("SELECT count(*) FROM case_parties p WHERE p::text LIKE '%110105194912310%' "
                       "OR p::text LIKE '%440106199001011%'") == 0);
    CHECK(fx.db.scalar("SELECT count(*) FROM case_parties WHERE id_hash ~ '^[0-9a-f]{64}$'") == 3);
    // Another pepper finds no one: the hash is keyed, not a plain digest.
    pg::PgCaseQuery other(fx.database, "a different pepper, also 32 bytes or more");
    auto page = other.list(filter_of("party_id_number=" + kPartyA), kNow);
    REQUIRE(page.has_value());
    CHECK(page->items.empty());
}

TEST_CASE("25 cases in pages of 10 come as 10, 10, 5 with no duplicate or gap, across ties") {
    Fixture fx;
    // Three cases share each created_at (with microseconds), and ids are not in insertion order,
    // so the keyset must break ties on id and keep created_at to the microsecond.
    std::vector<std::pair<int, std::string>> expected;  // (second, id)
    for (int i = 0; i < 25; ++i) {
        const int n = (i * 37) % 100;
        const int second = i / 3;
        insert_case(fx.db, {n, "wage_complaint", "investigating", "440111", "inspector",
                            "2025-01-01T00:00:0" + std::to_string(second) + ".123457Z"});
        expected.emplace_back(second, id(n));
    }
    std::sort(expected.begin(), expected.end());

    std::vector<std::string> seen;
    std::vector<std::size_t> sizes;
    std::string params = "limit=10&region=440111";
    for (int guard = 0; guard < 10; ++guard) {
        const auto page = page_of(fx.query, params);
        sizes.push_back(page.items.size());
        for (const auto& item : page.items) seen.push_back(item.id);
        if (!page.next_cursor) break;
        params = "limit=10&region=440111&after=" + *page.next_cursor;
    }
    CHECK(sizes == std::vector<std::size_t>{10, 10, 5});
    REQUIRE(seen.size() == 25);
    CHECK(std::set<std::string>(seen.begin(), seen.end()).size() == 25);
    for (std::size_t i = 0; i < seen.size(); ++i) CHECK(seen[i] == expected[i].second);

    CHECK_FALSE(page_of(fx.query, "limit=25").next_cursor);  // exactly full: no empty next page
    CHECK(page_of(fx.query, "limit=24").next_cursor);
}

TEST_CASE("a cursor that was not issued is a validation error on field after") {
    auto parsed =
        app::parse_case_filter(app::split_query("after=bm90IGEgY3Vyc29y"));  // "not a cursor"
    REQUIRE_FALSE(parsed.has_value());
    CHECK(parsed.error().code == "validation");
    REQUIRE(parsed.error().details.size() == 1);
    CHECK(parsed.error().details[0].field == "after");
    CHECK(parsed.error().details[0].code == "format");
}

TEST_CASE("the region filter's page query runs on the region index") {
    Fixture fx;
    // Real statistics, no planner switches: 5000 cases over 50 regions, analyzed. With 100 cases
    // per region, reading (region, created_at, id) beats both a sequential scan and walking
    // (created_at, id) while discarding other regions.
    fx.db.execute(
        "INSERT INTO cases (workflow, workflow_version, workflow_hash, state, region, owner_role, "
        "created_at) "
        "SELECT 'wage_complaint', '2025.1', 'hash', 'investigating', (440100 + g % 50)::text, "
        "'inspector', "
        "timestamptz '2025-01-01' + g * interval '1 minute' FROM generate_series(1, 5000) g");
    fx.db.execute("ANALYZE cases");
    auto first = fx.query.explain(filter_of("region=440111"), kNow);
    REQUIRE(first.has_value());
    CAPTURE(*first);
    const auto nodes = plan_nodes(*first);
    const PlanNode* read = index_read(nodes, "cases", "cases_region_created_idx");
    REQUIRE(read != nullptr);  // an Index Scan (or Index Only Scan) on the region index
    CHECK(read->condition.find("region") != std::string::npos);
    CHECK_FALSE(sequential_read(nodes, "cases"));

    const auto page = page_of(fx.query, "region=440111&limit=20");
    REQUIRE(page.next_cursor);
    auto next = fx.query.explain(filter_of("region=440111&after=" + *page.next_cursor), kNow);
    REQUIRE(next.has_value());
    CAPTURE(*next);
    const auto next_nodes = plan_nodes(*next);
    const PlanNode* keyset = index_read(next_nodes, "cases", "cases_region_created_idx");
    REQUIRE(keyset != nullptr);
    CHECK(keyset->condition.find("created_at") !=
          std::string::npos);  // the keyset is an index range
}

TEST_CASE("GET /api/v1/cases answers pages with a Link to the next one") {
    Fixture fx;
    insert_six_cases(fx.db);
    http::Router router;
    FixedClock clock;
    app::Authenticator auth(fx.tokens, clock, app::AuthOptions{true, std::chrono::seconds(10)});
    http::add_case_list_route(router, fx.query, clock, auth);

    const auto first = router.handle(get("/api/v1/cases", "workflow=wage_complaint&limit=3"));
    REQUIRE(first.status == 200);
    CHECK(first.content_type == "application/json");
    const json body = json::parse(first.body);
    CHECK(body["limit"] == 3);
    REQUIRE(body["items"].size() == 3);
    CHECK(body["items"][0]["id"] == id(1));
    CHECK(body["items"][0]["overdue"] == true);
    CHECK(body["items"][0]["next_due_at"] == "2025-09-10T00:00:00.000Z");
    CHECK_FALSE(body["items"][0].contains("data"));
    CHECK(first.body.find("张三") == std::string::npos);
    CHECK(first.body.find(kPartyA) == std::string::npos);
    REQUIRE(body["next"].is_string());

    const std::string link = header(first, "Link");
    CHECK(link == "</api/v1/cases?workflow=wage_complaint&limit=3&after=" +
                      body["next"].get<std::string>() + ">; rel=\"next\"");
    const std::string target = link.substr(1, link.find('>') - 1);
    const auto question = target.find('?');
    const auto second = router.handle(get(target.substr(0, question), target.substr(question + 1)));
    REQUIRE(second.status == 200);
    const json rest = json::parse(second.body);
    REQUIRE(rest["items"].size() == 1);
    CHECK(rest["items"][0]["id"] == id(6));
    CHECK(rest["next"].is_null());
    CHECK(header(second, "Link").empty());
}

TEST_CASE("GET /api/v1/cases refuses an unnamed caller and bad parameters as problem+json") {
    Fixture fx;
    http::Router router;
    FixedClock clock;
    app::Authenticator auth(fx.tokens, clock, app::AuthOptions{true, std::chrono::seconds(10)});
    http::add_case_list_route(router, fx.query, clock, auth);

    const auto anonymous = router.handle(get("/api/v1/cases", "", false));
    CHECK(anonymous.status == 401);
    CHECK(anonymous.content_type == "application/problem+json");

    const auto bad =
        router.handle(get("/api/v1/cases", "region=4401&limit=500&after=zzz&colour=red"));
    CHECK(bad.status == 422);
    CHECK(bad.content_type == "application/problem+json");
    const json problem = json::parse(bad.body);
    CHECK(problem["type"] == "urn:wageguard:problem:validation");
    std::set<std::pair<std::string, std::string>> errors;
    for (const auto& error : problem["errors"]) errors.emplace(error["field"], error["code"]);
    CHECK(errors == std::set<std::pair<std::string, std::string>>{{"region", "format"},
                                                                  {"limit", "range"},
                                                                  {"after", "format"},
                                                                  {"colour", "unknown"}});
}
