// Outbound webhooks end to end: a court simulator listens on a real socket, checks every
// delivery with its own HMAC-SHA256 and base64 (not our sign_webhook), and answers as the test
// scripts it; the server runs on a clock the test moves, so a day of retries takes seconds.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <sys/wait.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "adapters/app/outbound_webhooks.hpp"
#include "tests/support/child_process.hpp"
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

Headers as_role(const std::string& role) { return {{"X-Wageguard-Role", role}, {"X-Wageguard-Actor", "tester-" + role}}; }

const std::string kComplaint = R"({"workflow":"wage_complaint","region":"440111",
  "data":{"project":"白云区某住宅项目","claimants":30,"amount":"630000.00",
          "complainant":{"name":"张三","id_number":"11010519491231002X"}}})";

// 2026-11-02 09:00 China time (a Monday).
wg::rules::Instant monday_morning() { return *wg::rules::parse_instant("2026-11-02T01:00:00.000Z"); }

// --- the receiver's own Standard Webhooks code path ----------------------------------------

std::string sha256(const std::string& bytes) {
    std::array<unsigned char, 32> digest{};
    unsigned int size = 0;
    EVP_Digest(bytes.data(), bytes.size(), digest.data(), &size, EVP_sha256(), nullptr);
    return {reinterpret_cast<const char*>(digest.data()), size};
}

// RFC 2104 over SHA-256, block size 64.
std::string hmac_sha256(std::string key, const std::string& message) {
    if (key.size() > 64) key = sha256(key);
    key.resize(64, '\0');
    std::string inner(64, '\0'), outer(64, '\0');
    for (std::size_t i = 0; i < 64; ++i) {
        inner[i] = static_cast<char>(key[i] ^ 0x36);
        outer[i] = static_cast<char>(key[i] ^ 0x5c);
    }
    return sha256(outer + sha256(inner + message));
}

std::string to_base64(const std::string& bytes) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
        std::uint32_t chunk = 0;
        for (std::size_t j = 0; j < 3; ++j)
            chunk = (chunk << 8) | (j < n ? static_cast<unsigned char>(bytes[i + j]) : 0u);
        for (std::size_t j = 0; j < 4; ++j)
            out += j <= n ? kAlphabet[(chunk >> (18 - 6 * j)) & 0x3f] : '=';
    }
    return out;
}

std::string from_base64(const std::string& text) {
    static const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::uint32_t bits = 0;
    int count = 0;
    for (char c : text) {
        const auto value = kAlphabet.find(c);
        if (value == std::string::npos) break;  // '=' ends it
        bits = (bits << 6) | static_cast<std::uint32_t>(value);
        count += 6;
        if (count >= 8) {
            count -= 8;
            out += static_cast<char>((bits >> count) & 0xff);
        }
    }
    return out;
}

// The court's secret: 32 fixed bytes, handed to the server as "whsec_<base64>".
const std::string kCourtKey = sha256("the court's webhook secret for tests");
const std::string kCourtSecret = "whsec_" + to_base64(kCourtKey);

// Checks webhook-signature ("v1,<base64>" entries separated by spaces) and the timestamp
// against `now_seconds` with the spec's five minutes of tolerance.
bool signature_valid(const std::string& key, const std::map<std::string, std::string>& headers,
                     const std::string& body, long long now_seconds) {
    const auto id = headers.find("webhook-id"), timestamp = headers.find("webhook-timestamp"),
               signature = headers.find("webhook-signature");
    if (id == headers.end() || timestamp == headers.end() || signature == headers.end()) return false;
    if (std::llabs(std::stoll(timestamp->second) - now_seconds) > 300) return false;
    const std::string expected =
        "v1," + to_base64(hmac_sha256(key, id->second + "." + timestamp->second + "." + body));
    std::size_t start = 0;
    const std::string& list = signature->second;
    while (start <= list.size()) {
        const std::size_t end = std::min(list.find(' ', start), list.size());
        if (list.substr(start, end - start) == expected) return true;
        start = end + 1;
    }
    return false;
}

// --- the court simulator: a plain POSIX HTTP/1.1 server on its own thread ------------------

struct Delivery {
    std::string target;
    std::map<std::string, std::string> headers;  // names lower-cased
    std::string body;
    bool signed_ok = false;
};

