// The only translation unit that instantiates Beast and Asio (they cost about a minute of
// compile time each). One event loop per I/O thread, each connection a coroutine on one of them
// (no strand and no lock on a request's path); handlers that may block run on a worker pool so
// that slow database work never stalls the I/O threads.
#include "adapters/http/server.hpp"

#include <fmt/compile.h>
#include <spdlog/spdlog.h>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <mutex>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "adapters/app/metrics.hpp"

namespace wg::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
using SteadyClock = std::chrono::steady_clock;
// Connections use their event loop's concrete executor rather than any_io_executor: every read,
// write, timer and coroutine resumption goes through it, and type erasure costs on each.
using LoopExecutor = asio::io_context::executor_type;
template <typename T>
using OnLoop = asio::awaitable<T, LoopExecutor>;
using Stream = beast::basic_stream<tcp, LoopExecutor, beast::unlimited_rate_policy>;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);                     // accept, shutdown
constexpr auto kOnLoop = asio::as_tuple(asio::use_awaitable_t<LoopExecutor>{});  // connections
constexpr std::size_t kFirstRead = 4096;  // bytes asked for when a request starts

struct Connection {
    explicit Connection(Stream::socket_type socket) : stream(std::move(socket)) {
        beast::error_code ec;
        const auto peer = stream.socket().remote_endpoint(ec);
        if (!ec) remote_address = peer.address().to_string();
    }
    Stream stream;
    std::string remote_address;  // the peer's IP address, "" when unknown
    bool busy = false;           // touched only on the connection's I/O thread
};

char ascii_lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Method and path (the query string cut off), enough to route a request whose body we refuse.
Request request_line(const bhttp::request<bhttp::string_body>& message) {
    Request request;
    request.method = std::string(message.method_string());
    const std::string_view target(message.target().data(), message.target().size());
    const auto question = target.find('?');
    request.path = std::string(target.substr(0, question));
    if (question != std::string_view::npos)
        request.query = std::string(target.substr(question + 1));
    return request;
}

Request to_plain(bhttp::request<bhttp::string_body>& message) {
    Request request = request_line(message);
    request.headers.reserve(8);
    for (const auto& field : message) {
        std::string name(field.name_string());
        for (auto& c : name) c = ascii_lower(c);
        request.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    request.body = std::move(message.body());
    return request;
}

// An answer's bytes: the status line and headers in one string, the body in another, sent with
// one gathered write. Beast's serializer does the same at several times the CPU (about a tenth of
// the server's samples on GET /healthz under wrk), and HTTP is the ceiling that bench/ measures.
struct Answer {
    std::string head;
    std::string body;
    [[nodiscard]] std::array<asio::const_buffer, 2> buffers() const {
        return {asio::buffer(head), asio::buffer(body)};
    }
};

void append_header(std::string& head, std::string_view name, std::string_view value) {
    head.append(name);
    head += ": ";
    for (const char c : value)
        if (c != '\r' && c != '\n') head += c;  // a value can never end the header block early
    head += "\r\n";
}

// HEAD gets the headers of the answer without its body; 1xx, 204 and 304 have no body at all.
Answer to_answer(Response&& response, unsigned version, bool keep_alive,
                 std::string_view request_id, bool head_request) {
    Answer answer;
    const int status = response.status;
    const auto reason = bhttp::obsolete_reason(static_cast<bhttp::status>(status));
    answer.head.reserve(160 + response.content_type.size());
    answer.head += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    answer.head += std::to_string(status);
    answer.head += ' ';
    answer.head.append(reason.data(), reason.size());
    answer.head += "\r\nServer: wageguard\r\n";
    append_header(answer.head, "Content-Type", response.content_type);
    append_header(answer.head, "X-Request-Id", request_id);
    for (const auto& [name, value] : response.headers) append_header(answer.head, name, value);
    if (status >= 200 && status != 204 && status != 304) {
        answer.head += "Content-Length: ";
        answer.head += std::to_string(response.body.size());
        answer.head += "\r\n";
        if (!head_request) answer.body = std::move(response.body);
    }
    if (!keep_alive) answer.head += "Connection: close\r\n";
    if (keep_alive && version == 10) answer.head += "Connection: keep-alive\r\n";
    answer.head += "\r\n";
    return answer;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return ascii_lower(x) == ascii_lower(y);
           });
}

