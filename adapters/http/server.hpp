// The HTTP/1.1 server: Boost.Beast, asynchronous, keep-alive, header and body limits, read
// timeouts and graceful shutdown. Beast and Asio stay inside server.cpp; callers see plain
// Request and Response values.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "adapters/http/router.hpp"
#include "rules/expected.hpp"

namespace wg::http {

struct ServerOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;              // 0: let the system pick (tests)
    std::size_t io_threads = 0;             // 0: one per core
    std::size_t worker_threads = 8;         // handlers that may block (database)
    std::size_t header_limit = 16 * 1024;   // bytes; larger headers get 431
    std::size_t body_limit = 1024 * 1024;   // bytes; larger bodies get 413 and are not read
    std::chrono::seconds read_timeout{30};  // per request, and idle time between keep-alive requests
    std::chrono::seconds shutdown_grace{10};
};

class Server {
public:
    Server(ServerOptions options, const Router& router);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// Binds and listens; returns the bound port (useful with port 0).
    Expected<std::uint16_t> listen();

    /// Serves until stop() or SIGINT/SIGTERM (when `handle_signals`); then stops accepting,
    /// lets in-flight requests finish (up to shutdown_grace) and returns.
    void run(bool handle_signals);

    /// Asks a running server to shut down gracefully; safe from any thread.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace wg::http