struct Answer {
    int status = 200;
    std::string extra_headers;  // "Name: value\r\n" lines
};

class CourtSimulator {
public:
    explicit CourtSimulator(const ManualClock& clock) : clock_(clock) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = 0;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t size = sizeof address;
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&address), size) != 0 || ::listen(fd_, 16) != 0 ||
            ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size) != 0)
            throw std::runtime_error("court simulator cannot listen");
        port_ = ntohs(address.sin_port);
        thread_ = std::thread([this] { serve(); });
    }
    ~CourtSimulator() {
        ::shutdown(fd_, SHUT_RDWR);  // wakes accept()
        thread_.join();
        ::close(fd_);
    }
    CourtSimulator(const CourtSimulator&) = delete;
    CourtSimulator& operator=(const CourtSimulator&) = delete;

    [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hooks/wageguard"; }

    /// How to answer delivery number n (1-based).
    void answer_with(std::function<Answer(int)> script) {
        const std::lock_guard lock(mutex_);
        script_ = std::move(script);
    }
    std::vector<Delivery> deliveries() const {
        const std::lock_guard lock(mutex_);
        return deliveries_;
    }
    std::size_t count() const { return deliveries().size(); }

private:
    void serve() {
        for (;;) {
            const int client = ::accept(fd_, nullptr, nullptr);
            if (client < 0) return;
            timeval timeout{5, 0};
            ::setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
            handle(client);
            ::close(client);
        }
    }

    void handle(int client) {
        std::string data;
        char buffer[4096];
        std::size_t header_end = std::string::npos;
        while ((header_end = data.find("\r\n\r\n")) == std::string::npos) {
            const ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
            if (n <= 0) return;
            data.append(buffer, static_cast<std::size_t>(n));
        }
        Delivery delivery;
        std::size_t line_start = data.find("\r\n") + 2;
        const std::string request_line = data.substr(0, line_start - 2);
        delivery.target = request_line.substr(request_line.find(' ') + 1);
        delivery.target = delivery.target.substr(0, delivery.target.find(' '));
        while (line_start < header_end) {
            const std::size_t line_end = data.find("\r\n", line_start);
            const std::string line = data.substr(line_start, line_end - line_start);
            const std::size_t colon = line.find(':');
            std::string name = line.substr(0, colon);
            for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            std::string value = line.substr(colon + 1);
            value.erase(0, value.find_first_not_of(' '));
            delivery.headers[name] = value;
            line_start = line_end + 2;
        }
        const std::size_t length = std::stoul(delivery.headers["content-length"]);
        delivery.body = data.substr(header_end + 4);
        while (delivery.body.size() < length) {
            const ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
            if (n <= 0) return;
            delivery.body.append(buffer, static_cast<std::size_t>(n));
        }
        const long long now = std::chrono::floor<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
        delivery.signed_ok = signature_valid(kCourtKey, delivery.headers, delivery.body, now);
        Answer answer;
        {
            const std::lock_guard lock(mutex_);
            deliveries_.push_back(delivery);
            if (script_) answer = script_(static_cast<int>(deliveries_.size()));
        }
        const std::string response = "HTTP/1.1 " + std::to_string(answer.status) + " Court\r\n" + answer.extra_headers +
                                     "Content-Length: 0\r\nConnection: close\r\n\r\n";
        (void)::send(client, response.data(), response.size(), MSG_NOSIGNAL);
    }

    const ManualClock& clock_;
    int fd_ = -1;
    std::uint16_t port_ = 0;
    std::thread thread_;
    mutable std::mutex mutex_;
    std::function<Answer(int)> script_;
    std::vector<Delivery> deliveries_;
};

// --- the server under test ---------------------------------------------------------------------

// A webhooks file naming the simulator as endpoint "court" (opened and accepted complaints) and
// an endpoint "quiet" that subscribes to another workflow only.
std::string webhooks_file(const CourtSimulator& court) {
    static std::atomic<int> counter{0};
    const auto path = std::filesystem::temp_directory_path() /
                      ("wageguard-webhooks-" + std::to_string(getpid()) + "-" + std::to_string(++counter) + ".yaml");
    std::ofstream out(path);
    out << "endpoints:\n"
        << "  - name: court\n    url: " << court.url() << "\n    secrets_env: [WG_TEST_COURT_SECRET]\n"
        << "    events: [wage_complaint.opened, wage_complaint.accept]\n"
        << "  - name: quiet\n    url: http://127.0.0.1:9/never\n    secrets_env: [WG_TEST_COURT_SECRET]\n"
        << "    events: ['labor_arbitration.*']\n";
    return path.string();
}

