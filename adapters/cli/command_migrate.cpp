// `wageguard migrate`: apply pending migrations and say which.
#include <iostream>

#include "adapters/cli/command.hpp"
#include "adapters/cli/settings_options.hpp"
#include "adapters/pg/database.hpp"
#include "adapters/pg/migrations.hpp"

namespace wg::cli {

namespace {
constexpr const char* kHelp = R"(usage: wageguard migrate [--config FILE] [--database-url DSN]

Applies the pending forward-only migrations (schemas/sql, embedded in the binary), each in its
own transaction. Running it again is a no-op.
)";
}  // namespace

int run_migrate(Args args) {
    if (wants_help(args)) {
        std::cout << kHelp;
        return 0;
    }
    auto options = parse_options(args, {"--config", "--database-url"}, {});
    if (!options) {
        std::cerr << "wageguard migrate: " << options.error().message << '\n' << kHelp;
        return 2;
    }
    auto settings = settings_from(*options);
    if (!settings) {
        print_errors(settings.error());
        return 1;
    }
    pg::Database database(settings->database_url, 1);
    auto applied = pg::migrate(database, pg::embedded_migrations());
    if (!applied) {
        std::cerr << "wageguard migrate: " << applied.error().message << '\n';
        return 1;
    }
    for (const auto& name : *applied) std::cout << "applied " << name << '\n';
    if (applied->empty()) std::cout << "database is up to date\n";
    return 0;
}

}  // namespace wg::cli