// A 2xx answer that is not the replay of an earlier request (Idempotency-Key) changed a case.
bool changed_something(const Response& response) {
    if (response.status < 200 || response.status > 299) return false;
    return std::none_of(response.headers.begin(), response.headers.end(), [](const auto& header) {
        return equals_ignoring_case(header.first, "Idempotent-Replayed");
    });
}

bool is_uuid(std::string_view value) {
    if (value.size() != 36) return false;
    for (std::size_t i = 0; i < value.size(); ++i) {
        const char c = value[i];
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash != (c == '-')) return false;
        if (!dash && !std::isxdigit(static_cast<unsigned char>(c))) return false;
    }
    return true;
}

// Path parameters worth logging: case ids (UUIDs) and names (wage_complaint). Anything else, an
// ID number typed where a case id belongs for instance, is logged as "-": no personal data.
bool loggable(std::string_view value) {
    if (is_uuid(value)) return true;
    if (value.empty() || value.size() > 64) return false;
    return std::all_of(value.begin(), value.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || c == '_' || c == '-'; });
}

// Methods a client sent that are logged as they are; any other token is logged as "-".
bool known_method(std::string_view method) {
    static constexpr std::array<std::string_view, 9> kMethods = {
        "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT"};
    return std::find(kMethods.begin(), kMethods.end(), method) != kMethods.end();
}

std::size_t io_thread_count(const ServerOptions& options) {
    if (options.io_threads != 0) return options.io_threads;
    return std::max(1u, std::thread::hardware_concurrency());
}

// Concurrency hint 1: each event loop is run by exactly one thread, so Asio skips the locking it
// needs when several threads share one (work posted from the worker pool still locks).
std::vector<std::unique_ptr<asio::io_context>> make_contexts(std::size_t count) {
    std::vector<std::unique_ptr<asio::io_context>> contexts;
    for (std::size_t i = 0; i < count; ++i)
        contexts.push_back(std::make_unique<asio::io_context>(1));
    return contexts;
}

void raise_open_files_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
}

constexpr const char* kRequestsTotal = "wageguard_http_requests_total";
constexpr const char* kRequestsHelp = "HTTP requests answered, by route pattern and status";
constexpr const char* kDuration = "wageguard_http_request_duration_seconds";
constexpr const char* kDurationHelp =
    "Time from a request's first byte to its answer handed to the kernel, by route pattern";

// The request metrics. Each (route, status) counter and each route's histogram is looked up in
// the registry once, then kept in an atomic slot: recording a request takes no lock.
class HttpMetrics {
public:
    HttpMetrics(app::Metrics& registry, const Router& router,
                const std::vector<std::string>& transition_routes)
        : in_flight(registry.gauge("wageguard_http_requests_in_flight",
                                   "Requests received and not yet answered")),
          connections(registry.gauge("wageguard_http_connections_open",
                                     "Open client connections, idle ones included")),
          registry_(registry),
          size_(router.route_count() + 1),
          routes_(std::make_unique<PerRoute[]>(size_)) {
        for (std::size_t i = 0; i < size_; ++i) {
            const std::string name = router.route_name(i);
            routes_[i].label = app::prometheus_label("route", name);
            if (std::find(transition_routes.begin(), transition_routes.end(), name) !=
                transition_routes.end())
                routes_[i].transitions =
                    &registry.counter("wageguard_http_transitions_total",
                                      "Successful API requests that changed a case (opened it or "
                                      "fired an event), by route; "
                                      "idempotent replays excluded",
                                      routes_[i].label);
        }
    }

    void record(std::size_t route, int status, double seconds, bool changed) {
        PerRoute& per_route = routes_[std::min(route, size_ - 1)];
        counter(per_route, status).add();
        histogram(per_route).observe(seconds);
        if (changed && per_route.transitions != nullptr) per_route.transitions->add();
    }

    app::Gauge& in_flight;
    app::Gauge& connections;

private:
    struct PerRoute {
        std::string label;  // route="GET /api/v1/cases/{id}"
        app::Counter* transitions = nullptr;
        std::array<std::atomic<app::Counter*>, 500> by_status{};  // statuses 100-599
        std::atomic<app::Histogram*> duration{nullptr};
    };

