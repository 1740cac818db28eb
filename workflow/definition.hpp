// The workflow definition model: states, the transitions leaving them, and who may fire them.
// Built by the loader from YAML, read by fire() and the checker; plain values only.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rules/error.hpp"

namespace wg::workflow {

/// A name for people, in Chinese and English.
struct Label {
    std::string zh;
    std::string en;
};

/// `from + event [roles, requires] -> target`: one row of the transition table.
struct Transition {
    std::string event;
    std::string target;
    std::vector<std::string> roles;     // who may fire it; empty means only the system
    std::vector<std::string> requires_;  // payload fields that must be present
    std::string basis;                   // legal basis id (DOMAIN.md D1…, articles)
    SourceLocation location;

    [[nodiscard]] bool allows_role(std::string_view role) const;
};

struct State {
    std::string name;
    Label label;
    std::string owner;  // the role responsible while the case is here
    bool final = false;
    std::vector<Transition> transitions;
    SourceLocation location;

    [[nodiscard]] const Transition* find_transition(std::string_view event) const;
};

struct Definition {
    std::string name;
    std::string version;       // declared by its authors, e.g. "2025.1"
    std::string content_hash;  // sha256 of the source text, set by whoever read the file
    Label title;
    std::vector<std::string> roles;
    std::string initial;
    std::vector<State> states;
    SourceLocation location;

    [[nodiscard]] const State* find_state(std::string_view name) const;
    [[nodiscard]] bool has_role(std::string_view role) const;
};

}  // namespace wg::workflow
