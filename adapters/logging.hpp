// Logger set-up: one named spdlog logger per adapter area, one line per event, key=value pairs.
#pragma once

#include <string>

namespace wg {

/// Creates the loggers "http", "app", "pg", "worker" and "cli" writing to stderr at `level`
/// (trace, debug, info, warn, error, off). Unknown levels fall back to info. Lines are written
/// in blocks: at once for warnings and errors, otherwise within a second (and at exit), so that
/// the access log (one line per request) costs no system call per request.
void setup_logging(const std::string& level);

}  // namespace wg
