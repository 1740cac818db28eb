// Server settings: config/wageguard.yaml, then environment overrides (WAGEGUARD_DATABASE_URL,
// WAGEGUARD_LISTEN), then command-line flags.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "rules/expected.hpp"

namespace wg::config {

struct Settings {
    std::string listen_host = "127.0.0.1";
    std::uint16_t listen_port = 8080;
    std::string database_url = "host=127.0.0.1 port=54329 user=postgres dbname=wageguard";
    std::size_t database_pool_size = 8;
    std::size_t cached_cases = 10'000;  // cases a node keeps to skip the locked read (0: none)
    std::size_t http_io_threads = 0;
    std::size_t http_body_limit = 1024 * 1024;
    std::size_t http_header_limit = 16 * 1024;
    std::chrono::seconds http_read_timeout{30};
    std::string workflows_dir;  // absolute, or relative to the working directory
    std::string calendars_dir;  // cn-YYYY.yaml holiday calendars
    std::string rules_dir;      // law parameters
    int provisional_calendar_years = 2;  // weekend-only years past the last published calendar
    std::string log_level = "info";
    // Identity headers (X-Wageguard-Role …) instead of tokens: development and tests only;
    // refused unless the server listens on loopback.
    bool auth_header_identity = false;
    std::chrono::seconds auth_token_cache{10};
    double complaints_per_minute = 5;  // public complaints (and look-ups) per client address
    std::string webhooks_file;  // inbound sources and outbound endpoints (config/webhooks.yaml)
    std::string pepper_file;  // keys the hashes of ID numbers; WAGEGUARD_PEPPER wins when set
    // Background work (DESIGN.md §6): every node runs it; leases keep nodes from colliding.
    bool workers_enabled = true;
    std::chrono::milliseconds worker_poll{2000};  // polling fallback when no NOTIFY arrives
    std::chrono::seconds worker_lease{60};        // a claim expires unless finished by then
    std::size_t worker_batch = 200;               // rows claimed at a time
    std::size_t deadline_threads = 2;             // deadline claimers per node
    int outbox_max_attempts = 10;                 // then the row is a dead letter
};

/// Reads `path` (YAML). Relative folders in it are taken relative to the file's folder. All
/// errors are reported, each located as file:line:col.
Expected<Settings, Errors> load_settings(const std::string& path);

/// Applies WAGEGUARD_DATABASE_URL and WAGEGUARD_LISTEN when set.
Expected<void> apply_environment(Settings& settings);

/// Parses "host:port" into the settings; code `format` when malformed.
Expected<void> set_listen(Settings& settings, const std::string& host_port);

}  // namespace wg::config