struct Fixture {
    TestDatabase db;
    ManualClock clock{monday_morning()};
    CourtSimulator court{clock};
    std::string config_path = webhooks_file(court);
    std::unique_ptr<RunningServer> server;

    Fixture() {
        ::setenv("WG_TEST_COURT_SECRET", kCourtSecret.c_str(), 1);
        auto settings = wg::test::test_settings(db.dsn());
        settings.worker_poll = std::chrono::milliseconds(200);
        settings.webhooks_file = config_path;
        server = std::make_unique<RunningServer>(settings, true, &clock);
    }
    ~Fixture() {
        server.reset();
        std::filesystem::remove(config_path);
    }

    std::string open_case() {
        HttpClient client("127.0.0.1", server->port());
        auto created = client.request("POST", "/api/v1/cases", kComplaint, as_role("worker"));
        REQUIRE(created.status == 201);
        return json::parse(created.body)["id"];
    }

    long long pending_attempts() {
        return db.scalar("SELECT coalesce(max(attempts), -1) FROM outbox WHERE kind = 'webhook' AND status = 'pending' "
                         "AND lease_owner IS NULL");
    }
    // The next attempt of the pending delivery, in ms since the epoch.
    long long next_attempt_ms() {
        return db.scalar("SELECT CAST(extract(epoch FROM next_attempt_at) * 1000 AS bigint) FROM outbox "
                         "WHERE kind = 'webhook' AND status = 'pending'");
    }
    long long clock_ms() const { return clock.now().time_since_epoch().count(); }
    // Moves the clock to just past the pending delivery's next attempt and wakes the relays.
    void to_next_attempt() {
        clock.set(wg::rules::Instant(std::chrono::milliseconds(next_attempt_ms())) + std::chrono::seconds(1));
        server->wake_workers();
    }
};

// One shell word: the test DSNs hold single quotes (options='-c …').
std::string quoted(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// Runs the wageguard binary; its standard output and error.
std::string run_cli(const std::string& arguments, int& status) {
    const std::string command = wg::test::wageguard_binary() + " " + arguments + " 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string out;
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) out += buffer;
    status = WEXITSTATUS(::pclose(pipe));
    return out;
}

}  // namespace

TEST_CASE("the court's own signer matches known HMAC-SHA256 and base64 values") {
    std::string hex;
    for (char byte : hmac_sha256("key", "The quick brown fox jumps over the lazy dog")) {
        static constexpr char kDigits[] = "0123456789abcdef";
        const auto c = static_cast<unsigned char>(byte);
        hex += kDigits[c >> 4];
        hex += kDigits[c & 15];
    }
    CHECK(hex == "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");  // the well-known example
    // A key longer than the block is hashed first (value from Python's hmac module).
    CHECK(to_base64(hmac_sha256(std::string(100, 'k'), "msg")) == "vVaheCwoMOirxu2GalehIwZh5lC4TGL37jrMxfpa9JE=");
    CHECK(to_base64("foobar") == "Zm9vYmFy");
    CHECK(to_base64("fo") == "Zm8=");
    CHECK(to_base64("f") == "Zg==");
    CHECK(from_base64("Zm9vYmFy") == "foobar");
    CHECK(from_base64("Zm8=") == "fo");

    // The example published with the Standard Webhooks specification.
    const std::string key = from_base64("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    const std::map<std::string, std::string> headers{
        {"webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek"},
        {"webhook-timestamp", "1614265330"},
        {"webhook-signature", "v1,bm9ldHUgd2l0aCBhIHNpZ25hdHVyZQ== v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="}};
    CHECK(signature_valid(key, headers, R"({"test": 2432232314})", 1614265330));
    CHECK_FALSE(signature_valid(key, headers, R"({"test": 2432232315})", 1614265330));
}

