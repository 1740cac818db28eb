// The real server (the same ServerApp as `wageguard serve`) running on a background thread on
// 127.0.0.1 and a port the system picks, for integration tests.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "adapters/config/settings.hpp"
#include "adapters/server_app.hpp"

namespace wg::test {

/// Settings for tests: port 0, the shipped workflows, the given database.
config::Settings test_settings(const std::string& dsn);

class RunningServer {
public:
    /// Migrates (when `migrate`), listens and starts serving. Throws on failure. `clock`, when
    /// given, replaces the system clock and must outlive the server.
    explicit RunningServer(const config::Settings& settings, bool migrate = true, const app::Clock* clock = nullptr);
    ~RunningServer();  // graceful stop and join

    [[nodiscard]] std::uint16_t port() const { return port_; }
    /// Stops gracefully and waits for run() to return.
    void stop();
    /// Wakes the deadline worker and the outbox relay (after moving a test clock).
    void wake_workers() { app_->wake_workers(); }

private:
    std::unique_ptr<ServerApp> app_;
    std::thread thread_;
    std::uint16_t port_ = 0;
};

}  // namespace wg::test