    app::Counter& counter(PerRoute& per_route, int status) {
        const auto labels = [&] {
            return per_route.label + "," + app::prometheus_label("status", std::to_string(status));
        };
        if (status < 100 || status > 599)
            return registry_.counter(kRequestsTotal, kRequestsHelp, labels());
        auto& slot = per_route.by_status[static_cast<std::size_t>(status - 100)];
        app::Counter* found = slot.load(std::memory_order_acquire);
        if (found == nullptr) {
            found = &registry_.counter(kRequestsTotal, kRequestsHelp, labels());
            slot.store(found, std::memory_order_release);
        }
        return *found;
    }

    app::Histogram& histogram(PerRoute& per_route) {
        app::Histogram* found = per_route.duration.load(std::memory_order_acquire);
        if (found == nullptr) {
            found = &registry_.histogram(kDuration, kDurationHelp, app::http_latency_buckets(),
                                         per_route.label);
            per_route.duration.store(found, std::memory_order_release);
        }
        return *found;
    }

    app::Metrics& registry_;
    std::size_t size_;  // routes, then "unmatched"
    std::unique_ptr<PerRoute[]> routes_;
};

}  // namespace

struct Server::Impl {
    Impl(ServerOptions opts, const Router& r, app::Metrics* m)
        : options(std::move(opts)),
          router(r),
          metrics(m),
          contexts(make_contexts(io_thread_count(options))),
          workers(options.worker_threads == 0 ? 1 : options.worker_threads),
          acceptor(*contexts.front()),
          signals(*contexts.front()),
          log(spdlog::get("http") ? spdlog::get("http") : spdlog::default_logger()) {
        for (auto& context : contexts) guards.push_back(asio::make_work_guard(*context));
    }

    awaitable<void> accept_loop();
    OnLoop<void> serve(std::shared_ptr<Connection> connection);
    OnLoop<Response> on_worker(const Request& request, const RouteMatch& match);
    OnLoop<void> refuse(std::shared_ptr<Connection> connection, Response response, unsigned version,
                        std::string method, RouteMatch match, SteadyClock::time_point first_byte);
    awaitable<void> watch_shutdown();
    Response safe_dispatch(const Request& request, const RouteMatch& match) const;
    RouteMatch unmatched() const;
    void finish(const std::string& request_id, std::string_view method, const RouteMatch& match,
                int status, SteadyClock::time_point first_byte, std::size_t bytes_in,
                std::size_t bytes_out, bool changed);
    void log_access(const std::string& request_id, std::string_view method, const RouteMatch& match,
                    int status, long long microseconds, std::size_t bytes_in,
                    std::size_t bytes_out) const;
    std::string next_request_id();
    void begin_shutdown();
    void release_event_loops();
    // The connection registry. Locks are taken only in these plain functions, never across a
    // coroutine body: g++ 12 can skip a guard's destructor when a coroutine leaves its scope.
    void remember(const std::shared_ptr<Connection>& connection);
    void forget(Connection* connection);
    bool no_connections();
    void cancel_idle_connections();

    ServerOptions options;
    const Router& router;
    app::Metrics* metrics;
    std::unique_ptr<HttpMetrics> http_metrics;  // made in run(), when the routes are final
    std::vector<std::unique_ptr<asio::io_context>> contexts;  // one event loop per I/O thread
    std::vector<asio::executor_work_guard<asio::io_context::executor_type>>
        guards;  // until shutdown
    asio::thread_pool workers;
    tcp::acceptor acceptor;    // on the first event loop
    asio::signal_set signals;  // on the first event loop
    std::shared_ptr<spdlog::logger> log;
    std::atomic<bool> stopping{false};
    std::atomic<std::uint64_t> request_counter{0};
    std::mutex connections_mutex;
    std::unordered_map<Connection*, std::weak_ptr<Connection>> connections;
};

// "<boot time, 24 bits>-<counter>" in hex: unique within a run, and it sorts by arrival.
std::string Server::Impl::next_request_id() {
    static const auto boot =
        static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    std::array<char, 40> text{};
    char* end =
        fmt::format_to(text.data(), FMT_COMPILE("{:x}-{:06x}"), boot & 0xffffff, ++request_counter);
    return std::string(text.data(), static_cast<std::size_t>(end - text.data()));
}

