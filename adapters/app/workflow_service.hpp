// Reads about workflows for people: the versions loaded, one workflow's states, and its
// diagram with a case's path drawn over it.
#pragma once

#include <string>

#include "adapters/app/case_store.hpp"
#include "adapters/app/workflow_registry.hpp"

namespace wg::app {

struct Diagram {
    std::string content_type;
    std::string body;
};

class WorkflowService {
public:
    WorkflowService(const WorkflowRegistry& workflows, CaseStore& store) : workflows_(workflows), store_(store) {}

    /// [{name, version, effective_from, content_hash, title}] for every loaded version.
    [[nodiscard]] Json list() const;

    /// The newest version of `name` with its states, or `not_found`.
    [[nodiscard]] Expected<Json> describe(const std::string& name) const;

    /// The diagram of `name` in `format` (dot, mermaid, svg); with `case_id`, that case's
    /// version and path. Codes: not_found, bad_request (format), unavailable (svg without dot).
    /// A case outside `region_scope` (see region_covers) is not_found.
    Expected<Diagram> diagram(const std::string& name, const std::string& format, const std::string& case_id,
                              const std::string& region_scope = "");

private:
    const WorkflowRegistry& workflows_;
    CaseStore& store_;
};

}  // namespace wg::app
