// Wires the server together: settings → database, store, workflows, service, router, HTTP.
// Used by `wageguard serve` and by the integration tests, so both run the same assembly.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "adapters/app/clock.hpp"
#include "adapters/config/settings.hpp"
#include "rules/expected.hpp"

namespace wg {

class ServerApp {
public:
    /// Loads workflows and prepares the database pool (without connecting). `clock` may be
    /// null for the system clock; otherwise it must outlive the app.
    static Expected<std::unique_ptr<ServerApp>, Errors> create(const config::Settings& settings,
                                                               const app::Clock* clock = nullptr);
    ~ServerApp();
    ServerApp(const ServerApp&) = delete;
    ServerApp& operator=(const ServerApp&) = delete;

    /// Applies pending migrations; retries while the database is unreachable, up to `attempts`.
    Expected<void> migrate(int attempts);

    /// Binds the listening socket; returns the bound port.
    Expected<std::uint16_t> listen();

    /// Serves until stop() (or a signal, when `handle_signals`).
    void run(bool handle_signals);

    /// Graceful stop; safe from any thread.
    void stop();

    /// Wakes the background workers now (they also wake on NOTIFY and by polling).
    void wake_workers();

    /// "METHOD pattern" of every HTTP route (checked against schemas/openapi.yaml by a test).
    [[nodiscard]] std::vector<std::string> route_names() const;

private:
    ServerApp();
    struct Parts;
    std::unique_ptr<Parts> parts_;
};

}  // namespace wg
