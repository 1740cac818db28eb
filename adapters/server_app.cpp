// The composition root shared by the serve command and the tests.
#include "adapters/server_app.hpp"

#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <algorithm>
#include <optional>
#include <thread>

#include "adapters/app/case_service.hpp"
#include "adapters/app/complaint_service.hpp"
#include "adapters/app/rate_limiter.hpp"
#include "adapters/app/deadline_worker.hpp"
#include "adapters/app/metrics.hpp"
#include "adapters/app/queue_relay.hpp"
#include "adapters/http/case_list_route.hpp"
#include "adapters/http/complaint_routes.hpp"
#include "adapters/pg/pg_case_query.hpp"
#include "adapters/pg/pg_token_store.hpp"
#include "adapters/app/authenticator.hpp"
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
#include "adapters/pg/pg_complaint_index.hpp"
#include "adapters/app/inbound_webhooks.hpp"
#include "adapters/app/webhook_config.hpp"
#include "adapters/http/webhook_routes.hpp"
#include "adapters/pg/pg_webhook_store.hpp"
#include "adapters/app/outbound_webhooks.hpp"
#include "adapters/http/webhook_admin_routes.hpp"
#include "adapters/http/webhook_client.hpp"
#include "adapters/pg/pg_webhook_admin.hpp"

namespace wg {
namespace {

// Scrape-time gauges of the outbox, the same on every node because they read the table (a
// per-process counter difference would be wrong as soon as two nodes share the outbox, and
// would restart at zero). Both stay on the partial index of pending rows.
constexpr const char* kOutboxPendingSql = "SELECT count(*) FROM outbox WHERE status = 'pending'";
constexpr const char* kOutboxLagSql =
    "SELECT coalesce(extract(epoch FROM now() - min(next_attempt_at)), 0)::float8 FROM outbox "
    "WHERE status = 'pending' AND next_attempt_at <= now()";

template <typename T>
std::optional<double> query_number(pg::Database& database, const char* sql) {
    // A scrape never queues for a session: with the pool busy, the sample is left out.
    if (database.sessions_in_use() >= database.pool_size()) return std::nullopt;
    T value{};
    auto done = database.with_session([&](soci::session& session) -> Expected<void> {
        session << sql, soci::into(value);
        return {};
    });
    if (!done) return std::nullopt;  // database away: the sample is left out of this scrape
    return static_cast<double>(value);
}

}  // namespace

struct ServerApp::Parts {
    Parts(const config::Settings& s, app::RuleBook book, app::WorkflowRegistry registry, std::string pepper,
          std::shared_ptr<const app::RequestSchemas> schemas, const app::Clock* external_clock,
          app::WebhookConfig webhooks)
        : settings(s),
          request_schemas(std::move(schemas)),
          rule_book(std::move(book)),
          workflows(std::move(registry)),
          database(settings.database_url, settings.database_pool_size),
          store(database, {.cached_cases = settings.cached_cases}),
          tokens(database),
          clock(external_clock != nullptr ? *external_clock : system_clock),
          authenticator(tokens, clock, app::AuthOptions{settings.auth_header_identity, settings.auth_token_cache}),
          service(workflows, store, clock, *rule_book.calendar, pepper),
          case_query(database, pepper),
          complaint_index(database, settings.database_url, settings.database_pool_size),
          complaints(service, store, complaint_index, workflows, clock, pepper),
          complaint_limiter(settings.complaints_per_minute),
          workflow_service(workflows, store),
          deadline_queue(database),
          outbox(database, pg::PgItemQueue::Table::outbox),
          inbox(database, pg::PgItemQueue::Table::inbox),
          deadline_worker(service, deadline_queue, clock, metrics, worker_options(settings)),
          outbox_relay("outbox", outbox, clock, metrics, worker_options(settings), settings.outbox_max_attempts),
          webhook_config(std::move(webhooks)),
          webhook_store(database),
          inbound(webhook_config.sources, inbox, webhook_store, service, store, clock),
          inbox_queue(inbox, inbound),
          inbox_relay("inbox", inbox_queue, clock, metrics, worker_options(settings), settings.outbox_max_attempts),
          webhook_admin(database),
          outbound(webhook_config.endpoints, store, webhook_admin, webhook_client, clock),
          webhook_relay("webhooks", outbox, clock, metrics, worker_options(settings), app::webhook_retry_policy()),
          listener(settings.database_url),
          server(server_options(settings), router, &metrics) {
        http::add_api_routes(router, service, workflow_service, authenticator, *request_schemas);
        http::add_case_list_route(router, case_query, clock, authenticator);
        http::add_complaint_routes(router, complaints, complaint_limiter, clock, *request_schemas);
        // On the worker pool: rendering queries the outbox backlog.
        router.add("GET", "/metrics", http::Execution::worker_pool, [this](const http::Request&, const http::PathParams&) {
            return http::Response{200, "text/plain; version=0.0.4; charset=utf-8", metrics.render(), {}};
        });
        add_scrape_gauges();
        add_outbox_handlers();
        listener.on("wageguard_deadlines", [this] { deadline_worker.wake(); });
        listener.on("wageguard_outbox", [this] {
            outbox_relay.wake();
            webhook_relay.wake();
        });
        add_inbound_webhooks();
        add_outbound_webhooks();
    }

