// One scenario, start to end: a throwaway database, the server on a manual clock, the steps
// over HTTP, the expectations after each step. The first failing step ends the scenario (later
// steps would only report its consequences).
#include "adapters/scenario/scenario_runner.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <set>
#include <thread>
#include <unistd.h>

#include "adapters/app/standard_webhooks.hpp"
#include "adapters/scenario/loopback_http.hpp"
#include "adapters/scenario/manual_clock.hpp"
#include "adapters/scenario/scenario_database.hpp"
#include "adapters/scenario/scenario_expectations.hpp"
#include "adapters/server_app.hpp"

namespace wg::scenario {
namespace {

using namespace std::chrono_literals;

constexpr auto kIdleTimeout = 30s;

/// A fresh "whsec_" secret for one run: every webhook source of the run's server accepts it and
/// the runner signs with it; it lives only in this process's environment.
std::string run_secret() {
    unsigned char key[32];
    if (RAND_bytes(key, sizeof key) != 1) throw std::runtime_error("no random bytes for the run's webhook secret");
    std::string encoded(4 * ((sizeof key + 2) / 3), '\0');
    EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()), key, sizeof key);
    return "whsec_" + encoded;
}

/// Points every source and endpoint of the webhooks file at `secret` (this process only).
void use_run_secret(const std::string& webhooks_file, const std::string& secret) {
    if (webhooks_file.empty()) return;
    try {
        const YAML::Node root = YAML::LoadFile(webhooks_file);
        for (const char* list : {"sources", "endpoints"})
            for (const auto& entry : root[list])
                for (const auto& name : entry["secrets_env"]) ::setenv(name.Scalar().c_str(), secret.c_str(), 1);
    } catch (const YAML::Exception&) {
        // The server reports a malformed file itself, with its location.
    }
}

std::string database_name() {
    static std::atomic<int> counter{0};
    return "wg_scenario_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
}

/// "2025-09-19T10:00+08:00": how scenarios write times.
std::string china_time(rules::Instant at) {
    const std::string utc8 = rules::format_instant(at + std::chrono::hours(8));
    return utc8.substr(0, 16) + "+08:00";
}

struct Response {
    int status = 0;
    Json body;
};

class Run {
public:
    Run(const Scenario& scenario, const RunOptions& options, std::ostream& log)
        : scenario_(scenario), options_(options), log_(log), clock_(scenario.start) {}

    Outcome play() {
        Outcome outcome;
        try {
            start();
            for (std::size_t i = 0; i < scenario_.steps.size(); ++i) {
                const Step& step = scenario_.steps[i];
                if (options_.verbose) log_ << "  step " << (i + 1) << " " << describe(step) << "\n";
                std::vector<std::string> failures = play(step);
                if (!failures.empty()) {
                    outcome.report.push_back(step.location.to_string() + ": step " + std::to_string(i + 1) + " (" +
                                             describe(step) + ") failed:");
                    for (auto& failure : failures) outcome.report.push_back("    " + failure);
                    stop();
                    return outcome;
                }
            }
            outcome.passed = true;
        } catch (const std::exception& e) {
            outcome.report.push_back(scenario_.file + ": could not run: " + e.what());
        }
        stop();
        return outcome;
    }

private:
    void start() {
        database_ = std::make_unique<ScenarioDatabase>(options_.admin_dsn, database_name());
        if (options_.keep_database) {
            database_->keep();
            log_ << "  database " << database_->name() << " is kept\n";
        }
        config::Settings settings = options_.settings;
        settings.database_url = database_->dsn();
        settings.listen_host = "127.0.0.1";
        settings.listen_port = 0;
        settings.database_pool_size = 4;
        settings.http_io_threads = 1;
        settings.auth_header_identity = true;  // loopback only; the roles are the scenario's
        settings.complaints_per_minute = 1e9;  // one address files every complaint of the story
        settings.workers_enabled = true;
        settings.worker_poll = 200ms;
        settings.deadline_threads = 1;
        settings.log_level = options_.verbose ? "info" : "error";
        use_run_secret(settings.webhooks_file, secret_);
        auto app = ServerApp::create(settings, &clock_);
        if (!app) throw std::runtime_error("the server would not start: " + app.error().front().to_string());
        app_ = std::move(*app);
        if (auto done = app_->migrate(3); !done) throw std::runtime_error("migrate: " + done.error().message);
        auto port = app_->listen();
        if (!port) throw std::runtime_error("listen: " + port.error().message);
        thread_ = std::thread([this] { app_->run(false); });
        http_ = std::make_unique<HttpClient>("127.0.0.1", *port);
        wait_idle();
    }

