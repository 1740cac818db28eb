// A scenario: one story of a case told as the law reads it (docs/scenarios.md). The clock
// starts at `start`; steps file complaints, open cases, fire events, move the clock and send
// webhooks; expectations say what must hold after each step. Loaded from YAML by
// scenario_loader, played against a real server by scenario_runner.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "rules/date.hpp"
#include "rules/error.hpp"

namespace wg::scenario {

using Json = nlohmann::json;

/// Who acts in a step: a role and the region its token would carry.
struct Actor {
    std::string role;
    std::string region;
};

/// What must hold for one case after a step. Unset members are not checked.
struct Expectation {
    std::string case_name;                                   // empty: the step's case
    std::optional<int> status;                               // HTTP status of the step's request
    std::optional<std::string> error;                        // problem code or FIELD.CODE
    std::optional<std::string> state;
    std::optional<std::map<std::string, rules::Date>> deadlines;  // fires → last day, exact set
    std::vector<std::pair<std::string, Json>> data;          // field → value, a subset
    std::optional<std::vector<std::string>> alerts;          // raised since the previous step
    std::optional<std::vector<std::string>> notices;
    std::optional<std::vector<std::pair<std::string, std::string>>> children;  // workflow, state
    std::optional<bool> final;
    std::vector<std::pair<std::string, Json>> response;      // dotted path in the response body → value
    std::optional<long long> cases;                          // cases in the database, all workflows
    SourceLocation location;
};

enum class StepKind { complain, open, fire, at, webhook, child, linked };

struct Step {
    StepKind kind = StepKind::fire;
    std::string name;
    std::string case_name;   // the case acted on (empty: the last one saved)
    std::string save_as;     // name given to the case the step filed, opened or found
    Actor actor;
    Json body;               // complain: the form; open: {workflow, region, data}; webhook: {source, type, data}
    std::string event;       // fire
    Json data;               // fire: the event's data
    rules::Instant at{};     // at
    std::string workflow;    // child: the child's workflow; linked: the data field holding a case id
    std::vector<Expectation> expectations;
    SourceLocation location;
};

struct Scenario {
    std::string file;
    std::string title;
    std::string source;
    std::vector<std::string> basis;
    rules::Instant start{};
    std::string region;  // default region of actors
    std::vector<Step> steps;
};

/// Reads a time as scenarios write it: "2025-09-15" (09:00 China time), "2025-09-15T10:30"
/// (China time) or a full RFC 3339 instant with its offset.
Expected<rules::Instant> parse_scenario_time(std::string_view text);

}  // namespace wg::scenario
