// A small command-line flag parser: "--name value", "--name=value", "--flag", positionals.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "adapters/cli/command.hpp"
#include "rules/expected.hpp"

namespace wg::cli {

struct Options {
    std::map<std::string, std::string> values;  // "--config" -> "x.yaml"; flags map to ""
    std::vector<std::string> positionals;

    [[nodiscard]] bool has(const std::string& name) const { return values.contains(name); }
    [[nodiscard]] std::string get(const std::string& name, const std::string& fallback = {}) const;
};

/// Parses `args`; `with_value` names the options that take a value, `flags` those that do not.
/// Unknown options are errors (code `usage`).
Expected<Options> parse_options(Args args, const std::set<std::string>& with_value,
                                const std::set<std::string>& flags);

}  // namespace wg::cli
