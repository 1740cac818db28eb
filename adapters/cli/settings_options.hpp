// The options every server-side command shares: --config, --listen, --database-url.
#pragma once

#include "adapters/cli/options.hpp"
#include "adapters/config/settings.hpp"

namespace wg::cli {

/// Settings from --config (default config/wageguard.yaml), the environment, then flags.
/// Prints every problem to stderr and returns nullopt-like failure.
Expected<config::Settings, Errors> settings_from(const Options& options);

/// Prints errors one per line as "file:line:col: error: message".
void print_errors(const Errors& errors);

}  // namespace wg::cli