TEST_CASE("subscriptions match exact events, a workflow's events, or all") {
    wg::app::OutboundEndpoint endpoint{"court", "http://x", {"k"}, {"wage_complaint.accept", "labor_arbitration.*"}, true};
    CHECK(wg::app::subscribes(endpoint, "wage_complaint", "accept"));
    CHECK_FALSE(wg::app::subscribes(endpoint, "wage_complaint", "opened"));
    CHECK(wg::app::subscribes(endpoint, "labor_arbitration", "award"));
    endpoint.event_types = {"*"};
    CHECK(wg::app::subscribes(endpoint, "anything", "at_all"));
}

TEST_CASE("Retry-After is read as seconds or as an HTTP date") {
    const auto now = *wg::rules::parse_instant("1994-11-06T08:49:00.000Z");
    CHECK(wg::app::parse_retry_after("120", now) == std::chrono::seconds(120));
    CHECK(wg::app::parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now) == std::chrono::seconds(37));
    CHECK(wg::app::parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now) == std::chrono::seconds(0));
    CHECK_FALSE(wg::app::parse_retry_after("", now));
    CHECK_FALSE(wg::app::parse_retry_after("soon", now));
}

TEST_CASE("the webhook schedule spans more than 24 hours even with the shortest jitter") {
    const auto policy = wg::app::webhook_retry_policy();
    double shortest = 0;
    for (int attempt = 1; attempt < policy.max_attempts; ++attempt) {
        const double nominal = std::min(static_cast<double>(policy.base.count()) * std::pow(2.0, attempt - 1),
                                        static_cast<double>(policy.cap.count()));
        shortest += 0.5 * nominal;
    }
    CHECK(shortest >= 24.0 * 3600 * 1000);
}

TEST_CASE("a subscribed step reaches the court as a signed CloudEvent without personal data") {
    Fixture f;
    const std::string id = f.open_case();
    REQUIRE(eventually([&] { return f.court.count() == 1; }));
    const Delivery first = f.court.deliveries()[0];
    CHECK(first.signed_ok);
    const long long now = std::chrono::floor<std::chrono::seconds>(f.clock.now().time_since_epoch()).count();
    CHECK_FALSE(signature_valid(kCourtKey, first.headers, first.body + " ", now));  // the check is not vacuous
    CHECK_FALSE(signature_valid(kCourtKey, first.headers, first.body, now + 301));
    CHECK(first.target == "/hooks/wageguard");
    CHECK(first.headers.at("content-type") == "application/cloudevents+json");
    const json event = json::parse(first.body);
    CHECK(event["specversion"] == "1.0");
    CHECK(event["id"] == first.headers.at("webhook-id"));
    CHECK(event["type"] == "cn.wageguard.case.wage_complaint.opened");
    CHECK(event["subject"] == id);
    CHECK(event["time"] == "2026-11-02T01:00:00.000Z");
    CHECK(event["data"] == json{{"case_id", id},
                                {"workflow", "wage_complaint"},
                                {"event", "opened"},
                                {"from_state", nullptr},
                                {"to_state", "pending_acceptance"},
                                {"version", 1},
                                {"occurred_at", "2026-11-02T01:00:00.000Z"}});
    for (const char* personal : {"张三", "11010519491231002X", "630000", "白云区某住宅项目"})
        CHECK(first.body.find(personal) == std::string::npos);

    // The receipt goes into the case's history, in its hash chain.
    const std::string in_case = " WHERE case_id = '" + id + "'";
    REQUIRE(eventually([&] {
        return f.db.scalar("SELECT count(*) FROM case_events" + in_case +
                           " AND event = 'webhook_delivered' AND actor = 'webhook:court' AND role = 'system' "
                           "AND payload ->> 'status' = '200' AND payload ->> 'attempts' = '1'") == 1;
    }));
    CHECK(f.db.scalar("SELECT count(*) FROM outbox" + in_case + " AND kind = 'webhook' AND status = 'done'") == 1);
    CHECK(f.db.scalar("SELECT count(*) FROM outbox WHERE payload ->> 'endpoint' = 'quiet'") == 0);

    // The next subscribed step carries the version it made (the receipt counted as one).
    HttpClient client("127.0.0.1", f.server->port());
    auto accepted = client.request("POST", "/api/v1/cases/" + id + "/events", R"({"event":"accept"})", as_role("inspector"));
    REQUIRE(accepted.status == 200);
    REQUIRE(eventually([&] { return f.court.count() == 2; }));
    const json second = json::parse(f.court.deliveries()[1].body);
    CHECK(f.court.deliveries()[1].signed_ok);
    CHECK(second["type"] == "cn.wageguard.case.wage_complaint.accept");
    CHECK(second["data"]["from_state"] == "pending_acceptance");
    CHECK(second["data"]["version"] == json::parse(accepted.body)["version"]);
    CHECK(second["id"] != event["id"]);
}