void Server::Impl::remember(const std::shared_ptr<Connection>& connection) {
    std::lock_guard lock(connections_mutex);
    connections.emplace(connection.get(), connection);
}

void Server::Impl::forget(Connection* connection) {
    std::lock_guard lock(connections_mutex);
    connections.erase(connection);
}

bool Server::Impl::no_connections() {
    std::lock_guard lock(connections_mutex);
    return connections.empty();
}

RouteMatch Server::Impl::unmatched() const {
    RouteMatch match;
    match.index = router.route_count();
    return match;
}

Response Server::Impl::safe_dispatch(const Request& request, const RouteMatch& match) const {
    try {
        return router.dispatch(request, match);
    } catch (const std::exception& e) {
        log->error("handler failed id={} error={}", request.request_id, e.what());
        return problem_response("internal", "internal error; request id " + request.request_id);
    }
}

OnLoop<Response> Server::Impl::on_worker(const Request& request, const RouteMatch& match) {
    co_return co_await asio::co_spawn(
        workers.get_executor(),
        [this, &request, &match]() -> awaitable<Response> {
            co_return safe_dispatch(request, match);
        },
        asio::use_awaitable_t<LoopExecutor>{});
}

// One line per request: request id, method, route pattern, the path parameters that are ids or
// names, status, time and sizes. Never the query string or the raw path: both can carry an
// ID number (GET /api/v1/cases?party_id_number=…).
void Server::Impl::log_access(const std::string& request_id, std::string_view method,
                              const RouteMatch& match, int status, long long microseconds,
                              std::size_t bytes_in, std::size_t bytes_out) const {
    if (!log->should_log(spdlog::level::info)) return;
    fmt::memory_buffer params;
    for (const auto& [name, value] : match.params)
        fmt::format_to(std::back_inserter(params), " path.{}={}", name,
                       loggable(value) ? std::string_view(value) : "-");
    const std::string_view route =
        match.route != nullptr ? std::string_view(match.route->pattern) : "-";
    if (!known_method(method)) method = "-";
    // Formatted here with a compiled format (and milliseconds from integers), then handed to the
    // logger as finished text: parsing the format at run time was a visible part of a request.
    fmt::memory_buffer line;
    fmt::format_to(
        std::back_inserter(line),
        FMT_COMPILE("request id={} method={} route={}{} status={} ms={}.{:03} in={} out={}"),
        request_id, method, route, std::string_view(params.data(), params.size()), status,
        microseconds / 1000, microseconds % 1000, bytes_in, bytes_out);
    log->log(spdlog::level::info, spdlog::string_view_t(line.data(), line.size()));
}

void Server::Impl::finish(const std::string& request_id, std::string_view method,
                          const RouteMatch& match, int status, SteadyClock::time_point first_byte,
                          std::size_t bytes_in, std::size_t bytes_out, bool changed) {
    const auto took =
        std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - first_byte);
    if (http_metrics)
        http_metrics->record(match.index, status, static_cast<double>(took.count()) / 1e6, changed);
    log_access(request_id, method, match, status, took.count(), bytes_in, bytes_out);
}

// Answers a request we will not read to the end (too large, malformed), then closes. The unread
// rest is drained for a moment, into a fixed buffer, so that the client sees our answer rather
// than a connection reset; nothing of it is kept.
OnLoop<void> Server::Impl::refuse(std::shared_ptr<Connection> connection, Response response,
                                  unsigned version, std::string method, RouteMatch match,
                                  SteadyClock::time_point first_byte) {
    const std::string request_id = next_request_id();
    const int status = response.status;
    const Answer answer =
        to_answer(std::move(response), version, false, request_id, method == "HEAD");
    auto& stream = connection->stream;
    stream.expires_after(std::chrono::seconds(5));
    co_await asio::async_write(stream, answer.buffers(), kOnLoop);
    finish(request_id, method, match, status, first_byte, 0, answer.body.size(), false);
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    std::array<char, 64 * 1024> sink{};
    stream.expires_after(std::chrono::seconds(2));
    for (;;) {
        auto [ec, n] = co_await stream.async_read_some(asio::buffer(sink), kOnLoop);
        if (ec) break;
    }
}

