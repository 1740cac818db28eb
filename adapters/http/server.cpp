// The only translation unit that instantiates Beast and Asio (they cost about a minute of
// compile time each): one coroutine per connection, handlers that may block run on a worker
// pool so that slow database work never stalls the I/O threads.
#include "adapters/http/server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace wg::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

struct Connection {
    explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
    beast::tcp_stream stream;
    bool busy = false;  // touched only on the connection's strand
};

Request to_plain(const bhttp::request<bhttp::string_body>& message) {
    Request request;
    request.method = std::string(message.method_string());
    const std::string target(message.target());
    const auto question = target.find('?');
    request.path = target.substr(0, question);
    if (question != std::string::npos) request.query = target.substr(question + 1);
    for (const auto& field : message) {
        std::string name(field.name_string());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        request.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    request.body = message.body();
    return request;
}

bhttp::response<bhttp::string_body> to_beast(const Response& response, unsigned version, bool keep_alive,
                                             const std::string& request_id) {
    bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(response.status), version};
    out.set(bhttp::field::server, "wageguard");
    out.set(bhttp::field::content_type, response.content_type);
    out.set("X-Request-Id", request_id);
    for (const auto& [name, value] : response.headers) out.set(name, value);
    out.keep_alive(keep_alive);
    out.body() = response.body;
    out.prepare_payload();
    return out;
}

}  // namespace

struct Server::Impl {
    Impl(ServerOptions opts, const Router& r)
        : options(std::move(opts)),
          router(r),
          workers(options.worker_threads == 0 ? 1 : options.worker_threads),
          acceptor(ioc),
          signals(ioc),
          log(spdlog::get("http") ? spdlog::get("http") : spdlog::default_logger()) {}

    awaitable<void> accept_loop();
    awaitable<void> serve(std::shared_ptr<Connection> connection);
    awaitable<Response> on_worker(const Request& request);
    awaitable<void> reject(Connection& connection, const Response& response, unsigned version,
                           const std::string& request_id);
    awaitable<void> watch_shutdown();
    Response safe_handle(const Request& request) const;
    std::string next_request_id();
    void begin_shutdown();
    // The connection registry. Locks are taken only in these plain functions, never across a
    // coroutine body: g++ 12 can skip a guard's destructor when a coroutine leaves its scope.
    void remember(const std::shared_ptr<Connection>& connection);
    void forget(Connection* connection);
    bool no_connections();
    void cancel_idle_connections();

    ServerOptions options;
    const Router& router;
    asio::io_context ioc;
    asio::thread_pool workers;
    tcp::acceptor acceptor;
    asio::signal_set signals;
    std::shared_ptr<spdlog::logger> log;
    std::atomic<bool> stopping{false};
    std::atomic<std::uint64_t> request_counter{0};
    std::mutex connections_mutex;
    std::unordered_map<Connection*, std::weak_ptr<Connection>> connections;
};

std::string Server::Impl::next_request_id() {
    static const auto boot = std::chrono::steady_clock::now().time_since_epoch().count();
    return fmt::format("{:x}-{:06x}", static_cast<std::uint64_t>(boot) & 0xffffff, ++request_counter);
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

Response Server::Impl::safe_handle(const Request& request) const {
    try {
        return router.handle(request);
    } catch (const std::exception& e) {
        log->error("handler failed id={} error={}", request.request_id, e.what());
        return problem_response("internal", "internal error; request id " + request.request_id);
    }
}

awaitable<Response> Server::Impl::on_worker(const Request& request) {
    co_return co_await asio::co_spawn(
        workers.get_executor(),
        [this, &request]() -> awaitable<Response> { co_return safe_handle(request); },
        asio::use_awaitable);
}

// Answers a request we will not read to the end (too large), then closes. The unread rest is
// drained for a moment so that the client sees our answer rather than a connection reset.
awaitable<void> Server::Impl::reject(Connection& connection, const Response& response, unsigned version,
                                     const std::string& request_id) {
    auto out = to_beast(response, version, false, request_id);
    connection.stream.expires_after(std::chrono::seconds(5));
    co_await bhttp::async_write(connection.stream, out, kTuple);
    beast::error_code ignored;
    connection.stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    std::array<char, 64 * 1024> sink{};
    connection.stream.expires_after(std::chrono::seconds(2));
    for (;;) {
        auto [ec, n] = co_await connection.stream.async_read_some(asio::buffer(sink), kTuple);
        if (ec) break;
    }
}

awaitable<void> Server::Impl::serve(std::shared_ptr<Connection> connection) {
    beast::flat_buffer buffer;
    auto& stream = connection->stream;
    while (!stopping) {
        bhttp::request_parser<bhttp::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
        parser.body_limit(options.body_limit);
        stream.expires_after(options.read_timeout);
        auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, parser, kTuple);
        if (ec == bhttp::error::header_limit) {
            co_await reject(*connection, problem_response("headers_too_large", "request headers too large"), 11, next_request_id());
            break;
        }
        if (ec == bhttp::error::body_limit) {  // Content-Length over the limit: refuse unread
            co_await reject(*connection, problem_response("payload_too_large", "the body exceeds the limit of " +
                                                                                   std::to_string(options.body_limit) + " bytes"),
                            parser.get().version(), next_request_id());
            break;
        }
        if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted)
            break;
        if (ec) {
            co_await reject(*connection, problem_response("bad_request", "malformed HTTP request"), 11, next_request_id());
            break;
        }
        connection->busy = true;
        const std::string request_id = next_request_id();
        const unsigned version = parser.get().version();
        if (!parser.is_done()) {
            if (parser.get()[bhttp::field::expect] == "100-continue") {
                bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, version};
                co_await bhttp::async_write(stream, go_on, kTuple);
            }
            auto [body_ec, body_n] = co_await bhttp::async_read(stream, buffer, parser, kTuple);
            if (body_ec == bhttp::error::body_limit) {
                co_await reject(*connection, problem_response("payload_too_large", "the body exceeds the limit"), version,
                                request_id);
                break;
            }
            if (body_ec) break;
        }
        const auto started = std::chrono::steady_clock::now();
        Request request = to_plain(parser.get());
        request.request_id = request_id;
        // Not a conditional expression: g++ 12 miscompiles co_await inside ?: (double destroy).
        Response response;
        if (router.runs_on_io_thread(request))
            response = safe_handle(request);
        else
            response = co_await on_worker(request);
        const bool keep_alive = parser.get().keep_alive() && !stopping;
        auto out = to_beast(response, version, keep_alive, request_id);
        stream.expires_after(options.read_timeout);
        auto [write_ec, written] = co_await bhttp::async_write(stream, out, kTuple);
        const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - started;
        log->info("request id={} method={} path={} status={} ms={:.2f}", request_id, request.method, request.path,
                  response.status, took.count());
        connection->busy = false;
        if (write_ec || !keep_alive) break;
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    forget(connection.get());
}

