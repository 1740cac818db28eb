// spdlog configuration.
#include "adapters/logging.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace wg {

void setup_logging(const std::string& level) {
    auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    const auto parsed = spdlog::level::from_str(level);
    const auto chosen = (parsed == spdlog::level::off && level != "off") ? spdlog::level::info : parsed;
    for (const char* name : {"http", "app", "pg", "cli"}) {
        if (spdlog::get(name)) spdlog::drop(name);
        auto logger = std::make_shared<spdlog::logger>(name, sink);
        logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %l %n %v");
        logger->set_level(chosen);
        spdlog::register_logger(logger);
    }
    spdlog::set_default_logger(spdlog::get("app"));
}

}  // namespace wg
