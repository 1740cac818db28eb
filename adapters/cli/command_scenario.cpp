// `wageguard scenario run FILES…`: plays scenario files (docs/scenarios.md) against the real
// server and PostgreSQL on a test-only clock, and prints `N passed, N failed`.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "adapters/cli/command.hpp"
#include "adapters/cli/settings_options.hpp"
#include "adapters/logging.hpp"
#include "adapters/scenario/scenario_loader.hpp"
#include "adapters/scenario/scenario_runner.hpp"

namespace wg::cli {

namespace {
constexpr const char* kHelp = R"(usage: wageguard scenario run [--config FILE] [--database-url DSN] [--keep] [--verbose] FILES|FOLDERS…

Plays each scenario file (a folder means its *.yaml files, in name order) against the real
server, listening on 127.0.0.1, and a real PostgreSQL, with a clock only the runner moves: the
clock starts at the scenario's `start`, `at:` steps move it, and deadlines fire at their own
time through the same path as in production. The format is in docs/scenarios.md.

Each scenario gets a database of its own, wg_scenario_<pid>_<n>, created on the server of
--database-url (or the settings' database_url; the user needs CREATEDB) and dropped afterwards
(--keep keeps it for inspection). Nothing else on that server is touched. The manual clock
exists only inside this command: `wageguard serve` has no way to use it.

Prints PASS or FAIL per file, a readable difference for each failure (file:line:col of the
step, expected and got), then "N passed, N failed". Exit status: 0 all passed, 1 a failure or
a file that does not load, 2 usage.
)";

int usage(const std::string& message) {
    std::cerr << "wageguard scenario: " << message << "\n\n" << kHelp;
    return 2;
}

std::vector<std::string> scenario_files(const std::vector<std::string>& paths) {
    std::vector<std::string> out;
    for (const auto& path : paths) {
        if (!std::filesystem::is_directory(path)) {
            out.push_back(path);
            continue;
        }
        std::vector<std::string> found;
        for (const auto& entry : std::filesystem::directory_iterator(path))
            if (entry.path().extension() == ".yaml" || entry.path().extension() == ".yml") found.push_back(entry.path().string());
        std::sort(found.begin(), found.end());
        out.insert(out.end(), found.begin(), found.end());
    }
    return out;
}

}  // namespace

int run_scenario(Args args) {
    if (wants_help(args) || args.empty()) {
        std::cout << kHelp;
        return args.empty() ? 2 : 0;
    }
    if (args.front() != "run") return usage("unknown action '" + args.front() + "' (known: run)");
    auto options = parse_options(args.subspan(1), {"--config", "--database-url"}, {"--keep", "--verbose"});
    if (!options) return usage(options.error().message);
    if (options->positionals.empty()) return usage("name at least one scenario file or folder");
    auto settings = settings_from(*options);
    if (!settings) {
        print_errors(settings.error());
        return 1;
    }
    // The server's own log would drown the report (alerts are delivered to it): errors only,
    // unless --verbose.
    setup_logging(options->has("--verbose") ? settings->log_level : "error");
    scenario::RunOptions run_options{*settings, settings->database_url, options->has("--keep"), options->has("--verbose")};

    int passed = 0, failed = 0;
    for (const auto& file : scenario_files(options->positionals)) {
        auto loaded = scenario::load_scenario_file(file);
        if (!loaded) {
            std::cout << "FAIL " << file << " (does not load)\n";
            for (const auto& error : loaded.error()) std::cout << "    " << error.to_string() << '\n';
            ++failed;
            continue;
        }
        const auto outcome = scenario::run_scenario(*loaded, run_options, std::cout);
        std::cout << (outcome.passed ? "PASS " : "FAIL ") << file << " — " << loaded->title << '\n';
        for (const auto& line : outcome.report) std::cout << "  " << line << '\n';
        (outcome.passed ? passed : failed) += 1;
        std::cout.flush();
    }
    std::cout << passed << " passed, " << failed << " failed\n";
    return failed == 0 ? 0 : 1;
}

}  // namespace wg::cli
