// Several nodes and failures, with real processes: three `wageguard serve` sharing 10,000 due
// deadlines, a node killed with SIGKILL under load, and PostgreSQL restarting under a server.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

#include "adapters/pg/database.hpp"
#include "adapters/pg/migrations.hpp"
#include "adapters/pg/pg_token_store.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/running_server.hpp"
#include "tests/support/test_database.hpp"

using nlohmann::json;
using wg::test::ChildProcess;
using wg::test::eventually;
using wg::test::HttpClient;
using wg::test::RunningServer;
using wg::test::TestDatabase;

namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

// Tokens for the real binary, which (like production) accepts no identity headers.
std::map<std::string, std::string>& tokens() {
    static std::map<std::string, std::string> by_role;
    return by_role;
}

void make_tokens(const std::string& dsn) {
    wg::pg::Database database(dsn, 1);
    REQUIRE(wg::pg::migrate(database, wg::pg::embedded_migrations()).has_value());
    wg::pg::PgTokenStore store(database);
    for (const char* role : {"inspector", "supervisor"}) {
        auto created = store.create(std::string("tester-") + role, role, "", wg::rules::Instant{});
        REQUIRE(created.has_value());
        tokens()[role] = created->second;
    }
}

// Opening a wage complaint is open to inspectors too (an inspector's own finding).
Headers as_role(const std::string& role) {
    const std::string holder = role == "worker" ? "inspector" : role;
    if (tokens().contains(holder)) return {{"Authorization", "Bearer " + tokens()[holder]}};
    return {{"X-Wageguard-Role", role}, {"X-Wageguard-Actor", "tester-" + role}};  // in-process test servers
}

const std::string kComplaint = R"({"workflow":"wage_complaint","region":"440111",
  "data":{"project":"白云区某住宅项目","claimants":3,"amount":"12000.00"}})";

const std::string kPepper = "nodes-test-pepper-0123456789abcdef0123456789abcdef";

std::filesystem::path scratch(const std::string& name) {
    auto dir = std::filesystem::temp_directory_path() / ("wageguard-" + name + "-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    return dir;
}

// `wageguard serve` on a free port against `dsn`, logging to DIR/NAME.log.
std::unique_ptr<ChildProcess> start_node(const std::string& dsn, const std::filesystem::path& dir, const std::string& name) {
    return std::make_unique<ChildProcess>(
        std::vector<std::string>{wg::test::wageguard_binary(), "serve", "--config",
                                 std::string(WG_SOURCE_DIR) + "/config/wageguard.yaml", "--listen", "127.0.0.1:0"},
        std::vector<std::string>{"WAGEGUARD_DATABASE_URL=" + dsn, "WAGEGUARD_PEPPER=" + kPepper},
        (dir / (name + ".log")).string());
}

// Opens `count` cases over `threads` keep-alive connections.
void open_cases(std::uint16_t port, int count, int threads) {
    std::atomic<int> next{0}, failed{0};
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t)
        workers.emplace_back([&] {
            HttpClient client("127.0.0.1", port);
            while (next++ < count)
                if (client.request("POST", "/api/v1/cases", kComplaint, as_role("worker")).status != 201) ++failed;
        });
    for (auto& worker : workers) worker.join();
    REQUIRE(failed == 0);
}