OnLoop<void> Server::Impl::serve(std::shared_ptr<Connection> connection) {
    beast::flat_buffer buffer;
    auto& stream = connection->stream;
    if (http_metrics) http_metrics->connections.add(1);
    while (!stopping) {
        // Idle until the next request's first byte, unless a pipelined one is already buffered.
        if (buffer.size() == 0) {
            stream.expires_after(options.idle_timeout);
            auto [idle_ec, first] =
                co_await stream.async_read_some(buffer.prepare(kFirstRead), kOnLoop);
            if (idle_ec) break;  // closed by the client, idle too long, or cancelled by shutdown
            buffer.commit(first);
        }
        const auto first_byte = SteadyClock::now();
        bhttp::request_parser<bhttp::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
        parser.body_limit(options.body_limit);
        // A client sending its headers a byte at a time loses the connection after header_timeout.
        stream.expires_after(options.header_timeout);
        auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, parser, kOnLoop);
        if (ec == bhttp::error::header_limit) {
            co_await refuse(connection,
                            problem_response("headers_too_large", "request headers too large"), 11,
                            "-", unmatched(), first_byte);
            break;
        }
        if (ec == bhttp::error::body_limit) {  // Content-Length over the limit: refuse unread
            Request head = request_line(parser.get());
            co_await refuse(connection,
                            problem_response("payload_too_large",
                                             "the body exceeds the limit of " +
                                                 std::to_string(options.body_limit) + " bytes"),
                            parser.get().version(), head.method, router.match(head), first_byte);
            break;
        }
        if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
            ec == asio::error::operation_aborted)
            break;
        if (ec) {
            co_await refuse(connection, problem_response("bad_request", "malformed HTTP request"),
                            11, "-", unmatched(), first_byte);
            break;
        }
        const unsigned version = parser.get().version();
        if (!parser.is_done()) {
            stream.expires_at(first_byte + options.read_timeout);
            if (parser.get()[bhttp::field::expect] == "100-continue") {
                bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, version};
                co_await bhttp::async_write(stream, go_on, kOnLoop);
            }
            auto [body_ec, body_n] = co_await bhttp::async_read(stream, buffer, parser, kOnLoop);
            if (body_ec == bhttp::error::body_limit) {
                Request head = request_line(parser.get());
                co_await refuse(connection,
                                problem_response("payload_too_large", "the body exceeds the limit"),
                                version, head.method, router.match(head), first_byte);
                break;
            }
            if (body_ec) break;
        }
        connection->busy = true;
        if (http_metrics) http_metrics->in_flight.add(1);
        const std::size_t bytes_in = parser.get().body().size();
        const bool wants_keep_alive = parser.get().keep_alive();
        Request request = to_plain(parser.get());
        request.request_id = next_request_id();
        request.remote_address = connection->remote_address;
        const RouteMatch match = router.match(request);
        // Not a conditional expression: g++ 12 miscompiles co_await inside ?: (double destroy).
        Response response;
        if (match.route != nullptr && match.route->execution == Execution::worker_pool)
            response = co_await on_worker(request, match);
        else
            response = safe_dispatch(request, match);
        const int status = response.status;
        const bool changed = changed_something(response);
        const bool keep_alive = wants_keep_alive && !stopping;
        const Answer answer = to_answer(std::move(response), version, keep_alive,
                                        request.request_id, request.method == "HEAD");
        stream.expires_after(options.read_timeout);
        auto [write_ec, written] = co_await asio::async_write(stream, answer.buffers(), kOnLoop);
        finish(request.request_id, request.method, match, status, first_byte, bytes_in,
               answer.body.size(), changed);
        if (http_metrics) http_metrics->in_flight.add(-1);
        connection->busy = false;
        if (write_ec || !keep_alive) break;
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    if (http_metrics) http_metrics->connections.add(-1);
    forget(connection.get());
}

// Accepts on the first event loop and hands the connections to the loops in turn.
awaitable<void> Server::Impl::accept_loop() {
    std::size_t next = 0;
    while (acceptor.is_open()) {
        asio::io_context& context = *contexts[next++ % contexts.size()];
        Stream::socket_type socket(context);
        auto [ec] = co_await acceptor.async_accept(socket, kTuple);
        if (ec) {
            if (ec == asio::error::operation_aborted || !acceptor.is_open()) break;
            log->warn("accept failed error={}", ec.message());
            asio::steady_timer pause(acceptor.get_executor(),
                                     std::chrono::milliseconds(50));  // e.g. out of descriptors
            co_await pause.async_wait(kTuple);
            continue;
        }
        beast::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);  // answers go out at once, as nginx does
        auto connection = std::make_shared<Connection>(std::move(socket));
        remember(connection);
        asio::co_spawn(context, serve(connection), asio::detached);
    }
}

