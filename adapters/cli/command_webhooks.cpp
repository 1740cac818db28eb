// `wageguard webhooks`: the dead letters of outbound webhooks (listed and replayed) and the
// endpoints disabled after a 410 Gone (listed and enabled again), straight in the database.
#include <iostream>

#include "adapters/app/case_service.hpp"
#include "adapters/app/clock.hpp"
#include "adapters/cli/command.hpp"
#include "adapters/cli/settings_options.hpp"
#include "adapters/pg/database.hpp"
#include "adapters/pg/pg_webhook_admin.hpp"

namespace wg::cli {
namespace {

constexpr const char* kHelp = R"(usage: wageguard webhooks dead [--endpoint NAME] [--limit N] [--json]
       wageguard webhooks replay ID | --endpoint NAME
       wageguard webhooks endpoints
       wageguard webhooks enable NAME
  (each also takes --config FILE and --database-url DSN)

Outbound webhooks are outbox rows of kind 'webhook', one per endpoint and step, retried with
exponential backoff and jitter for more than 24 hours (24 attempts); then, or at once when the
endpoint answers 410 Gone, they are dead letters.

dead        lists dead letters, newest first: outbox id, case, endpoint, webhook id, attempts,
            the last error (--json: one JSON object per line)
replay      puts a dead letter (by its outbox id) or every dead letter of an endpoint back in
            the queue: pending, 0 attempts, due now; the relays of running servers are woken.
            The same webhook-id is sent again, so receivers that deduplicate see it once.
endpoints   lists the endpoints with a stored state: disabled ones (after a 410 Gone) with
            when and why
enable      enables an endpoint disabled after a 410 Gone; replay its dead letters after

Exit status: 0 done; 1 nothing to replay, or the endpoint is disabled; 2 usage or database errors.
)";

constexpr int kOk = 0;
constexpr int kFound = 1;
constexpr int kTrouble = 2;

int usage_error(const std::string& message) {
    std::cerr << "wageguard webhooks: " << message << "\n(see wageguard webhooks --help)\n";
    return kTrouble;
}

int trouble(const Error& error) {
    std::cerr << "wageguard webhooks: " << error.message << '\n';
    return error.code == "not_found" || error.code == "endpoint_disabled" ? kFound : kTrouble;
}

// --database-url alone needs no config file; otherwise the usual file < environment < flag.
Expected<std::string, Errors> database_url(const Options& options) {
    if (options.has("--database-url") && !options.has("--config")) return options.get("--database-url");
    auto settings = settings_from(options);
    if (!settings) return Unexpected<Errors>{settings.error()};
    return settings->database_url;
}

void print_letter(const app::DeadLetter& letter, bool as_json) {
    if (as_json) {
        const app::Json line = {{"id", letter.id},           {"case_id", letter.case_id},
                                {"endpoint", letter.endpoint}, {"webhook_id", letter.webhook_id},
                                {"type", letter.type},       {"attempts", letter.attempts},
                                {"last_error", letter.last_error},
                                {"dead_at", rules::format_instant(letter.died_at)}};
        std::cout << line.dump() << '\n';
        return;
    }
    std::cout << letter.id << "  case " << letter.case_id << "  " << letter.endpoint << "  " << letter.type
              << "  webhook-id " << letter.webhook_id << "  attempts " << letter.attempts << "  dead "
              << rules::format_instant(letter.died_at) << "  " << letter.last_error << '\n';
}

int run_dead(pg::PgWebhookAdmin& admin, const Options& options) {
    std::size_t limit = 100;
    if (options.has("--limit")) {
        const std::string text = options.get("--limit");
        if (text.empty() || text.size() > 6 || text.find_first_not_of("0123456789") != std::string::npos ||
            std::stoul(text) == 0)
            return usage_error("--limit needs a number from 1 to 999999");
        limit = std::stoul(text);
    }
    auto letters = admin.dead_letters(options.get("--endpoint"), limit);
    if (!letters) return trouble(letters.error());
    for (const auto& letter : *letters) print_letter(letter, options.has("--json"));
    if (letters->empty() && !options.has("--json")) std::cout << "no dead letters\n";
    return kOk;
}

int run_replay(pg::PgWebhookAdmin& admin, const Options& options, rules::Instant now) {
    const bool by_endpoint = options.has("--endpoint");
    if (by_endpoint == (options.positionals.size() == 2))
        return usage_error("replay needs either an outbox id or --endpoint NAME");
    if (!by_endpoint) {
        if (auto done = admin.replay(options.positionals[1], now); !done) return trouble(done.error());
        std::cout << "replayed " << options.positionals[1] << '\n';
        return kOk;
    }
    auto count = admin.replay_endpoint(options.get("--endpoint"), now);
    if (!count) return trouble(count.error());
    std::cout << "replayed " << *count << " dead letters of " << options.get("--endpoint") << '\n';
    return *count > 0 ? kOk : kFound;
}

int run_endpoints(pg::PgWebhookAdmin& admin) {
    auto states = admin.endpoint_states();
    if (!states) return trouble(states.error());
    bool any = false;
    for (const auto& state : *states) {
        if (!state.disabled) continue;
        any = true;
        std::cout << state.name << "  disabled since " << rules::format_instant(state.since) << "  " << state.reason
                  << '\n';
    }
    if (!any) std::cout << "no endpoint is disabled\n";
    return kOk;
}

int run_enable(pg::PgWebhookAdmin& admin, const Options& options, rules::Instant now) {
    if (options.positionals.size() != 2) return usage_error("enable needs one endpoint name");
    auto enabled = admin.enable_endpoint(options.positionals[1], now);
    if (!enabled) return trouble(enabled.error());
    std::cout << (*enabled ? "enabled " : "was not disabled: ") << options.positionals[1] << '\n';
    return kOk;
}

}  // namespace

int run_webhooks(Args args) {
    if (args.empty() || wants_help(args)) {
        (args.empty() ? std::cerr : std::cout) << kHelp;
        return args.empty() ? kTrouble : kOk;
    }
    auto options = parse_options(args, {"--endpoint", "--limit", "--config", "--database-url"}, {"--json"});
    if (!options) return usage_error(options.error().message);
    const std::string command = options->positionals.empty() ? "" : options->positionals[0];
    const bool known = command == "dead" || command == "replay" || command == "endpoints" || command == "enable";
    if (!known) return usage_error("unknown subcommand '" + command + "'");
    if ((command == "dead" || command == "endpoints") && options->positionals.size() != 1)
        return usage_error("unexpected argument " + options->positionals[1]);
    auto url = database_url(*options);
    if (!url) {
        print_errors(url.error());
        return kTrouble;
    }
    pg::Database database(*url, 1);
    pg::PgWebhookAdmin admin(database);
    const rules::Instant now = app::SystemClock().now();
    if (command == "dead") return run_dead(admin, *options);
    if (command == "replay") return run_replay(admin, *options, now);
    if (command == "endpoints") return run_endpoints(admin);
    return run_enable(admin, *options, now);
}

}  // namespace wg::cli
