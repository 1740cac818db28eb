// Durable transitions per second through the engine's whole write path — CaseService::fire_event
// over PgCaseStore on a pg::Database pool, synchronous_commit as the server has it — at N
// concurrent clients. scripts/bench-durable.sh runs it beside pgbench's transaction of the same
// shape (one row update plus one append, TOOLCHAIN.md §4) and prints the ratio.
//
//   durable_bench --dsn DSN --clients N [--seconds S] [--cases K] [--root DIR] [--commit each|grouped]
//                 [--lanes L] [--cached-cases C] [--warm yes|no] [--keyed yes|no]
//
// `--keyed yes` sends every step with an Idempotency-Key of its own, as the inbox does for
// webhooks and as careful API clients do: the key is claimed in the step's transaction and the
// response stored with it.
// `--cached-cases` is the store's case cache (database.cached_cases, default 10000; 0 reads
// every case under lock, what a step on a case this node has not seen costs). A run starts with
// an empty cache, so the first step on each case reads it under lock; `--warm yes` first reads
// every case once, untimed, as a person opens a case before acting on it, so that the timed
// part measures a node that knows its cases. The report gives the hits, the misses and the
// stale copies the database refused.
// `--commit grouped` runs PgCaseStore with group commit (pg_group_commit.hpp): steps that arrive
// together share one transaction. Its decisions then run on whichever client thread leads the
// batch, so the decide/view split below is attributed to that thread (the totals stay right).
// The K cases of bench/workflows/bench_toggle.yaml are opened through CaseService::open_case
// before the timed part (8 threads), or reused when the database already holds them. Then N
// threads, each with its own session, fire `toggle` on cases picked at random for S seconds;
// two clients may pick the same case and then wait on its row lock, like pgbench's random ids.
// Prints `engine clients=N tps=X errors=E`, then where the client's time and CPU went.
// `--seconds 0` only opens (or finds) the cases, so that a run can start right after a CHECKPOINT.
#include <soci/soci.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "adapters/app/case_service.hpp"
#include "adapters/app/rule_book.hpp"
#include "adapters/app/workflow_registry.hpp"
#include "adapters/pg/database.hpp"
#include "adapters/pg/pg_case_store.hpp"

namespace {

using namespace wg;
using Clock = std::chrono::steady_clock;

constexpr const char* kWorkflow = "bench_toggle";
constexpr int kOpenThreads = 8;
// The party index is keyed with a pepper; this workflow has no ID numbers, so any will do.
constexpr const char* kPepper = "durable-bench-pepper-not-a-secret-0123456789";

struct Options {
    std::string dsn;
    int clients = 1;
    int seconds = 15;
    int cases = 10'000;
    std::string root = WG_SOURCE_DIR;
    pg::StepCommit commit = pg::StepCommit::kEach;
    pg::GroupCommitOptions group;
    std::size_t cached_cases = 10'000;
    bool warm = false;
    bool keyed = false;
};

bool parse_options(int argc, char** argv, Options& out) {
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i], value = argv[i + 1];
        if (flag == "--dsn") out.dsn = value;
        else if (flag == "--clients") out.clients = std::atoi(value.c_str());
        else if (flag == "--seconds") out.seconds = std::atoi(value.c_str());
        else if (flag == "--cases") out.cases = std::atoi(value.c_str());
        else if (flag == "--root") out.root = value;
        else if (flag == "--lanes") out.group.lanes = static_cast<std::size_t>(std::atoi(value.c_str()));
        else if (flag == "--cached-cases") out.cached_cases = static_cast<std::size_t>(std::atol(value.c_str()));
        else if (flag == "--warm" && (value == "yes" || value == "no")) out.warm = value == "yes";
        else if (flag == "--keyed" && (value == "yes" || value == "no")) out.keyed = value == "yes";
        else if (flag == "--commit" && (value == "each" || value == "grouped"))
            out.commit = value == "grouped" ? pg::StepCommit::kGrouped : pg::StepCommit::kEach;
        else return false;
    }
    return argc % 2 == 1 && !out.dsn.empty() && out.clients > 0 && out.seconds >= 0 && out.cases > 0;
}

std::int64_t nanos_since(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count();
}

