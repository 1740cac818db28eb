// YAML settings with strict keys: a misspelt key is an error, not a silent default.
#include "adapters/config/settings.hpp"

#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <set>

namespace wg::config {
namespace {

SourceLocation where(const std::string& file, const YAML::Node& node) {
    const auto mark = node.Mark();
    return {file, static_cast<std::uint32_t>(mark.line + 1), static_cast<std::uint32_t>(mark.column + 1)};
}

template <typename T>
void read(const YAML::Node& map, const char* key, T& out, const std::string& file, Errors& errors) {
    const YAML::Node node = map[key];
    if (!node) return;
    try {
        out = node.as<T>();
    } catch (const YAML::Exception&) {
        errors.push_back({"config", std::string("'") + key + "' has the wrong type", {}, where(file, node)});
    }
}

void check_keys(const YAML::Node& map, const std::set<std::string>& known, const std::string& context,
                const std::string& file, Errors& errors) {
    for (const auto& entry : map) {
        const auto key = entry.first.as<std::string>();
        if (!known.contains(key))
            errors.push_back({"config", "unknown key '" + key + "' in " + context, {}, where(file, entry.first)});
    }
}

}  // namespace

Expected<void> set_listen(Settings& settings, const std::string& host_port) {
    const auto colon = host_port.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == host_port.size())
        return fail("format", "listen address must be host:port, got '" + host_port + "'");
    const std::string port = host_port.substr(colon + 1);
    if (port.find_first_not_of("0123456789") != std::string::npos || port.size() > 5 || std::stoi(port) > 65535)
        return fail("format", "bad port in listen address '" + host_port + "'");
    settings.listen_host = host_port.substr(0, colon);
    settings.listen_port = static_cast<std::uint16_t>(std::stoi(port));
    return {};
}

Expected<Settings, Errors> load_settings(const std::string& path) {
    namespace fs = std::filesystem;
    Settings settings;
    Errors errors;
    YAML::Node root;
    try {
        root = YAML::LoadFile(path);
    } catch (const YAML::BadFile&) {
        return Unexpected<Errors>{{Error{"config", "cannot read config file " + path, {}, {}}}};
    } catch (const YAML::Exception& e) {
        return Unexpected<Errors>{{Error{"config", e.msg, {}, {path, static_cast<std::uint32_t>(e.mark.line + 1),
                                                               static_cast<std::uint32_t>(e.mark.column + 1)}}}};
    }
    check_keys(root, {"listen", "database", "http", "workflows_dir", "calendars_dir", "rules_dir",
                      "provisional_calendar_years", "log_level", "pepper_file", "workers", "webhooks_file", "auth",
                      "complaints_per_minute"},
               "the config", path, errors);
    std::string listen = settings.listen_host + ":" + std::to_string(settings.listen_port);
    read(root, "listen", listen, path, errors);
    if (auto ok = set_listen(settings, listen); !ok)
        errors.push_back({"config", ok.error().message, {}, where(path, root["listen"])});
    if (const auto db = root["database"]) {
        check_keys(db, {"url", "pool_size", "cached_cases"}, "database", path, errors);
        read(db, "url", settings.database_url, path, errors);
        read(db, "pool_size", settings.database_pool_size, path, errors);
        read(db, "cached_cases", settings.cached_cases, path, errors);
    }
    if (const auto http = root["http"]) {
        check_keys(http, {"io_threads", "body_limit_bytes", "header_limit_bytes", "read_timeout_seconds"}, "http",
                   path, errors);
        read(http, "io_threads", settings.http_io_threads, path, errors);
        read(http, "body_limit_bytes", settings.http_body_limit, path, errors);
        read(http, "header_limit_bytes", settings.http_header_limit, path, errors);
        long timeout = settings.http_read_timeout.count();
        read(http, "read_timeout_seconds", timeout, path, errors);
        settings.http_read_timeout = std::chrono::seconds(timeout);
    }
    const auto folder = [&](const char* key, std::string fallback) {
        read(root, key, fallback, path, errors);
        return (fs::path(path).parent_path() / fallback).lexically_normal().string();
    };
    settings.workflows_dir = folder("workflows_dir", "workflows");
    settings.calendars_dir = folder("calendars_dir", "calendars");
    settings.rules_dir = folder("rules_dir", "rules");
    read(root, "provisional_calendar_years", settings.provisional_calendar_years, path, errors);
    read(root, "log_level", settings.log_level, path, errors);
    settings.pepper_file = folder("pepper_file", "../var/secrets/pepper");
    settings.webhooks_file = folder("webhooks_file", "webhooks.yaml");
    read(root, "complaints_per_minute", settings.complaints_per_minute, path, errors);
    if (const auto auth = root["auth"]) {
        check_keys(auth, {"header_identity", "token_cache_seconds"}, "auth", path, errors);
        read(auth, "header_identity", settings.auth_header_identity, path, errors);
        long ttl = settings.auth_token_cache.count();
        read(auth, "token_cache_seconds", ttl, path, errors);
        settings.auth_token_cache = std::chrono::seconds(ttl);
    }
    if (const auto workers = root["workers"]) {
        check_keys(workers, {"enabled", "poll_interval_ms", "lease_seconds", "batch", "outbox_max_attempts",
                             "deadline_threads"},
                   "workers", path, errors);
        read(workers, "enabled", settings.workers_enabled, path, errors);
        long poll = settings.worker_poll.count(), lease = settings.worker_lease.count();
        read(workers, "poll_interval_ms", poll, path, errors);
        read(workers, "lease_seconds", lease, path, errors);
        settings.worker_poll = std::chrono::milliseconds(poll);
        settings.worker_lease = std::chrono::seconds(lease);
        read(workers, "batch", settings.worker_batch, path, errors);
        read(workers, "deadline_threads", settings.deadline_threads, path, errors);
        read(workers, "outbox_max_attempts", settings.outbox_max_attempts, path, errors);
    }
    if (!errors.empty()) return Unexpected<Errors>{std::move(errors)};
    return settings;
}

Expected<void> apply_environment(Settings& settings) {
    if (const char* url = std::getenv("WAGEGUARD_DATABASE_URL"); url != nullptr && *url != '\0')
        settings.database_url = url;
    if (const char* listen = std::getenv("WAGEGUARD_LISTEN"); listen != nullptr && *listen != '\0')
        return set_listen(settings, listen);
    return {};
}

}  // namespace wg::config
