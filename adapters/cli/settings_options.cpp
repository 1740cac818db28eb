// Settings precedence: file < environment < command line.
#include "adapters/cli/settings_options.hpp"

#include <iostream>

namespace wg::cli {

Expected<config::Settings, Errors> settings_from(const Options& options) {
    auto settings = config::load_settings(options.get("--config", "config/wageguard.yaml"));
    if (!settings) return settings;
    if (auto env = config::apply_environment(*settings); !env) return Unexpected<Errors>{{env.error()}};
    if (options.has("--listen"))
        if (auto ok = config::set_listen(*settings, options.get("--listen")); !ok) return Unexpected<Errors>{{ok.error()}};
    if (options.has("--database-url")) settings->database_url = options.get("--database-url");
    if (options.has("--workflows")) settings->workflows_dir = options.get("--workflows");
    return settings;
}

void print_errors(const Errors& errors) {
    for (const auto& error : errors) std::cerr << error.to_string() << '\n';
}

}  // namespace wg::cli
