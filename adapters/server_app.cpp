// The composition root shared by the serve command and the tests.
#include "adapters/server_app.hpp"

#include <spdlog/spdlog.h>

#include <unistd.h>

#include <thread>

#include "adapters/app/case_service.hpp"
#include "adapters/app/deadline_worker.hpp"
#include "adapters/app/metrics.hpp"
#include "adapters/app/queue_relay.hpp"
#include "adapters/http/case_list_route.hpp"
#include "adapters/pg/pg_case_query.hpp"
#include "adapters/pg/pg_listener.hpp"
#include "adapters/pg/pg_work_queues.hpp"
#include "adapters/app/party_hash.hpp"
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
    Parts(const config::Settings& s, app::RuleBook book, app::WorkflowRegistry registry, std::string pepper,
          const app::Clock* external_clock)
        : settings(s),
          rule_book(std::move(book)),
          workflows(std::move(registry)),
          database(settings.database_url, settings.database_pool_size),
          store(database),
          clock(external_clock != nullptr ? *external_clock : system_clock),
          service(workflows, store, clock, *rule_book.calendar, pepper),
          case_query(database, pepper),
          workflow_service(workflows, store),
          deadline_queue(database),
          outbox(database, pg::PgItemQueue::Table::outbox),
          inbox(database, pg::PgItemQueue::Table::inbox),
          deadline_worker(service, deadline_queue, clock, metrics, worker_options(settings)),
          outbox_relay("outbox", outbox, clock, metrics, worker_options(settings), settings.outbox_max_attempts),
          listener(settings.database_url),
          server(server_options(settings), router) {
        http::add_api_routes(router, service, workflow_service);
        http::add_case_list_route(router, case_query, clock);
        router.add("GET", "/metrics", http::Execution::io_thread, [this](const http::Request&, const http::PathParams&) {
            return http::Response{200, "text/plain; version=0.0.4; charset=utf-8", metrics.render(), {}};
        });
        add_outbox_handlers();
        listener.on("wageguard_deadlines", [this] { deadline_worker.wake(); });
        listener.on("wageguard_outbox", [this] { outbox_relay.wake(); });
    }

    static app::WorkerOptions worker_options(const config::Settings& settings) {
        char host[256] = {};
        gethostname(host, sizeof host - 1);
        app::WorkerOptions options;
        options.node = std::string(host) + ":" + std::to_string(getpid());
        options.poll = settings.worker_poll;
        options.lease = settings.worker_lease;
        options.batch = settings.worker_batch;
        return options;
    }

    // Effects the engine asked for, carried out at least once. Child cases and parent signals
    // use the outbox row's id as their idempotency key, so a repeat changes nothing.
    void add_outbox_handlers() {
        const app::Actor system{worker_options(settings).node, "system"};
        auto key_of = [](const app::QueuedItem& item) {
            return app::IdempotencyKey{"outbox", item.id, item.id};
        };
        outbox_relay.on("open_child", [this, system, key_of](const app::QueuedItem& item) -> Expected<void> {
            auto parent = store.find(item.case_id);
            if (!parent) return Unexpected<Error>{parent.error()};
            app::Json body = {{"workflow", item.payload.value("workflow", "")},
                              {"data", item.payload.value("data", app::Json::object())}};
            if (!parent->region.empty()) body["region"] = parent->region;
            auto opened = service.open_case(body, system, key_of(item), item.case_id);
            if (!opened) return Unexpected<Error>{opened.error()};
            return {};
        });
        outbox_relay.on("signal_parent", [this, system, key_of](const app::QueuedItem& item) -> Expected<void> {
            auto child = store.find(item.case_id);
            if (!child) return Unexpected<Error>{child.error()};
            if (child->parent_id.empty()) return fail("no_parent", "case " + item.case_id + " has no parent case");
            auto fired = service.fire_event(child->parent_id, {{"event", item.payload.value("event", "")}}, system,
                                            std::nullopt, key_of(item));
            if (!fired) return Unexpected<Error>{fired.error()};
            return {};
        });
        // Until people have an inbox (the console) or a channel (webhooks), notices and alerts
        // are delivered to the log, where operators collect them.
        for (const char* kind : {"notify", "alert"})
            outbox_relay.on(kind, [kind](const app::QueuedItem& item) -> Expected<void> {
                auto logger = spdlog::get("worker") ? spdlog::get("worker") : spdlog::default_logger();
                logger->log(std::string(kind) == "alert" ? spdlog::level::warn : spdlog::level::info,
                            "{} case={} role={} message={}", kind, item.case_id, item.payload.value("role", ""),
                            item.payload.value("message", ""));
                return {};
            });
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
    pg::PgCaseQuery case_query;
    app::WorkflowService workflow_service;
    app::Metrics metrics;
    pg::PgDeadlineQueue deadline_queue;
    pg::PgItemQueue outbox;
    pg::PgItemQueue inbox;
    app::DeadlineWorker deadline_worker;
    app::QueueRelay outbox_relay;
    pg::Listener listener;
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
    auto pepper = app::load_or_create_pepper(settings.pepper_file);
    if (!pepper) return Unexpected<Errors>{Errors{pepper.error()}};
    std::unique_ptr<ServerApp> app(new ServerApp());
    app->parts_ = std::make_unique<Parts>(settings, std::move(*book), std::move(*workflows), std::move(*pepper), clock);
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

void ServerApp::run(bool handle_signals) {
    if (parts_->settings.workers_enabled) {
        parts_->listener.start();
        parts_->deadline_worker.start();
        parts_->outbox_relay.start();
    }
    parts_->server.run(handle_signals);
    // The server has drained its requests; finish the current batch of background work.
    parts_->outbox_relay.stop();
    parts_->deadline_worker.stop();
    parts_->listener.stop();
}

void ServerApp::stop() { parts_->server.stop(); }

void ServerApp::wake_workers() {
    parts_->deadline_worker.wake();
    parts_->outbox_relay.wake();
}

}  // namespace wg
