// `wageguard serve`: migrate, then serve HTTP until SIGINT or SIGTERM.
#include <iostream>

#include "adapters/cli/command.hpp"
#include "adapters/cli/settings_options.hpp"
#include "adapters/logging.hpp"
#include "adapters/server_app.hpp"

namespace wg::cli {

namespace {
constexpr const char* kHelp = R"(usage: wageguard serve [--config FILE] [--listen HOST:PORT] [--database-url DSN]
                       [--workflows DIR]

Applies pending database migrations, loads the workflows and serves the HTTP API.
Prints "listening on http://HOST:PORT" once ready. SIGINT or SIGTERM stop it gracefully.
  --config FILE         settings file (default config/wageguard.yaml)
  --listen HOST:PORT    overrides `listen` and WAGEGUARD_LISTEN; port 0 picks a free port
  --database-url DSN    overrides `database.url` and WAGEGUARD_DATABASE_URL
  --workflows DIR       overrides `workflows_dir`
)";
}  // namespace

int run_serve(Args args) {
    if (wants_help(args)) {
        std::cout << kHelp;
        return 0;
    }
    auto options = parse_options(args, {"--config", "--listen", "--database-url", "--workflows"}, {});
    if (!options) {
        std::cerr << "wageguard serve: " << options.error().message << '\n' << kHelp;
        return 2;
    }
    auto settings = settings_from(*options);
    if (!settings) {
        print_errors(settings.error());
        return 1;
    }
    setup_logging(settings->log_level);
    auto app = ServerApp::create(*settings);
    if (!app) {
        print_errors(app.error());
        return 1;
    }
    if (auto migrated = (*app)->migrate(30); !migrated) {
        std::cerr << "wageguard serve: " << migrated.error().message << '\n';
        return 1;
    }
    auto port = (*app)->listen();
    if (!port) {
        std::cerr << "wageguard serve: " << port.error().message << '\n';
        return 1;
    }
    std::cout << "listening on http://" << settings->listen_host << ":" << *port << std::endl;
    (*app)->run(true);
    return 0;
}

}  // namespace wg::cli
