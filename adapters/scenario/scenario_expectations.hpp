// Comparing what a step left behind with what the scenario expects, and saying the difference
// in words: "state: expected investigating, got pending_acceptance". Pure: the runner gathers
// the observations.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "adapters/scenario/scenario.hpp"
#include "adapters/scenario/scenario_database.hpp"

namespace wg::scenario {

/// What the runner saw after a step.
struct Observed {
    std::optional<int> status;                 // of the step's request, if it made one
    Json problem;                              // the response body (a problem+json on errors)
    Json case_view;                            // GET /api/v1/cases/{id}, when the block reads a case
    std::vector<CaseMessage> messages;         // raised since the previous step
    std::vector<std::pair<std::string, std::string>> children;  // workflow, state
    std::vector<std::string> deadline_errors;  // why deadlines of the case could not fire
    std::optional<long long> cases;            // cases in the database, when asked
};

/// Every difference between `expected` and `observed`, one line each; empty when all hold.
std::vector<std::string> compare(const Expectation& expected, const Observed& observed);

}  // namespace wg::scenario