// Per-thread time inside the store's transaction: the decision (load the definition, fire())
// and the response view, both called by PgCaseStore::apply between its SQL round trips.
struct StoreTimes {
    std::int64_t apply_ns = 0;
    std::int64_t decide_ns = 0;
    std::int64_t render_ns = 0;
};
thread_local StoreTimes store_times;

// A CaseStore that times what the real one does inside `apply`, and otherwise passes through.
class TimedStore final : public app::CaseStore {
public:
    explicit TimedStore(app::CaseStore& inner) : inner_(inner) {}

    Expected<app::Written> create(app::CaseRecord fields, app::Change opening, const app::Respond& respond) override {
        return inner_.create(std::move(fields), std::move(opening), respond);
    }
    Expected<std::vector<app::DeadlineRow>> deadlines(const std::string& case_id) override {
        return inner_.deadlines(case_id);
    }
    Expected<app::Written> apply(const std::string& case_id, std::optional<std::int64_t> expected_version,
                                 const app::Decide& decide, const app::Respond& respond) override {
        const app::Decide timed_decide = [&](const app::CaseRecord& current) {
            const auto start = Clock::now();
            auto change = decide(current);
            store_times.decide_ns += nanos_since(start);
            return change;
        };
        app::Respond timed_respond = respond;
        if (respond.render)
            timed_respond.render = [&](const app::CaseRecord& written) {
                const auto start = Clock::now();
                auto body = respond.render(written);
                store_times.render_ns += nanos_since(start);
                return body;
            };
        const auto start = Clock::now();
        auto written = inner_.apply(case_id, expected_version, timed_decide, timed_respond);
        store_times.apply_ns += nanos_since(start);
        return written;
    }
    Expected<app::CaseRecord> find(const std::string& case_id) override { return inner_.find(case_id); }
    Expected<std::vector<app::EventRecord>> events(const std::string& case_id, std::int64_t after_seq,
                                                   std::size_t limit) override {
        return inner_.events(case_id, after_seq, limit);
    }
    Expected<std::vector<std::string>> ids_with_prefix(const std::string& prefix) override {
        return inner_.ids_with_prefix(prefix);
    }
    bool ready() override { return inner_.ready(); }

private:
    app::CaseStore& inner_;
};

// The ids of up to `limit` cases of the benchmark workflow already in the database.
std::vector<std::string> existing_cases(pg::Database& database, int limit) {
    std::vector<std::string> ids(static_cast<std::size_t>(limit));
    std::size_t found = 0;
    const std::string workflow = kWorkflow;
    auto done = database.with_session([&](soci::session& sql) -> Expected<void> {
        soci::rowset<std::string> rows =
            (sql.prepare << "SELECT id::text FROM cases WHERE workflow = :w ORDER BY id LIMIT :n",
             soci::use(workflow, "w"), soci::use(limit, "n"));
        for (const auto& id : rows) ids[found++] = id;
        return {};
    });
    ids.resize(done ? found : 0);
    return ids;
}

// Opens `count` cases through the engine on kOpenThreads threads; their ids, or empty on an error.
std::vector<std::string> open_cases(app::CaseService& service, int count) {
    const app::Json body = {{"workflow", kWorkflow},
                            {"region", "440111"},
                            {"data", {{"employer", "广州市某建筑劳务有限公司"}, {"amount", "21000.00"}}}};
    std::vector<std::vector<std::string>> opened(kOpenThreads);
    std::atomic<int> next{0}, failed{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kOpenThreads; ++t)
        threads.emplace_back([&, t] {
            const app::Actor actor{"bench-open-" + std::to_string(t), "clerk"};
            while (next.fetch_add(1) < count) {
                auto reply = service.open_case(body, actor);
                if (!reply) {
                    if (failed.fetch_add(1) == 0)
                        std::fprintf(stderr, "durable_bench: open_case: %s\n", reply.error().to_string().c_str());
                    continue;
                }
                opened[static_cast<std::size_t>(t)].push_back(reply->body["id"].get<std::string>());
            }
        });
    for (auto& thread : threads) thread.join();
    std::vector<std::string> ids;
    for (auto& part : opened) ids.insert(ids.end(), part.begin(), part.end());
    if (failed.load() > 0) ids.clear();
    return ids;
}

