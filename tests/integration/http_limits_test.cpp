// The HTTP server under hostile and slow clients (issue 6): a 100 MiB body is refused without
// being held in memory, a thousand slow connections do not stop other clients, headers sent a
// byte at a time are cut off, and the metrics and the access log name routes, never raw paths
// or query strings.
#include <doctest/doctest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "tests/support/eventually.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/running_server.hpp"
#include "tests/support/test_database.hpp"

using wg::test::HttpClient;
using wg::test::RunningServer;
using wg::test::TestDatabase;
using Seconds = std::chrono::duration<double>;

namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

// A bare socket for what HttpClient cannot do: send part of a request, or stream a body while
// reading the answer.
class RawSocket {
public:
    explicit RawSocket(std::uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
        if (fd_ < 0) throw std::runtime_error("socket failed");
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        ::inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
            ::close(fd_);
            throw std::runtime_error("connect failed");
        }
        timeval timeout{10, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    }
    ~RawSocket() { ::close(fd_); }
    RawSocket(const RawSocket&) = delete;
    RawSocket& operator=(const RawSocket&) = delete;

    /// False once the server has closed or reset the connection.
    bool send(const char* data, std::size_t size) {
        while (size > 0) {
            const auto n = ::send(fd_, data, size, MSG_NOSIGNAL);
            if (n <= 0) return false;
            data += n;
            size -= static_cast<std::size_t>(n);
        }
        return true;
    }
    bool send(const std::string& bytes) { return send(bytes.data(), bytes.size()); }

    /// Reads until the end of the response headers; "" when the connection ends first.
    std::string read_head() {
        std::string head;
        char c = 0;
        while (head.find("\r\n\r\n") == std::string::npos) {
            if (::recv(fd_, &c, 1, 0) != 1) return "";
            head += c;
        }
        return head;
    }

    /// Whether the server has closed the connection, without waiting.
    bool closed_by_server() {
        char c = 0;
        const auto n = ::recv(fd_, &c, 1, MSG_DONTWAIT);
        return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
    }

private:
    int fd_;
};

long rss_kib() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    throw std::runtime_error("no VmRSS in /proc/self/status");
}

// 1,000 slow clients and their server ends live in this process: twice as many descriptors.
void raise_open_files_limit(rlim_t wanted) {
    rlimit limit{};
    REQUIRE(getrlimit(RLIMIT_NOFILE, &limit) == 0);
    if (limit.rlim_cur >= wanted) return;
    REQUIRE_MESSAGE(limit.rlim_max >= wanted, "the hard limit of open files is below ", wanted);
    limit.rlim_cur = wanted;
    REQUIRE(setrlimit(RLIMIT_NOFILE, &limit) == 0);
}

Seconds time_of(const std::function<void()>& work) {
    const auto started = std::chrono::steady_clock::now();
    work();
    return std::chrono::steady_clock::now() - started;
}

double metric_value(const std::string& text, const std::string& series) {
    const auto at = text.find("\n" + series + " ");
    if (at == std::string::npos) return -1;
    return std::stod(text.substr(at + series.size() + 2));
}

Headers as_role(const std::string& role) {
    return {{"X-Wageguard-Role", role}, {"X-Wageguard-Actor", "tester-" + role}};
}

Headers with(Headers headers, const std::string& name, const std::string& value) {
    headers.emplace_back(name, value);
    return headers;
}

const std::string kComplaint =
    R"({"workflow":"wage_complaint","region":"440111","data":{"amount":"1000.00"}})";

// Captures the "http" logger's lines while it lives (the server looks the logger up when built).
class CapturedAccessLog {
public:
    CapturedAccessLog() {
        auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(text_);
        auto logger = std::make_shared<spdlog::logger>("http", sink);
        logger->set_level(spdlog::level::info);
        spdlog::drop("http");
        spdlog::register_logger(logger);
    }
    ~CapturedAccessLog() { spdlog::drop("http"); }
    CapturedAccessLog(const CapturedAccessLog&) = delete;
    CapturedAccessLog& operator=(const CapturedAccessLog&) = delete;

    /// The captured text once it holds `count` request lines (the line follows the answer).
    std::string wait_for_requests(std::size_t count) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        for (;;) {
            spdlog::get("http")->flush();
            std::string text = text_.str();
            std::size_t lines = 0;
            for (auto at = text.find("request id="); at != std::string::npos;
                 at = text.find("request id=", at + 1))
                ++lines;
            if (lines >= count || std::chrono::steady_clock::now() > deadline) return text;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }

private:
    std::ostringstream text_;
};

}  // namespace

