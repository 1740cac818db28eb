// The composition root shared by the serve command and the tests.
#include "adapters/server_app.hpp"

#include <spdlog/spdlog.h>

#include <thread>

#include "adapters/app/case_service.hpp"
#include "adapters/app/rule_book.hpp"
#include "adapters/app/workflow_registry.hpp"
#include "adapters/http/api_routes.hpp"
#include "adapters/http/router.hpp"
#include "adapters/http/server.hpp"
#include "adapters/pg/database.hpp"
#include "adapters/pg/migrations.hpp"
#include "adapters/pg/pg_case_store.hpp"

namespace wg {

struct ServerApp::Parts {
    Parts(const config::Settings& s, app::RuleBook book, app::WorkflowRegistry registry,
          const app::Clock* external_clock)
        : settings(s),
          rule_book(std::move(book)),
          workflows(std::move(registry)),
          database(settings.database_url, settings.database_pool_size),
          store(database),
          clock(external_clock != nullptr ? *external_clock : system_clock),
          service(workflows, store, clock, *rule_book.calendar),
          workflow_service(workflows, store),
          server(server_options(settings), router) {
        http::add_api_routes(router, service, workflow_service);
    }

    static http::ServerOptions server_options(const config::Settings& settings) {
        http::ServerOptions options;
        options.host = settings.listen_host;
        options.port = settings.listen_port;
        options.io_threads = settings.http_io_threads;
        options.worker_threads = settings.database_pool_size;
        options.body_limit = settings.http_body_limit;
        options.header_limit = settings.http_header_limit;
        options.read_timeout = settings.http_read_timeout;
        return options;
    }

    config::Settings settings;
    app::RuleBook rule_book;
    app::WorkflowRegistry workflows;
    pg::Database database;
    pg::PgCaseStore store;
    app::SystemClock system_clock;
    const app::Clock& clock;
    app::CaseService service;
    app::WorkflowService workflow_service;
    http::Router router;
    http::Server server;
};

ServerApp::ServerApp() = default;
ServerApp::~ServerApp() = default;

Expected<std::unique_ptr<ServerApp>, Errors> ServerApp::create(const config::Settings& settings,
                                                               const app::Clock* clock) {
    auto book = app::load_rule_book(settings.calendars_dir, settings.rules_dir, settings.provisional_calendar_years);
    if (!book) return Unexpected<Errors>{book.error()};
    auto workflows = app::WorkflowRegistry::load_directory(settings.workflows_dir, book->functions);
    if (!workflows) return Unexpected<Errors>{workflows.error()};
    std::unique_ptr<ServerApp> app(new ServerApp());
    app->parts_ = std::make_unique<Parts>(settings, std::move(*book), std::move(*workflows), clock);
    return app;
}

Expected<void> ServerApp::migrate(int attempts) {
    auto log = spdlog::get("pg") ? spdlog::get("pg") : spdlog::default_logger();
    for (int attempt = 1;; ++attempt) {
        auto applied = pg::migrate(parts_->database, pg::embedded_migrations());
        if (applied) {
            for (const auto& name : *applied) log->info("migration applied name={}", name);
            return {};
        }
        if (applied.error().code != "database_unavailable" || attempt >= attempts)
            return Unexpected<Error>{applied.error()};
        log->warn("database unavailable, retrying attempt={} error={}", attempt, applied.error().message);
        std::this_thread::sleep_for(std::chrono::seconds(1));
    }
}

Expected<std::uint16_t> ServerApp::listen() { return parts_->server.listen(); }

void ServerApp::run(bool handle_signals) { parts_->server.run(handle_signals); }

void ServerApp::stop() { parts_->server.stop(); }

}  // namespace wg
