// Start and stop of an in-process server.
#include "tests/support/running_server.hpp"

#include <filesystem>

#include <stdexcept>

namespace wg::test {

config::Settings test_settings(const std::string& dsn) {
    config::Settings settings;
    settings.listen_host = "127.0.0.1";
    settings.listen_port = 0;
    settings.database_url = dsn;
    settings.database_pool_size = 4;
    settings.http_io_threads = 2;
    settings.workflows_dir = std::string(WG_SOURCE_DIR) + "/config/workflows";
    settings.calendars_dir = std::string(WG_SOURCE_DIR) + "/config/calendars";
    settings.rules_dir = std::string(WG_SOURCE_DIR) + "/config/rules";
    settings.auth_header_identity = true;  // tests that check tokens turn it off
    settings.pepper_file = (std::filesystem::temp_directory_path() / "wageguard-test" / "pepper").string();
    return settings;
}

RunningServer::RunningServer(const config::Settings& settings, bool migrate, const app::Clock* clock) {
    auto app = ServerApp::create(settings, clock);
    if (!app) throw std::runtime_error("server app: " + app.error().front().to_string());
    app_ = std::move(*app);
    if (migrate) {
        if (auto done = app_->migrate(5); !done) throw std::runtime_error("migrate: " + done.error().message);
    }
    auto port = app_->listen();
    if (!port) throw std::runtime_error("listen: " + port.error().message);
    port_ = *port;
    thread_ = std::thread([this] { app_->run(false); });
}

void RunningServer::stop() {
    if (!thread_.joinable()) return;
    app_->stop();
    thread_.join();
}

RunningServer::~RunningServer() { stop(); }

}  // namespace wg::test
