// The whole-workflow checks that run after loading: reachability, dead ends, deadline events
// nobody handles, child workflows that do not exist, missing owners and deadlines; and the
// longest statutory path, the sum of the deadlines a case can meet from start to end.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "rules/error.hpp"
#include "workflow/definition.hpp"

namespace wg::workflow {

enum class Severity { error, warning };

struct Finding {
    Severity severity = Severity::error;
    std::string rule;  // stable id: unreachable_state, dead_end, unhandled_deadline_event, …
    Error error;       // message and location
};

struct StatutoryPath {
    long days = 0;                   // calendar and working days added up; months as 30, years as 365
    std::vector<std::string> parts;  // "pending_acceptance 5 working days", "… +30 working days (extension)"
};

struct CheckReport {
    std::vector<Finding> findings;
    StatutoryPath longest_path;

    [[nodiscard]] bool has_errors() const;
};

/// Checks `definition`; `known_workflows` names every workflow a child case may open.
CheckReport check_definition(const Definition& definition, const std::set<std::string>& known_workflows);

/// "wage_complaint.yaml:12:5: warning: …" for warnings, Error::to_string() for errors.
std::string format_finding(const Finding& finding);

}  // namespace wg::workflow
