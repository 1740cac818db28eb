// Test helpers for the engine core: the shipped calendar and law functions, loading workflow
// YAML from a string, and instants in China time.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "rules/calendar_functions.hpp"
#include "rules/law_functions.hpp"
#include "tests/support/shipped_calendar.hpp"
#include "tests/support/shipped_law.hpp"
#include "workflow/definition_loader.hpp"
#include "workflow/engine.hpp"

namespace wg::test {

/// Law and calendar functions over the shipped config, built once.
inline const rules::FunctionRegistry& shipped_functions() {
    static const rules::FunctionRegistry functions = [] {
        rules::FunctionRegistry registry;
        auto calendar = std::make_shared<const rules::Calendar>(shipped_calendar());
        auto law = std::make_shared<const rules::LawParameters>(shipped_law());
        if (!rules::register_law_functions(registry, law) || !rules::register_calendar_functions(registry, calendar))
            throw std::runtime_error("cannot register the shipped functions");
        return registry;
    }();
    return functions;
}

/// A definition from YAML text; throws with every error when it does not load.
inline workflow::Definition definition_from(const std::string& yaml) {
    auto loaded = workflow::load_definition(yaml, "test.yaml", shipped_functions());
    if (!loaded) {
        std::string all;
        for (const auto& error : loaded.error()) all += error.to_string() + "\n";
        throw std::runtime_error(all);
    }
    return std::move(*loaded);
}

/// "2025-09-15 09:30" in China Standard Time, as an instant.
inline rules::Instant china_time(const std::string& date_and_time) {
    auto instant = rules::parse_instant(date_and_time.substr(0, 10) + "T" + date_and_time.substr(11) + ":00+08:00");
    if (!instant) throw std::invalid_argument(instant.error().message);
    return *instant;
}

inline workflow::FireContext at(const std::string& date_and_time) {
    return {china_time(date_and_time), &shipped_calendar()};
}

}  // namespace wg::test
