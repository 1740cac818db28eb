// Draws a workflow as a Graphviz (dot) or Mermaid diagram: states, transitions, deadline
// expiry and extension edges, optionally with the path one case took through it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/expected.hpp"
#include "workflow/definition.hpp"

namespace wg::workflow {

/// One step a case took: in state `from`, event `event` moved it to `to`.
struct PathStep {
    std::string from;
    std::string event;
    std::string to;
    friend bool operator==(const PathStep&, const PathStep&) = default;
};

/// The way one case went, drawn over the workflow: its steps, in order, and where it is now.
struct CasePath {
    std::vector<PathStep> steps;
    std::string current;  // the state the case is in (the last step's `to`, or the initial state)
};

struct DiagramOptions {
    /// Highlights the edges and states of this path and marks its current state. Steps that
    /// match no edge of the definition are not drawn (see check_case_path).
    std::optional<CasePath> path;
    /// Guards longer than this many characters are cut and end in "…".
    std::size_t guard_width = 40;
};

/// A Graphviz digraph: states as rounded boxes (final ones as double circles), events as solid
/// edges, deadline expiry as dashed and extensions as dotted edges, the path in bold red.
std::string to_dot(const Definition& definition, const DiagramOptions& options = {});

/// The same drawing as a Mermaid flowchart (GitHub and GitLab render it in Markdown).
std::string to_mermaid(const Definition& definition, const DiagramOptions& options = {});

/// Reads "state,event,state,event,state" (spaces around names are ignored) into a path whose
/// current state is the last one. Fails with `path` when the text is empty, holds an empty
/// name, or ends with an event.
Expected<CasePath> parse_case_path(std::string_view text);

/// Checks that every step of `path` is an edge of `definition` (an event of its `from` state
/// leading to `to`, a deadline firing such an event, or a deadline extension) and that the
/// steps follow each other. Fails with `path`, naming the first step that does not.
Expected<void> check_case_path(const Definition& definition, const CasePath& path);

}  // namespace wg::workflow