// Waits for open connections to finish their request, up to the grace period, then lets the
// event loops end.
awaitable<void> Server::Impl::watch_shutdown() {
    const auto deadline = SteadyClock::now() + options.shutdown_grace;
    asio::steady_timer tick(*contexts.front());
    for (;;) {
        if (no_connections()) break;
        if (SteadyClock::now() >= deadline) {
            log->warn("shutdown grace period over, closing remaining connections");
            for (auto& context : contexts) context->stop();
            break;
        }
        tick.expires_after(std::chrono::milliseconds(20));
        co_await tick.async_wait(kTuple);
    }
    release_event_loops();
}

void Server::Impl::release_event_loops() {
    for (auto& guard : guards) guard.reset();
}

void Server::Impl::begin_shutdown() {
    if (stopping.exchange(true)) return;
    log->info("shutdown requested, no longer accepting");
    beast::error_code ignored;
    acceptor.close(ignored);
    signals.cancel(ignored);
    cancel_idle_connections();
    // Spawned outside any lock: co_spawn may start the coroutine inline on this thread.
    asio::co_spawn(*contexts.front(), watch_shutdown(), asio::detached);
}

void Server::Impl::cancel_idle_connections() {
    std::lock_guard lock(connections_mutex);
    for (auto& [raw, weak] : connections) {
        auto connection = weak.lock();
        if (!connection) continue;
        // Idle keep-alive connections wait in a read: cancel it. Busy ones close after answering.
        asio::post(connection->stream.get_executor(), [connection] {
            if (!connection->busy) connection->stream.cancel();
        });
    }
}

Server::Server(ServerOptions options, const Router& router, app::Metrics* metrics)
    : impl_(std::make_unique<Impl>(std::move(options), router, metrics)) {}

Server::~Server() = default;

Expected<std::uint16_t> Server::listen() {
    raise_open_files_limit();
    beast::error_code ec;
    const auto address = asio::ip::make_address(impl_->options.host, ec);
    if (ec)
        return fail("config", "cannot listen on '" + impl_->options.host + "': not an IP address");
    const tcp::endpoint endpoint{address, impl_->options.port};
    auto& acceptor = impl_->acceptor;
    if (acceptor.open(endpoint.protocol(), ec); ec)
        return fail("listen", "cannot open socket: " + ec.message());
    acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (acceptor.bind(endpoint, ec); ec)
        return fail("listen", "cannot bind " + impl_->options.host + ":" +
                                  std::to_string(impl_->options.port) + ": " + ec.message());
    if (acceptor.listen(asio::socket_base::max_listen_connections, ec); ec)
        return fail("listen", "cannot listen: " + ec.message());
    return acceptor.local_endpoint().port();
}

void Server::run(bool handle_signals) {
    auto& impl = *impl_;
    if (impl.metrics != nullptr)
        impl.http_metrics = std::make_unique<HttpMetrics>(*impl.metrics, impl.router,
                                                          impl.options.transition_routes);
    asio::co_spawn(*impl.contexts.front(), impl.accept_loop(), asio::detached);
    if (handle_signals) {
        impl.signals.add(SIGINT);
        impl.signals.add(SIGTERM);
        impl.signals.async_wait([&impl](const beast::error_code& ec, int) {
            if (!ec) impl.begin_shutdown();
        });
    }
    std::vector<std::thread> extra;
    for (std::size_t i = 1; i < impl.contexts.size(); ++i)
        extra.emplace_back([context = impl.contexts[i].get()] { context->run(); });
    impl.contexts.front()->run();
    for (auto& thread : extra) thread.join();
    impl.workers.join();
    impl.log->info("server stopped");
    spdlog::apply_all([](const std::shared_ptr<spdlog::logger>& logger) { logger->flush(); });
}

void Server::stop() {
    asio::post(*impl_->contexts.front(), [impl = impl_.get()] { impl->begin_shutdown(); });
}

}  // namespace wg::http
