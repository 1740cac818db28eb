// `wageguard token create|list|revoke`: API tokens. A token is printed once, at creation; only
// its hash is stored.
#include <iomanip>
#include <iostream>

#include "adapters/app/clock.hpp"
#include "adapters/cli/command.hpp"
#include "adapters/cli/options.hpp"
#include "adapters/cli/settings_options.hpp"
#include "adapters/pg/database.hpp"
#include "adapters/pg/migrations.hpp"
#include "adapters/pg/pg_token_store.hpp"

namespace wg::cli {
namespace {

constexpr const char* kHelp = R"(usage: wageguard token create --role ROLE --name NAME [--region CODE]
       wageguard token list
       wageguard token revoke ID|PREFIX
   (each also takes [--config FILE] [--database-url DSN])

create   makes a token for one holder and prints it ONCE on standard output; only its sha256 is
         stored. ROLE: inspector, supervisor, mediator, arbitrator, court, registry, admin.
         --region binds the holder to an administrative division: 440111 (白云区) sees only
         that district's cases; 440100 (广州市) sees every district of the city; without it
         the holder sees every region. NAME is recorded as the actor of each action
         ("token:NAME"): use a person's staff number or a system's name, never an ID number.
list     shows id, prefix, role, region, name, created and revoked times (never the tokens).
revoke   revokes by id or by the prefix shown in the list; within 10 s every node refuses it.

Callers send "Authorization: Bearer <token>".
)";

int usage(const std::string& message) {
    std::cerr << "wageguard token: " << message << "\n(see wageguard token --help)\n";
    return 2;
}

std::string when(const std::optional<rules::Instant>& at) { return at ? rules::format_instant(*at) : "-"; }

}  // namespace

int run_token(Args args) {
    if (wants_help(args) || args.empty()) {
        (args.empty() ? std::cerr : std::cout) << kHelp;
        return args.empty() ? 2 : 0;
    }
    const std::string action = args[0];
    auto options = parse_options(args.subspan(1), {"--config", "--database-url", "--role", "--name", "--region"}, {});
    if (!options) return usage(options.error().message);
    // With --database-url alone no config file is needed (e.g. on an operator's workstation).
    auto settings = options->has("--database-url") && !options->has("--config")
                        ? Expected<config::Settings, Errors>(config::Settings{})
                        : settings_from(*options);
    if (settings && options->has("--database-url")) settings->database_url = options->values.at("--database-url");
    if (!settings) {
        print_errors(settings.error());
        return 2;
    }
    pg::Database database(settings->database_url, 1);
    if (auto migrated = pg::migrate(database, pg::embedded_migrations()); !migrated) {
        std::cerr << "wageguard token: " << migrated.error().message << '\n';
        return 2;
    }
    pg::PgTokenStore tokens(database);
    const app::SystemClock clock;
    if (action == "create") {
        if (!options->positionals.empty()) return usage("unexpected argument " + options->positionals.front());
        if (!options->has("--role") || !options->has("--name")) return usage("create needs --role and --name");
        auto created = tokens.create(options->values.at("--name"), options->values.at("--role"),
                                     options->has("--region") ? options->values.at("--region") : "", clock.now());
        if (!created) {
            std::cerr << "wageguard token: " << created.error().message << '\n';
            for (const auto& detail : created.error().details)
                std::cerr << "  " << detail.field << ": " << detail.message << '\n';
            return 1;
        }
        std::cerr << "token " << created->first.id << " for " << created->first.name << " (" << created->first.role
                  << (created->first.region.empty() ? "" : ", region " + created->first.region)
                  << "); it is shown only now:\n";
        std::cout << created->second << '\n';
        return 0;
    }
    if (action == "list") {
        auto listed = tokens.list();
        if (!listed) {
            std::cerr << "wageguard token: " << listed.error().message << '\n';
            return 2;
        }
        std::cout << std::left << std::setw(37) << "id" << std::setw(13) << "prefix" << std::setw(11) << "role"
                  << std::setw(8) << "region" << std::setw(25) << "created" << std::setw(25) << "revoked" << "name\n";
        for (const auto& token : *listed)
            std::cout << std::setw(37) << token.id << std::setw(13) << token.prefix << std::setw(11) << token.role
                      << std::setw(8) << (token.region.empty() ? "-" : token.region) << std::setw(25)
                      << rules::format_instant(token.created_at) << std::setw(25) << when(token.revoked_at)
                      << token.name << '\n';
        return 0;
    }
    if (action == "revoke") {
        if (options->positionals.size() != 1) return usage("revoke takes one id or prefix");
        auto revoked = tokens.revoke(options->positionals.front(), clock.now());
        if (!revoked) {
            std::cerr << "wageguard token: " << revoked.error().message << '\n';
            return 1;
        }
        std::cout << "revoked " << revoked->id << " (" << revoked->name << ")\n";
        return 0;
    }
    return usage("unknown action '" + action + "'");
}

}  // namespace wg::cli