    void stop() {
        http_.reset();
        if (thread_.joinable()) {
            app_->stop();
            thread_.join();
        }
        app_.reset();
        database_.reset();
    }

    static std::string describe(const Step& step) {
        std::string what;
        switch (step.kind) {
            case StepKind::complain: what = "complain"; break;
            case StepKind::open: what = "open " + step.body.value("workflow", std::string("?")); break;
            case StepKind::fire: what = "fire " + step.event + " as " + step.actor.role; break;
            case StepKind::at: what = "at " + china_time(step.at); break;
            case StepKind::webhook: what = "webhook " + step.body.value("type", std::string("?")); break;
            case StepKind::child: what = "child " + step.workflow; break;
            case StepKind::linked: what = "linked " + step.workflow; break;
        }
        return step.name.empty() ? what : "'" + step.name + "': " + what;
    }

    std::vector<std::string> play(const Step& step) {
        std::optional<Response> response;
        std::string case_id;
        switch (step.kind) {
            case StepKind::complain: {
                response = post("/api/v1/complaints", step.body, nullptr);
                case_id = response->body.value("case_id", std::string());
                break;
            }
            case StepKind::open: {
                response = post("/api/v1/cases", step.body, &step.actor);
                case_id = response->body.value("id", std::string());
                break;
            }
            case StepKind::fire: {
                auto target = case_of(step.case_name);
                if (!target) return {target.error()};
                response = post("/api/v1/cases/" + *target + "/events", Json{{"event", step.event}, {"data", step.data}},
                                &step.actor);
                break;
            }
            case StepKind::at:
                move_clock(step.at);
                break;
            case StepKind::webhook: {
                auto target = case_of(step.case_name);
                if (!target) return {target.error()};
                response = webhook(step.body, *target);
                break;
            }
            case StepKind::child: {
                auto parent = case_of(step.case_name);
                if (!parent) return {parent.error()};
                wait_idle();
                const auto children = database_->children(*parent);
                auto it = std::find_if(children.rbegin(), children.rend(),
                                       [&](const ChildCase& c) { return c.workflow == step.workflow; });
                if (it == children.rend()) return {"case has no child case of workflow " + step.workflow};
                case_id = it->id;
                break;
            }
            case StepKind::linked: {
                auto holder = case_of(step.case_name);
                if (!holder) return {holder.error()};
                wait_idle();
                const Response read = exchange("GET", "/api/v1/cases/" + *holder, {}, identity(&reader_));
                const Json id = read.body.value("data", Json::object()).value(step.workflow, Json());
                if (!id.is_string() || id.get<std::string>().empty())
                    return {"case has no case id in data." + step.workflow};
                case_id = id;
                break;
            }
        }
        if (!case_id.empty()) {
            const std::string name = step.save_as.empty() ? "_last" : step.save_as;
            cases_[name] = case_id;
            cases_["_last"] = case_id;
        }
        wait_idle();
        std::vector<std::string> failures;
        const std::string step_case = case_id.empty() ? step.case_name : (step.save_as.empty() ? "_last" : step.save_as);
        for (const auto& expectation : step.expectations) {
            auto found = check(expectation, step_case, response);
            failures.insert(failures.end(), found.begin(), found.end());
        }
        mark_messages_seen();
        clock_.set(clock_.now() + 1ms);  // time passes between steps: what they write stays ordered
        return failures;
    }

    Expected<std::string, std::string> case_of(const std::string& name) const {
        const std::string key = name.empty() ? "_last" : name;
        if (auto it = cases_.find(key); it != cases_.end()) return it->second;
        if (name.empty()) return Unexpected<std::string>{"no case yet: file or open one first"};
        return Unexpected<std::string>{"no case named '" + name + "' (name one with save_as)"};
    }

    std::vector<std::pair<std::string, std::string>> identity(const Actor* actor) const {
        if (actor == nullptr) return {};
        return {{"X-Wageguard-Role", actor->role}, {"X-Wageguard-Actor", "scenario:" + actor->role},
                {"X-Wageguard-Region", actor->region}};
    }