    void add_scrape_gauges() {
        metrics.gauge_reader("wageguard_db_pool_sessions", "Sessions in the database pool", "",
                             [this] { return std::optional<double>(database.pool_size()); });
        metrics.gauge_reader("wageguard_db_pool_sessions_in_use", "Database sessions leased right now", "",
                             [this] { return std::optional<double>(database.sessions_in_use()); });
        metrics.gauge_reader("wageguard_outbox_pending", "Outbox rows waiting to be carried out (all nodes)", "",
                             [this] { return query_number<long long>(database, kOutboxPendingSql); });
        metrics.gauge_reader("wageguard_outbox_oldest_due_seconds",
                             "How long the oldest due outbox row has waited past its attempt time (0: none due)", "",
                             [this] { return query_number<double>(database, kOutboxLagSql); });
        add_case_cache_metrics();
    }

    // The case cache of this node (database.cached_cases): how often a step or a read found the
    // case, and how often a copy was behind the database (another node or the deadline worker
    // had moved the case), which costs that step a second round trip.
    void add_case_cache_metrics() {
        const auto count = [this](std::uint64_t pg::CaseCache::Counts::*field) {
            return [this, field] { return std::optional<double>(static_cast<double>(store.cache_counts().*field)); };
        };
        metrics.gauge_reader("wageguard_case_cache_cases", "Cases this node keeps to skip the locked read", "",
                             [this] { return std::optional<double>(static_cast<double>(store.cache_counts().size)); });
        const std::string lookups = "wageguard_case_cache_lookups_total";
        const std::string help = "Steps that looked for the case in this node's cache, by result";
        metrics.counter_reader(lookups, help, app::prometheus_label("result", "hit"), count(&pg::CaseCache::Counts::hits));
        metrics.counter_reader(lookups, help, app::prometheus_label("result", "miss"),
                               count(&pg::CaseCache::Counts::misses));
        metrics.counter_reader("wageguard_case_cache_stale_total",
                               "Cached cases the database found behind it; the step read the case again", "",
                               count(&pg::CaseCache::Counts::stale));
    }

