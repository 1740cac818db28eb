// The HTTP/1.1 server: Boost.Beast, asynchronous, keep-alive, header and body limits, read,
// header and idle timeouts, request metrics, an access log and graceful shutdown. Beast and
// Asio stay inside server.cpp; callers see plain Request and Response values.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "adapters/http/router.hpp"
#include "rules/expected.hpp"

namespace wg::app {
class Metrics;
}

namespace wg::http {

struct ServerOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;             // 0: let the system pick (tests)
    std::size_t io_threads = 0;            // 0: one per core
    std::size_t worker_threads = 8;        // handlers that may block (database)
    std::size_t header_limit = 16 * 1024;  // bytes; larger headers get 431
    std::size_t body_limit = 1024 * 1024;  // bytes; larger bodies get 413 and are not read
    // Slow clients hold a socket and a little memory, never a thread: each phase has a deadline.
    std::chrono::seconds idle_timeout{30};  // a keep-alive connection waiting for its next request
    std::chrono::seconds header_timeout{
        10};  // request line and headers, from the request's first byte
    std::chrono::seconds read_timeout{
        30};  // the whole request from its first byte; also writing the answer
    std::chrono::seconds shutdown_grace{10};
    /// Routes ("POST /api/v1/cases") whose 2xx answers, replays excepted, each record one
    /// transition in wageguard_http_transitions_total.
    std::vector<std::string> transition_routes;
};

class Server {
public:
    /// `metrics`, when given, receives the request metrics (see README, Operations) and must
    /// outlive the server. The router may still get routes until run().
    Server(ServerOptions options, const Router& router, app::Metrics* metrics = nullptr);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// Binds and listens; returns the bound port (useful with port 0). Also raises the soft
    /// limit of open files to the hard limit: every slow client holds a descriptor.
    Expected<std::uint16_t> listen();

    /// Serves until stop() or SIGINT/SIGTERM (when `handle_signals`); then stops accepting,
    /// lets in-flight requests finish (up to shutdown_grace), flushes the logs and returns.
    void run(bool handle_signals);

    /// Asks a running server to shut down gracefully; safe from any thread.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace wg::http
