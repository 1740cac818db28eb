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
    /// Migrates (when `migrate`), listens and starts serving. Throws on failure.
    explicit RunningServer(const config::Settings& settings, bool migrate = true);
    ~RunningServer();  // graceful stop and join

    [[nodiscard]] std::uint16_t port() const { return port_; }
    /// Stops gracefully and waits for run() to return.
    void stop();

private:
    std::unique_ptr<ServerApp> app_;
    std::thread thread_;
    std::uint16_t port_ = 0;
};

}  // namespace wg::test
