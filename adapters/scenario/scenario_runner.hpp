// Plays a scenario against the real server: the same ServerApp as `wageguard serve`, on
// 127.0.0.1 and a port the system picks, over its own throwaway database, with a manual clock
// only the runner moves. Steps go through HTTP; expectations read the case through HTTP and
// its child cases and messages from the database.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "adapters/config/settings.hpp"
#include "adapters/scenario/scenario.hpp"

namespace wg::scenario {

struct RunOptions {
    config::Settings settings;  // workflows, calendars, rules; database and listen are replaced
    std::string admin_dsn;      // a server where the runner may create and drop databases
    bool keep_database = false;
    bool verbose = false;       // print every step as it runs
};

struct Outcome {
    bool passed = false;
    std::vector<std::string> report;  // what failed, readable: where, expected, got
};

/// Runs one scenario to its end or to its first failing step. Never throws: infrastructure
/// failures (no database, server would not start) are failures with their reason.
Outcome run_scenario(const Scenario& scenario, const RunOptions& options, std::ostream& log);

}  // namespace wg::scenario