    Response post(const std::string& target, const Json& body, const Actor* actor) {
        auto headers = identity(actor);
        headers.emplace_back("Idempotency-Key", "scenario-" + std::to_string(++requests_));
        return exchange("POST", target, body.dump(), headers);
    }

    Response exchange(const std::string& method, const std::string& target, const std::string& body,
                      const std::vector<std::pair<std::string, std::string>>& headers) {
        const HttpResult result = http_->request(method, target, body, headers);
        Response out{result.status, Json::object()};
        if (!result.body.empty()) out.body = Json::parse(result.body, nullptr, false);
        if (out.body.is_discarded()) out.body = Json{{"raw", result.body}};
        return out;
    }

    Response webhook(const Json& spec, const std::string& case_id) {
        const std::string id = "scenario-" + std::to_string(++requests_);
        Json event = {{"specversion", "1.0"},
                      {"id", id},
                      {"source", "urn:scenario:" + spec.value("source", std::string())},
                      {"type", spec.value("type", std::string())},
                      {"subject", case_id},
                      {"time", rules::format_instant(clock_.now())},
                      {"datacontenttype", "application/json"},
                      {"data", spec.value("data", Json::object())}};
        const std::string body = event.dump();
        const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
        const std::string key = *app::decode_webhook_secret(secret_);
        return exchange("POST", "/webhooks/" + spec.value("source", std::string()), body,
                        {{"webhook-id", id},
                         {"webhook-timestamp", std::to_string(seconds)},
                         {"webhook-signature", app::sign_webhook(key, id, seconds, body)}});
    }

    /// Moves the clock to `target`, stopping at each time work falls due on the way (a
    /// deadline's due time, or the retry time of one that failed), so that everything fires at
    /// its own time and in order.
    void move_clock(rules::Instant target) {
        for (int stops = 0; stops < 100'000; ++stops) {
            wait_idle();
            const auto due = database_->next_due();
            if (!due || *due > target) break;
            if (*due > clock_.now()) clock_.set(*due);
            app_->wake_workers();
        }
        if (target > clock_.now()) clock_.set(target);
        app_->wake_workers();
        wait_idle();
    }

    void wait_idle() {
        const auto until = std::chrono::steady_clock::now() + kIdleTimeout;
        while (!database_->idle(clock_.now())) {
            if (std::chrono::steady_clock::now() > until)
                throw std::runtime_error("the server did not finish its due work within 30 s");
            app_->wake_workers();
            std::this_thread::sleep_for(5ms);
        }
    }

    std::vector<std::string> check(const Expectation& expectation, const std::string& step_case,
                                   const std::optional<Response>& response) {
        Observed observed;
        if (response) {
            observed.status = response->status;
            observed.problem = response->body;
        }
        if (expectation.cases) observed.cases = database_->case_count();
        const std::string name = expectation.case_name.empty() ? step_case : expectation.case_name;
        if (expectation.state || expectation.deadlines || !expectation.data.empty() || expectation.alerts ||
            expectation.notices || expectation.children || expectation.final) {
            auto id = case_of(name);
            if (!id) return {id.error()};
            const Response read = exchange("GET", "/api/v1/cases/" + *id, {}, identity(&reader_));
            if (read.status != 200) return {"reading case " + name + " answered " + std::to_string(read.status) + ": " + read.body.dump()};
            observed.case_view = read.body;
            for (const auto& message : database_->messages(*id))
                if (!seen_.contains(message.id)) observed.messages.push_back(message);
            for (const auto& child : database_->children(*id)) observed.children.emplace_back(child.workflow, child.state);
            observed.deadline_errors = database_->deadline_errors(*id);
        }
        return compare(expectation, observed);
    }

    void mark_messages_seen() {
        for (auto& id : database_->message_ids()) seen_.insert(std::move(id));
    }

    const Scenario& scenario_;
    const RunOptions& options_;
    std::ostream& log_;
    ManualClock clock_;
    const std::string secret_ = run_secret();
    std::unique_ptr<ScenarioDatabase> database_;
    std::unique_ptr<ServerApp> app_;
    std::thread thread_;
    std::unique_ptr<HttpClient> http_;
    std::map<std::string, std::string> cases_;
    std::set<std::string> seen_;
    long requests_ = 0;
    const Actor reader_{"supervisor", "440000"};
};

}  // namespace

Outcome run_scenario(const Scenario& scenario, const RunOptions& options, std::ostream& log) {
    return Run(scenario, options, log).play();
}

}  // namespace wg::scenario