// Opens `clients` sessions at once, so that no client pays for a connection in the timed part.
void connect_all(pg::Database& database, int clients) {
    std::barrier all(clients);
    std::vector<std::thread> threads;
    for (int t = 0; t < clients; ++t)
        threads.emplace_back([&] {
            (void)database.with_session([&](soci::session& sql) -> Expected<void> {
                sql << "SELECT 1";
                all.arrive_and_wait();
                return {};
            });
        });
    for (auto& thread : threads) thread.join();
}

// What one client did in the timed part.
struct ClientResult {
    long done = 0;
    std::map<std::string, long> errors;  // by error code
    std::string first_error;
    std::vector<std::int64_t> latency_ns;
    std::int64_t busy_ns = 0;  // inside fire_event
    StoreTimes store;
};

ClientResult run_client(app::CaseService& service, const std::vector<std::string>& ids, int index, bool keyed,
                        std::barrier<>& start_line, const Clock::time_point& deadline) {
    ClientResult result;
    result.latency_ns.reserve(100'000);
    const app::Actor actor{"bench-client-" + std::to_string(index), "clerk"};
    // Keys unique to this run and client: the process id and the start time keep runs apart.
    const std::string key_prefix = "bench-" + std::to_string(getpid()) + "-" +
                                   std::to_string(Clock::now().time_since_epoch().count()) + "-" +
                                   std::to_string(index) + "-";
    long requests = 0;
    const app::Json toggle = {{"event", "toggle"}};
    std::mt19937_64 random(0x5eed0000u + static_cast<unsigned>(index));
    std::uniform_int_distribution<std::size_t> pick(0, ids.size() - 1);
    store_times = {};
    start_line.arrive_and_wait();
    while (Clock::now() < deadline) {
        const StoreTimes before = store_times;
        const auto start = Clock::now();
        std::optional<app::IdempotencyKey> key;
        if (keyed) key = app::IdempotencyKey{"actor:" + actor.id + " POST /events", key_prefix + std::to_string(++requests),
                                             "bench-request"};
        auto reply = service.fire_event(ids[pick(random)], toggle, actor, std::nullopt, key);
        const auto end = Clock::now();
        if (end >= deadline) {  // finished after the bell: not counted, like pgbench -T
            store_times = before;
            break;
        }
        const auto took = std::chrono::duration_cast<std::chrono::nanoseconds>(end - start).count();
        result.busy_ns += took;
        if (!reply) {
            if (result.errors[reply.error().code]++ == 0 && result.first_error.empty())
                result.first_error = reply.error().to_string();
            continue;
        }
        result.done += 1;
        result.latency_ns.push_back(took);
    }
    result.store = store_times;
    return result;
}

double cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double percentile_ms(std::vector<std::int64_t>& sorted, double p) {
    if (sorted.empty()) return 0;
    const auto at = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1));
    return static_cast<double>(sorted[at]) / 1e6;
}