awaitable<void> Server::Impl::accept_loop() {
    while (acceptor.is_open()) {
        auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(ioc), kTuple);
        if (ec) {
            if (ec == asio::error::operation_aborted || !acceptor.is_open()) break;
            log->warn("accept failed error={}", ec.message());
            asio::steady_timer pause(ioc, std::chrono::milliseconds(50));  // e.g. out of descriptors
            co_await pause.async_wait(kTuple);
            continue;
        }
        auto connection = std::make_shared<Connection>(std::move(socket));
        remember(connection);
        asio::co_spawn(connection->stream.get_executor(), serve(connection), asio::detached);
    }
}

// Waits for open connections to finish their request, up to the grace period, then ends the
// event loop.
awaitable<void> Server::Impl::watch_shutdown() {
    const auto deadline = std::chrono::steady_clock::now() + options.shutdown_grace;
    asio::steady_timer tick(ioc);
    for (;;) {
        if (no_connections()) break;
        if (std::chrono::steady_clock::now() >= deadline) {
            log->warn("shutdown grace period over, closing remaining connections");
            ioc.stop();
            break;
        }
        tick.expires_after(std::chrono::milliseconds(20));
        co_await tick.async_wait(kTuple);
    }
}

void Server::Impl::begin_shutdown() {
    if (stopping.exchange(true)) return;
    log->info("shutdown requested, no longer accepting");
    beast::error_code ignored;
    acceptor.close(ignored);
    signals.cancel(ignored);
    cancel_idle_connections();
    // Spawned outside any lock: co_spawn may start the coroutine inline on this thread.
    asio::co_spawn(ioc, watch_shutdown(), asio::detached);
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

Server::Server(ServerOptions options, const Router& router)
    : impl_(std::make_unique<Impl>(std::move(options), router)) {}

Server::~Server() = default;

Expected<std::uint16_t> Server::listen() {
    beast::error_code ec;
    const auto address = asio::ip::make_address(impl_->options.host, ec);
    if (ec) return fail("config", "cannot listen on '" + impl_->options.host + "': not an IP address");
    const tcp::endpoint endpoint{address, impl_->options.port};
    auto& acceptor = impl_->acceptor;
    if (acceptor.open(endpoint.protocol(), ec); ec) return fail("listen", "cannot open socket: " + ec.message());
    acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (acceptor.bind(endpoint, ec); ec)
        return fail("listen", "cannot bind " + impl_->options.host + ":" + std::to_string(impl_->options.port) + ": " +
                                  ec.message());
    if (acceptor.listen(asio::socket_base::max_listen_connections, ec); ec)
        return fail("listen", "cannot listen: " + ec.message());
    return acceptor.local_endpoint().port();
}

void Server::run(bool handle_signals) {
    auto& impl = *impl_;
    asio::co_spawn(impl.ioc, impl.accept_loop(), asio::detached);
    if (handle_signals) {
        impl.signals.add(SIGINT);
        impl.signals.add(SIGTERM);
        impl.signals.async_wait([&impl](const beast::error_code& ec, int) {
            if (!ec) impl.begin_shutdown();
        });
    }
    std::size_t threads = impl.options.io_threads;
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::thread> extra;
    for (std::size_t i = 1; i < threads; ++i) extra.emplace_back([&impl] { impl.ioc.run(); });
    impl.ioc.run();
    for (auto& thread : extra) thread.join();
    impl.workers.join();
    impl.log->info("server stopped");
}

void Server::stop() {
    asio::post(impl_->ioc, [impl = impl_.get()] { impl->begin_shutdown(); });
}

}  // namespace wg::http