    static app::WorkerOptions worker_options(const config::Settings& settings) {
        char host[256] = {};
        gethostname(host, sizeof host - 1);
        app::WorkerOptions options;
        options.node = std::string(host) + ":" + std::to_string(getpid());
        options.poll = settings.worker_poll;
        options.lease = settings.worker_lease;
        options.batch = settings.worker_batch;
        options.threads = settings.deadline_threads;
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

    // POST /webhooks/{source} stores verified messages in the inbox; the inbox relay applies
    // them (kind = source). An unconfigured source is a 404.
    void add_inbound_webhooks() {
        const auto sources = inbound.source_names();
        http::add_webhook_routes(router, inbound);
        for (const auto& source : sources)
            inbox_relay.on(source, [this](const app::QueuedItem& item) { return inbound.apply(item); });
        listener.on("wageguard_inbox", [this] { inbox_relay.wake(); });
    }

    // Steps go to the endpoints that subscribe to them as outbox rows of kind "webhook", worked
    // by their own relay on a schedule of more than 24 hours (app::webhook_retry_policy). The
    // admin routes list and replay the dead letters and enable endpoints again after a 410.
    // Without configured endpoints the admin routes answer with empty lists.
    void add_outbound_webhooks() {
        http::add_webhook_admin_routes(router, webhook_admin, outbound.endpoints(), clock, authenticator, [this] {
            outbound.refresh();
            webhook_relay.wake();
        });
        if (outbound.endpoints().empty()) return;
        listener.on("wageguard_webhook_endpoints", [this] { outbound.refresh(); });
        service.set_step_hook([this](const std::string& workflow, const app::CaseRecord* before, app::Change& change) {
            outbound.add_deliveries(workflow, before, change);
        });
        webhook_relay.on(app::kWebhookKind, [this](const app::QueuedItem& item) { return outbound.deliver(item); });
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
        options.idle_timeout = settings.http_read_timeout;
        options.header_timeout = std::min(options.header_timeout, settings.http_read_timeout);
        options.transition_routes = {"POST /api/v1/cases", "POST /api/v1/cases/{id}/events", "POST /api/v1/complaints"};
        return options;
    }

    config::Settings settings;
    std::shared_ptr<const app::RequestSchemas> request_schemas;
    app::RuleBook rule_book;
    app::WorkflowRegistry workflows;
    pg::Database database;
    pg::PgCaseStore store;
    pg::PgTokenStore tokens;
    app::SystemClock system_clock;
    const app::Clock& clock;
    app::Authenticator authenticator;
    app::CaseService service;
    pg::PgCaseQuery case_query;
    pg::PgComplaintIndex complaint_index;
    app::ComplaintService complaints;
    app::RateLimiter complaint_limiter;
    app::WorkflowService workflow_service;
    app::Metrics metrics;
    pg::PgDeadlineQueue deadline_queue;
    pg::PgItemQueue outbox;
    pg::PgItemQueue inbox;
    app::DeadlineWorker deadline_worker;
    app::QueueRelay outbox_relay;
    app::WebhookConfig webhook_config;
    pg::PgWebhookStore webhook_store;
    app::InboundWebhooks inbound;
    app::HoldAwareInbox inbox_queue;
    app::QueueRelay inbox_relay;
    pg::PgWebhookAdmin webhook_admin;
    http::WebhookClient webhook_client;
    app::OutboundWebhooks outbound;
    app::QueueRelay webhook_relay;
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
    if (settings.auth_header_identity && settings.listen_host != "127.0.0.1" && settings.listen_host != "::1" &&
        settings.listen_host != "localhost")
        return Unexpected<Errors>{Errors{Error{"config", "auth.header_identity is for development only: it needs "
                                                         "listen on 127.0.0.1, not " + settings.listen_host, {}, {}}}};
    auto pepper = app::load_or_create_pepper(settings.pepper_file);
    if (!pepper) return Unexpected<Errors>{Errors{pepper.error()}};
    auto schemas = app::RequestSchemas::load(app::embedded_openapi());
    if (!schemas) return Unexpected<Errors>{Errors{schemas.error()}};
    auto webhooks = app::load_webhook_config(settings.webhooks_file);
    if (!webhooks) return Unexpected<Errors>{webhooks.error()};
    std::unique_ptr<ServerApp> app(new ServerApp());
    app->parts_ = std::make_unique<Parts>(settings, std::move(*book), std::move(*workflows), std::move(*pepper),
                                          std::move(*schemas), clock, std::move(*webhooks));
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
        parts_->inbox_relay.start();
        parts_->outbound.refresh();  // after migrate: which endpoints a 410 disabled
        if (!parts_->outbound.endpoints().empty()) parts_->webhook_relay.start();
    }
    parts_->server.run(handle_signals);
    // The server has drained its requests; finish the current batch of background work.
    parts_->webhook_relay.stop();
    parts_->inbox_relay.stop();
    parts_->outbox_relay.stop();
    parts_->deadline_worker.stop();
    parts_->listener.stop();
}

void ServerApp::stop() { parts_->server.stop(); }

std::vector<std::string> ServerApp::route_names() const { return parts_->router.route_names(); }

void ServerApp::wake_workers() {
    parts_->deadline_worker.wake();
    parts_->outbox_relay.wake();
    parts_->inbox_relay.wake();
    parts_->webhook_relay.wake();
}

}  // namespace wg