void report(const Options& options, const std::vector<ClientResult>& results, double cpu) {
    long done = 0, errors = 0;
    std::int64_t busy = 0;
    StoreTimes store;
    std::vector<std::int64_t> latencies;
    std::map<std::string, long> by_code;
    for (const auto& r : results) {
        done += r.done;
        busy += r.busy_ns;
        store.apply_ns += r.store.apply_ns;
        store.decide_ns += r.store.decide_ns;
        store.render_ns += r.store.render_ns;
        latencies.insert(latencies.end(), r.latency_ns.begin(), r.latency_ns.end());
        for (const auto& [code, count] : r.errors) {
            by_code[code] += count;
            errors += count;
        }
        if (!r.first_error.empty()) std::fprintf(stderr, "durable_bench: first error: %s\n", r.first_error.c_str());
    }
    std::sort(latencies.begin(), latencies.end());
    const double tps = static_cast<double>(done) / options.seconds;
    std::printf("engine clients=%d tps=%.0f errors=%ld commit=%s\n", options.clients, tps, errors,
                options.commit == pg::StepCommit::kGrouped ? "grouped" : "each");
    for (const auto& [code, count] : by_code) std::printf("  errors code=%s count=%ld\n", code.c_str(), count);
    const long calls = std::max(done + errors, 1L);
    const auto per_call_ms = [&](std::int64_t ns) { return static_cast<double>(ns) / 1e6 / static_cast<double>(calls); };
    std::printf("  latency ms: avg=%.3f p50=%.3f p99=%.3f\n", per_call_ms(busy), percentile_ms(latencies, 0.5),
                percentile_ms(latencies, 0.99));
    std::printf("  per transition ms: fire_event=%.3f of which store.apply=%.3f "
                "(decide=%.3f, view=%.3f, SQL+hash+rest=%.3f), outside the store=%.3f\n",
                per_call_ms(busy), per_call_ms(store.apply_ns), per_call_ms(store.decide_ns),
                per_call_ms(store.render_ns), per_call_ms(store.apply_ns - store.decide_ns - store.render_ns),
                per_call_ms(busy - store.apply_ns));
    std::printf("  client CPU: %.2f s in %d s = %.0f%% of one core, %.3f ms per transition\n", cpu, options.seconds,
                100.0 * cpu / options.seconds, 1000.0 * cpu / static_cast<double>(calls));
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    if (!parse_options(argc, argv, options)) {
        std::fprintf(stderr, "usage: durable_bench --dsn DSN --clients N [--seconds S] [--cases K] [--root DIR] "
                             "[--commit each|grouped] [--lanes L] [--cached-cases C] [--warm yes|no] [--keyed yes|no]\n");
        return 2;
    }
    auto book = app::load_rule_book(options.root + "/config/calendars", options.root + "/config/rules");
    if (!book) {
        std::fprintf(stderr, "durable_bench: %s\n", book.error().front().to_string().c_str());
        return 2;
    }
    auto workflows = app::WorkflowRegistry::load_directory(options.root + "/bench/workflows", book->functions);
    if (!workflows) {
        std::fprintf(stderr, "durable_bench: %s\n", workflows.error().front().to_string().c_str());
        return 2;
    }
    pg::Database database(options.dsn, static_cast<std::size_t>(std::max(options.clients, kOpenThreads)));
    pg::PgCaseStore pg_store(database, {options.commit, options.group, options.cached_cases});
    TimedStore store(pg_store);
    app::SystemClock clock;
    app::CaseService service(*workflows, store, clock, *book->calendar, kPepper);

    auto ids = existing_cases(database, options.cases);
    if (static_cast<int>(ids.size()) < options.cases) {
        const auto start = Clock::now();
        auto opened = open_cases(service, options.cases - static_cast<int>(ids.size()));
        if (opened.empty()) return 2;
        const double took = static_cast<double>(nanos_since(start)) / 1e9;
        std::printf("opened %zu cases through CaseService::open_case in %.1f s (%d threads, %.0f/s)\n",
                    opened.size(), took, kOpenThreads, static_cast<double>(opened.size()) / took);
        ids.insert(ids.end(), opened.begin(), opened.end());
    } else {
        std::printf("reusing %zu %s cases already in the database\n", ids.size(), kWorkflow);
    }
    if (options.seconds == 0) return 0;  // only make sure the cases exist
    connect_all(database, options.clients);
    if (options.warm)
        for (const auto& id : ids)
            if (auto found = pg_store.find(id); !found) {
                std::fprintf(stderr, "durable_bench: reading case %s: %s\n", id.c_str(),
                             found.error().to_string().c_str());
                return 2;
            }

    std::barrier start_line(options.clients + 1);
    std::vector<ClientResult> results(static_cast<std::size_t>(options.clients));
    Clock::time_point deadline;  // set before the start line opens
    std::vector<std::thread> threads;
    for (int t = 0; t < options.clients; ++t)
        threads.emplace_back([&, t] {
            results[static_cast<std::size_t>(t)] = run_client(service, ids, t, options.keyed, start_line, deadline);
        });
    std::printf("timed part starts\n");  // scripts/bench-durable.sh counts the server's CPU from here
    std::fflush(stdout);
    const double cpu_before = cpu_seconds();
    deadline = Clock::now() + std::chrono::seconds(options.seconds);
    start_line.arrive_and_wait();
    for (auto& thread : threads) thread.join();
    report(options, results, cpu_seconds() - cpu_before);
    const auto cache = pg_store.cache_counts();
    struct rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("  case cache: %zu of %zu cases kept, %llu hits, %llu misses, %llu stale; client max RSS %ld MiB\n",
                cache.size, options.commit == pg::StepCommit::kEach ? options.cached_cases : std::size_t{0},
                static_cast<unsigned long long>(cache.hits), static_cast<unsigned long long>(cache.misses),
                static_cast<unsigned long long>(cache.stale), usage.ru_maxrss / 1024);
    return 0;
}
