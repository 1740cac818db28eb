// Logger set-up: one named spdlog logger per adapter area, one line per event, key=value pairs.
#pragma once

#include <string>

namespace wg {

/// Creates the loggers "http", "app", "pg" and "cli" writing to stderr at `level`
/// (trace, debug, info, warn, error, off). Unknown levels fall back to info.
void setup_logging(const std::string& level);

}  // namespace wg
