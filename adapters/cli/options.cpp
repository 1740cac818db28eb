// Flag parsing shared by the subcommands.
#include "adapters/cli/options.hpp"

namespace wg::cli {

std::string Options::get(const std::string& name, const std::string& fallback) const {
    const auto it = values.find(name);
    return it == values.end() ? fallback : it->second;
}

Expected<Options> parse_options(Args args, const std::set<std::string>& with_value,
                                const std::set<std::string>& flags) {
    Options options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg.size() < 2 || arg.rfind("--", 0) != 0) {
            options.positionals.push_back(arg);
            continue;
        }
        const auto equals = arg.find('=');
        const std::string name = arg.substr(0, equals);
        if (flags.contains(name) && equals == std::string::npos) {
            options.values[name] = "";
            continue;
        }
        if (!with_value.contains(name)) return fail("usage", "unknown option " + name);
        if (equals != std::string::npos) {
            options.values[name] = arg.substr(equals + 1);
        } else if (i + 1 < args.size()) {
            options.values[name] = args[++i];
        } else {
            return fail("usage", "option " + name + " needs a value");
        }
    }
    return options;
}

}  // namespace wg::cli
