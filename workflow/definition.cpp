// Look-ups on the definition model.
#include "workflow/definition.hpp"

#include <algorithm>

namespace wg::workflow {

bool Transition::allows_role(std::string_view role) const {
    return std::find(roles.begin(), roles.end(), role) != roles.end();
}

const Transition* State::find_transition(std::string_view event) const {
    for (const auto& transition : transitions)
        if (transition.event == event) return &transition;
    return nullptr;
}

const State* Definition::find_state(std::string_view wanted) const {
    for (const auto& state : states)
        if (state.name == wanted) return &state;
    return nullptr;
}

const DataField* Definition::find_field(std::string_view wanted) const {
    for (const auto& field : data)
        if (field.name == wanted) return &field;
    return nullptr;
}

bool Definition::has_role(std::string_view role) const {
    return std::find(roles.begin(), roles.end(), role) != roles.end();
}

rules::Type Definition::data_type() const {
    rules::TypeFields fields;
    for (const auto& field : data) fields.emplace_back(field.name, field.type);
    return rules::Type::record(std::move(fields));
}

}  // namespace wg::workflow