TEST_CASE("a court that fails five times gets the same signed delivery six times, then a receipt") {
    Fixture f;
    f.court.answer_with([](int n) { return Answer{n <= 5 ? 500 : 204, ""}; });
    const std::string id = f.open_case();
    for (int attempt = 1; attempt <= 5; ++attempt) {
        CAPTURE(attempt);
        REQUIRE(eventually([&] { return f.pending_attempts() == attempt; }));
        f.to_next_attempt();
    }
    REQUIRE(eventually([&] { return f.court.count() == 6; }));
    const auto deliveries = f.court.deliveries();
    std::set<std::string> ids, bodies;
    for (const auto& delivery : deliveries) {
        CHECK(delivery.signed_ok);
        ids.insert(delivery.headers.at("webhook-id"));
        bodies.insert(delivery.body);
    }
    CHECK(ids.size() == 1);     // receivers deduplicate on it
    CHECK(bodies.size() == 1);  // only the timestamp and signature change
    REQUIRE(eventually([&] {
        return f.db.scalar("SELECT count(*) FROM case_events WHERE case_id = '" + id +
                           "' AND event = 'webhook_delivered' AND payload ->> 'attempts' = '6' "
                           "AND payload ->> 'status' = '204'") == 1;
    }));
}

TEST_CASE("Retry-After longer than the backoff is honoured") {
    Fixture f;
    f.court.answer_with([](int n) { return n == 1 ? Answer{503, "Retry-After: 7200\r\n"} : Answer{200, ""}; });
    f.open_case();
    REQUIRE(eventually([&] { return f.pending_attempts() == 1; }));
    CHECK(f.next_attempt_ms() - f.clock_ms() >= 7'200'000);

    f.clock.advance(std::chrono::hours(1));  // past any backoff of a first failure, not past Retry-After
    f.server->wake_workers();
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    CHECK(f.court.count() == 1);

    f.to_next_attempt();
    CHECK(eventually([&] { return f.court.count() == 2; }));
}