// Single-quoted for the shell: the DSN itself holds quotes (options='-c …').
std::string shell_quoted(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

int audit_verify(const std::string& dsn, const std::filesystem::path& dir) {
    const std::string out = (dir / "audit.txt").string();
    const int status = std::system((wg::test::wageguard_binary() + " audit verify --database-url " + shell_quoted(dsn) +
                                    " >" + out + " 2>&1").c_str());
    std::ifstream report(out);
    const std::string text((std::istreambuf_iterator<char>(report)), std::istreambuf_iterator<char>());
    MESSAGE("audit verify: " << text);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("three serve processes fire 10,000 due deadlines, each exactly once") {
    TestDatabase db;
    const auto dir = scratch("three-nodes");
    {
        auto settings = wg::test::test_settings(db.dsn());
        settings.workers_enabled = false;  // only the three nodes fire
        RunningServer loader(settings);
        open_cases(loader.port(), 10'000, 4);
    }
    REQUIRE(db.scalar("SELECT count(*) FROM deadlines WHERE status = 'pending'") == 10'000);
    // Time passes: every acceptance deadline is now due.
    db.execute("UPDATE deadlines SET due_at = now() - interval '1 second' WHERE status = 'pending'");

    make_tokens(db.dsn());
    std::vector<std::unique_ptr<ChildProcess>> nodes;
    for (const char* name : {"node-a", "node-b", "node-c"}) nodes.push_back(start_node(db.dsn(), dir, name));
    for (auto& node : nodes) node->wait_listening();

    const std::string fired = "SELECT count(*) FROM case_events WHERE event = 'acceptance_overdue'";
    const bool all_fired = eventually([&] { return db.scalar(fired) >= 10'000; }, 240);
    CHECK(all_fired);
    // Let any straggler finish, then count again: a duplicate would show now.
    std::this_thread::sleep_for(std::chrono::seconds(2));
    CHECK(db.scalar(fired) == 10'000);
    CHECK(db.scalar("SELECT count(*) FROM (SELECT case_id FROM case_events WHERE event = 'acceptance_overdue' "
                    "GROUP BY case_id HAVING count(*) > 1) twice") == 0);
    CHECK(db.scalar("SELECT count(*) FROM deadlines WHERE status = 'fired'") == 10'000);
    CHECK(db.scalar("SELECT count(*) FROM cases WHERE version <> 2 OR head_seq <> 2") == 0);
    const long long sharing = db.scalar("SELECT count(DISTINCT actor) FROM case_events WHERE event = 'acceptance_overdue'");
    MESSAGE("nodes that fired deadlines: " << sharing);
    CHECK(sharing >= 2);
    // Each firing raised an alert; the relays of the three nodes deliver each once.
    CHECK(eventually([&] { return db.scalar("SELECT count(*) FROM outbox WHERE kind = 'alert' AND status = 'done'") == 10'000; }, 120));
    CHECK(db.scalar("SELECT count(*) FROM outbox WHERE status = 'dead'") == 0);

    for (auto& node : nodes) CHECK(node->stop(SIGTERM) == 0);
    CHECK(audit_verify(db.dsn(), dir) == 0);
}

TEST_CASE("kill -9 under load loses no acknowledged transition and leaves none half-written") {
    TestDatabase db;
    const auto dir = scratch("kill-nine");
    make_tokens(db.dsn());
    auto victim = start_node(db.dsn(), dir, "victim");
    const std::uint16_t port = victim->wait_listening();

    // Clients open cases and accept them; each records what the server acknowledged.
    std::mutex mutex;
    std::vector<std::pair<std::string, long long>> acknowledged;  // case id, version
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    for (int t = 0; t < 4; ++t)
        clients.emplace_back([&] {
            try {
                HttpClient client("127.0.0.1", port);
                while (!stop) {
                    auto opened = client.request("POST", "/api/v1/cases", kComplaint, as_role("worker"));
                    if (opened.status != 201) return;
                    const json view = json::parse(opened.body);
                    const std::string id = view["id"];
                    {
                        std::lock_guard lock(mutex);
                        acknowledged.emplace_back(id, view["version"].get<long long>());
                    }
                    auto accepted = client.request("POST", "/api/v1/cases/" + id + "/events", R"({"event":"accept"})",
                                                   as_role("inspector"));
                    if (accepted.status != 200) return;
                    std::lock_guard lock(mutex);
                    acknowledged.emplace_back(id, json::parse(accepted.body)["version"].get<long long>());
                }
            } catch (const std::exception&) {
                // the connection died with the node: expected
            }
        });
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    CHECK(victim->stop(SIGKILL) == 128 + SIGKILL);
    stop = true;
    for (auto& client : clients) client.join();
    MESSAGE("acknowledged writes before the kill: " << acknowledged.size());
    REQUIRE(acknowledged.size() > 20);

    // One query for all of them: the acknowledged (case, seq) pairs that have no event.
    std::string pairs;
    for (const auto& [id, version] : acknowledged)
        pairs += (pairs.empty() ? "" : ",") + std::string("('") + id + "'::uuid," + std::to_string(version) + ")";
    CHECK(db.scalar("SELECT count(*) FROM (VALUES " + pairs + ") AS ack(case_id, seq) WHERE NOT EXISTS "
                    "(SELECT 1 FROM case_events e WHERE e.case_id = ack.case_id AND e.seq = ack.seq)") == 0);
    // Every case is whole: its version, chain head and events agree, and its deadlines match
    // its state (the one of pending_acceptance was cancelled by accept, in the same commit).
    CHECK(db.scalar("SELECT count(*) FROM cases c WHERE c.version <> c.head_seq OR c.version <> "
                    "(SELECT count(*) FROM case_events e WHERE e.case_id = c.id)") == 0);
    CHECK(db.scalar("SELECT count(*) FROM cases c WHERE (SELECT count(*) FROM deadlines d WHERE d.case_id = c.id "
                    "AND d.status = 'pending' AND d.state = c.state) <> 1") == 0);
    CHECK(db.scalar("SELECT count(*) FROM deadlines d JOIN cases c ON c.id = d.case_id WHERE d.status = 'pending' "
                    "AND d.state <> c.state") == 0);
    CHECK(audit_verify(db.dsn(), dir) == 0);

    // Another node takes over and carries on.
    auto heir = start_node(db.dsn(), dir, "heir");
    HttpClient client("127.0.0.1", heir->wait_listening());
    CHECK(client.request("POST", "/api/v1/cases", kComplaint, as_role("worker")).status == 201);
    CHECK(heir->stop(SIGTERM) == 0);
}

TEST_CASE("the server rides out a PostgreSQL restart: 503 meanwhile, then it recovers by itself") {
    const auto dir = scratch("pg-restart");
    const std::string pg = std::string(WG_SOURCE_DIR) + "/scripts/pg.sh";
    const std::string cluster = (dir / "pg").string();
    char port_text[16] = {};
    FILE* pipe = popen(("bash " + pg + " free-port").c_str(), "r");
    REQUIRE(pipe != nullptr);
    REQUIRE(fgets(port_text, sizeof port_text, pipe) != nullptr);
    pclose(pipe);
    const std::string port = std::string(port_text).substr(0, std::string(port_text).find('\n'));
    auto run = [&](const std::string& command) { return std::system(("bash " + pg + " " + command + " >/dev/null").c_str()); };
    REQUIRE(run("start " + cluster + " " + port) == 0);
    const std::string dsn = "host=127.0.0.1 port=" + port + " user=postgres dbname=postgres";

    struct StopCluster {
        std::function<void()> stop;
        ~StopCluster() { stop(); }
    } cleanup{[&] {
        run("stop " + cluster);
        std::filesystem::remove_all(dir);
    }};

    tokens().clear();  // an in-process server: identity headers
    auto settings = wg::test::test_settings(dsn);
    RunningServer server(settings);
    HttpClient client("127.0.0.1", server.port());
    CHECK(client.request("GET", "/readyz").status == 200);
    CHECK(client.request("POST", "/api/v1/cases", kComplaint, as_role("worker")).status == 201);

    REQUIRE(run("stop " + cluster) == 0);
    CHECK(client.request("GET", "/readyz").status == 503);
    auto refused = client.request("POST", "/api/v1/cases", kComplaint, as_role("worker"));
    CHECK(refused.status == 503);
    CHECK(client.request("GET", "/healthz").status == 200);  // alive, just not ready

    REQUIRE(run("start " + cluster + " " + port) == 0);
    CHECK(eventually([&] { return client.request("GET", "/readyz").status == 200; }, 30));
    CHECK(client.request("POST", "/api/v1/cases", kComplaint, as_role("worker")).status == 201);
    RunningServer* running = &server;
    running->stop();
}