TEST_CASE("a 100 MiB request is refused with 413 and the server's memory does not grow") {
    TestDatabase db;
    auto settings = wg::test::test_settings(db.dsn());
    settings.http_body_limit = 1024 * 1024;
    RunningServer server(settings);
    const std::string chunk(1024 * 1024, 'x');
    const std::string head =
        "POST /api/v1/cases HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
        "X-Wageguard-Role: worker\r\nContent-Length: 104857600\r\n\r\n";
    {  // warm-up: the refusal path once, so that its first allocations are not counted
        HttpClient client("127.0.0.1", server.port());
        REQUIRE(client.request("GET", "/healthz").status == 200);
        RawSocket warm(server.port());
        REQUIRE(warm.send(head));
        REQUIRE(warm.read_head().find(" 413 ") != std::string::npos);
    }
    const long before = rss_kib();

    RawSocket socket(server.port());
    REQUIRE(socket.send(head));
    const std::string answer = socket.read_head();  // refused on the headers alone
    CHECK(answer.rfind("HTTP/1.1 413 ", 0) == 0);
    CHECK(answer.find("Connection: close") != std::string::npos);
    std::size_t streamed = 0;
    while (streamed < 100u * 1024 * 1024 && socket.send(chunk)) streamed += chunk.size();
    const long after = rss_kib();

    MESSAGE("streamed ", streamed / (1024 * 1024), " MiB after the 413; RSS ", before, " KiB -> ",
            after, " KiB");
    CHECK(after - before < 8 * 1024);
    CHECK(db.scalar("SELECT count(*) FROM cases") == 0);
}