TEST_CASE("410 Gone disables the endpoint, and its dead letter is listed and replayed by the API") {
    Fixture f;
    f.court.answer_with([](int) { return Answer{410, ""}; });
    const std::string id = f.open_case();
    const std::string in_case = " WHERE case_id = '" + id + "'";
    REQUIRE(eventually([&] {
        return f.db.scalar("SELECT count(*) FROM outbox" + in_case + " AND kind = 'webhook' AND status = 'dead'") == 1;
    }));
    CHECK(f.court.count() == 1);
    CHECK(f.db.scalar("SELECT count(*) FROM webhook_endpoints_state WHERE name = 'court' AND disabled_at IS NOT NULL") == 1);
    CHECK(eventually([&] {
        return f.db.scalar("SELECT count(*) FROM case_events" + in_case +
                           " AND event = 'webhook_failed' AND payload ->> 'status' = '410'") == 1;
    }));

    // A disabled endpoint gets no new deliveries.
    f.open_case();
    CHECK(f.db.scalar("SELECT count(*) FROM outbox WHERE kind = 'webhook'") == 1);

    HttpClient client("127.0.0.1", f.server->port());
    CHECK(client.request("GET", "/api/v1/webhooks/dead-letters", {}, as_role("worker")).status == 403);
    auto listed = client.request("GET", "/api/v1/webhooks/dead-letters?endpoint=court", {}, as_role("supervisor"));
    REQUIRE(listed.status == 200);
    const json items = json::parse(listed.body)["items"];
    REQUIRE(items.size() == 1);
    CHECK(items[0]["case_id"] == id);
    CHECK(items[0]["endpoint"] == "court");
    CHECK(items[0]["type"] == "cn.wageguard.case.wage_complaint.opened");
    const std::string letter = items[0]["id"];

    int status = 0;
    const std::string dead = run_cli("webhooks dead --json --database-url " + quoted(f.db.dsn()), status);
    CHECK_MESSAGE(status == 0, dead);
    CHECK(dead.find(letter) != std::string::npos);
    const std::string endpoints = run_cli("webhooks endpoints --database-url " + quoted(f.db.dsn()), status);
    CHECK(endpoints.find("court  disabled since") != std::string::npos);

    const std::string replay = "/api/v1/webhooks/dead-letters/" + letter + "/replay";
    auto refused = client.request("POST", replay, {}, as_role("admin"));
    CHECK(refused.status == 409);
    CHECK(json::parse(refused.body)["type"] == "urn:wageguard:problem:endpoint_disabled");

    REQUIRE(client.request("POST", "/api/v1/webhooks/endpoints/court/enable", {}, as_role("admin")).status == 200);
    f.court.answer_with([](int) { return Answer{200, ""}; });
    auto replayed = client.request("POST", replay, {}, as_role("admin"));
    CHECK(replayed.status == 200);
    REQUIRE(eventually([&] { return f.court.count() == 2; }));
    CHECK(f.court.deliveries()[1].headers.at("webhook-id") == f.court.deliveries()[0].headers.at("webhook-id"));
    CHECK(f.court.deliveries()[1].signed_ok);
    CHECK(eventually([&] {
        return f.db.scalar("SELECT count(*) FROM case_events" + in_case + " AND event = 'webhook_delivered'") == 1;
    }));
    CHECK(client.request("POST", "/api/v1/webhooks/dead-letters/" + letter + "/replay", {}, as_role("admin")).status ==
          404);
}

TEST_CASE("a court that never answers 2xx is tried for more than 24 hours, then replayed by the CLI") {
    Fixture f;
    f.court.answer_with([](int) { return Answer{500, ""}; });
    const std::string id = f.open_case();
    const std::string in_case = " WHERE case_id = '" + id + "'";
    const long long first = f.clock_ms();
    const int max_attempts = wg::app::webhook_retry_policy().max_attempts;
    for (int attempt = 1; attempt < max_attempts; ++attempt) {
        CAPTURE(attempt);
        REQUIRE(eventually([&] { return f.pending_attempts() == attempt; }));
        f.to_next_attempt();
    }
    const long long last = f.clock_ms();
    REQUIRE(eventually([&] {
        return f.db.scalar("SELECT count(*) FROM outbox" + in_case + " AND kind = 'webhook' AND status = 'dead'") == 1;
    }));
    CHECK(f.court.count() == static_cast<std::size_t>(max_attempts));
    CHECK(last - first >= 24LL * 3600 * 1000);
    CHECK(f.db.scalar("SELECT count(*) FROM case_events" + in_case + " AND event = 'webhook_failed' AND payload ->> 'attempts' = '" +
                      std::to_string(max_attempts) + "'") == 1);

    const std::string letter = [&] {
        HttpClient client("127.0.0.1", f.server->port());
        auto listed = client.request("GET", "/api/v1/webhooks/dead-letters", {}, as_role("admin"));
        REQUIRE(listed.status == 200);
        return json::parse(listed.body)["items"][0]["id"].get<std::string>();
    }();
    f.court.answer_with([](int) { return Answer{200, ""}; });
    int status = 0;
    const std::string out = run_cli("webhooks replay " + letter + " --database-url " + quoted(f.db.dsn()), status);
    CHECK_MESSAGE(status == 0, out);
    CHECK(out.find("replayed " + letter) != std::string::npos);
    // The CLI's replay is due at the system clock's now, not this server's clock: catch up.
    CHECK(f.pending_attempts() == 0);
    f.to_next_attempt();
    REQUIRE(eventually([&] { return f.court.count() == static_cast<std::size_t>(max_attempts) + 1; }));
    CHECK(eventually([&] {
        return f.db.scalar("SELECT count(*) FROM case_events" + in_case +
                           " AND event = 'webhook_delivered' AND payload ->> 'attempts' = '1'") == 1;
    }));
}