TEST_CASE("1,000 slow connections do not stop other clients from being served") {
    raise_open_files_limit(4096);
    TestDatabase db;
    RunningServer server(wg::test::test_settings(db.dsn()));

    // Half open and send nothing; half send part of their headers and stop there.
    std::vector<std::unique_ptr<RawSocket>> slow;
    for (int i = 0; i < 1000; ++i) {
        slow.push_back(std::make_unique<RawSocket>(server.port()));
        if (i % 2 == 1)
            REQUIRE(slow.back()->send("GET /healthz HTTP/1.1\r\nHost: slow\r\nX-Slow: "));
    }
    HttpClient probe("127.0.0.1", server.port());
    double open = 0;
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (open < 1001 &&
           std::chrono::steady_clock::now() < give_up) {  // until the server holds them all
        const auto metrics = probe.request("GET", "/metrics");
        REQUIRE(metrics.status == 200);
        open = metric_value(metrics.body, "wageguard_http_connections_open");
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    CHECK(open >= 1001);

    for (int round = 0; round < 2; ++round) {
        HttpClient client("127.0.0.1", server.port());
        int health = 0, ready = 0;
        const Seconds took_health =
            time_of([&] { health = client.request("GET", "/healthz").status; });
        const Seconds took_ready =
            time_of([&] { ready = client.request("GET", "/readyz").status; });  // the database
        CHECK(health == 200);
        CHECK(ready == 200);
        CHECK(took_health.count() < 1.0);
        CHECK(took_ready.count() < 1.0);
        MESSAGE("round ", round, ": /healthz ", took_health.count() * 1000, " ms, /readyz ",
                took_ready.count() * 1000, " ms beside ", open - 1, " slow connections");
        for (std::size_t i = 1; i < slow.size(); i += 2) slow[i]->send("x");  // a byte more each
    }
    // The silent ones are still held (their idle deadline is 30 s): served others, shed nobody.
    for (std::size_t i = 0; i < slow.size(); i += 2) CHECK_FALSE(slow[i]->closed_by_server());
}

TEST_CASE("a client sending its headers a byte at a time is cut off at the header deadline") {
    TestDatabase db;
    auto settings = wg::test::test_settings(db.dsn());
    settings.http_read_timeout = std::chrono::seconds(1);  // also the header and idle deadlines
    RunningServer server(settings);

    RawSocket trickle(server.port());
    RawSocket idle(server.port());
    REQUIRE(trickle.send("GET /healthz HTTP/1.1\r\n"));
    bool trickle_closed = false, idle_closed = false;
    const Seconds took = time_of([&] {
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (!(trickle_closed && idle_closed) && std::chrono::steady_clock::now() < give_up) {
            trickle_closed = trickle_closed || !trickle.send("X") || trickle.closed_by_server();
            idle_closed = idle_closed || idle.closed_by_server();
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    });
    CHECK(trickle_closed);
    CHECK(idle_closed);
    CHECK(took.count() < 3.0);
    HttpClient client("127.0.0.1", server.port());
    CHECK(client.request("GET", "/healthz").status == 200);
}

TEST_CASE("metrics count requests by route pattern and status, never by raw path") {
    TestDatabase db;
    RunningServer server(wg::test::test_settings(db.dsn()));
    HttpClient client("127.0.0.1", server.port());
    for (int i = 0; i < 3; ++i) REQUIRE(client.request("GET", "/healthz").status == 200);
    const std::string unknown_case = "/api/v1/cases/7d444840-9dc0-11d1-b245-5ffdce74fad2";
    const int unknown_status = client.request("GET", unknown_case, "", as_role("inspector")).status;
    CHECK(unknown_status == 404);
    CHECK(client.request("GET", "/nowhere/11010519491231002X").status == 404);
    const auto open_case = [&] {
        return client.request("POST", "/api/v1/cases", kComplaint,
                              with(as_role("worker"), "Idempotency-Key", "m-1"));
    };
    const auto opened = open_case();
    REQUIRE(opened.status == 201);
    CHECK(open_case().headers["idempotent-replayed"] == "true");  // a replay changes nothing
    const std::string id =
        opened.headers.at("location").substr(std::string("/api/v1/cases/").size());
    REQUIRE(client
                .request("POST", "/api/v1/cases/" + id + "/events", R"({"event":"accept"})",
                         as_role("inspector"))
                .status == 200);

    // The outbox gauges are read from the database at scrape time and left out of a scrape that
    // finds every session of the pool busy (the relays may hold them just after the step): scrape
    // until a scrape has them. A scrape only ever counts itself, so the figures below stand.
    std::string text;
    REQUIRE(wg::test::eventually(
        [&] {
            const auto scraped = client.request("GET", "/metrics");
            text = scraped.status == 200 ? scraped.body : "";
            return metric_value(text, "wageguard_outbox_pending") >= 0 &&
                   metric_value(text, "wageguard_outbox_oldest_due_seconds") >= 0;
        },
        5));
    CHECK(metric_value(text,
                       R"(wageguard_http_requests_total{route="GET /healthz",status="200"})") == 3);
    CHECK(metric_value(text,
                       R"(wageguard_http_requests_total{route="GET /api/v1/cases/{id}",status=")" +
                           std::to_string(unknown_status) + "\"}") == 1);
    CHECK(metric_value(text, R"(wageguard_http_requests_total{route="unmatched",status="404"})") ==
          1);
    CHECK(metric_value(
              text, R"(wageguard_http_requests_total{route="POST /api/v1/cases",status="201"})") ==
          2);
    CHECK(metric_value(text, R"(wageguard_http_transitions_total{route="POST /api/v1/cases"})") ==
          1);
    CHECK(metric_value(
              text,
              R"(wageguard_http_transitions_total{route="POST /api/v1/cases/{id}/events"})") == 1);
    CHECK(metric_value(
              text, R"(wageguard_http_request_duration_seconds_count{route="GET /healthz"})") == 3);
    CHECK(
        metric_value(
            text,
            R"(wageguard_http_request_duration_seconds_bucket{route="GET /healthz",le="+Inf"})") ==
        3);
    CHECK(metric_value(text, "wageguard_http_requests_in_flight") == 1);  // this scrape
    CHECK(metric_value(text, "wageguard_http_connections_open") >= 1);
    CHECK(metric_value(text, "wageguard_db_pool_sessions") == 4);
    CHECK(metric_value(text, "wageguard_db_pool_sessions_in_use") >= 0);
    CHECK(metric_value(text, "wageguard_outbox_pending") >= 0);
    CHECK(metric_value(text, "wageguard_outbox_oldest_due_seconds") >= 0);
    // The case opened here is known to this node, so the accept was written from its copy.
    CHECK(metric_value(text, R"(wageguard_case_cache_lookups_total{result="hit"})") == 1);
    CHECK(metric_value(text, R"(wageguard_case_cache_lookups_total{result="miss"})") == 0);
    CHECK(metric_value(text, "wageguard_case_cache_stale_total") == 0);
    CHECK(metric_value(text, "wageguard_case_cache_cases") == 1);
    CHECK(text.find("# TYPE wageguard_case_cache_lookups_total counter") != std::string::npos);
    CHECK(text.find("# TYPE wageguard_http_request_duration_seconds histogram") !=
          std::string::npos);
    CHECK(text.find("7d444840") == std::string::npos);
    CHECK(text.find("11010519491231002X") == std::string::npos);
    CHECK(text.find(id) == std::string::npos);
}

TEST_CASE("the access log has one line per request, with the route and never the query string") {
    CapturedAccessLog log;
    TestDatabase db;
    RunningServer server(wg::test::test_settings(db.dsn()));
    HttpClient client("127.0.0.1", server.port());
    const auto listed =
        client.request("GET", "/api/v1/cases?party_id_number=11010519491231002X&limit=5", "",
                       as_role("inspector"));
    const auto mistyped =
        client.request("GET", "/api/v1/cases/11010519491231002X", "", as_role("inspector"));
    const auto health = client.request("GET", "/healthz");
    REQUIRE(health.status == 200);

    const std::string text = log.wait_for_requests(3);
    CHECK(text.find("request id=" + listed.headers.at("x-request-id") +
                    " method=GET route=/api/v1/cases status=" + std::to_string(listed.status)) !=
          std::string::npos);
    CHECK(text.find("request id=" + mistyped.headers.at("x-request-id") +
                    " method=GET route=/api/v1/cases/{id} path.id=- status=") != std::string::npos);
    CHECK(text.find("request id=" + health.headers.at("x-request-id") +
                    " method=GET route=/healthz status=200 ms=") != std::string::npos);
    CHECK(text.find("11010519491231002X") == std::string::npos);
    CHECK(text.find("party_id_number") == std::string::npos);
    CHECK(text.find("limit=5") == std::string::npos);
}
