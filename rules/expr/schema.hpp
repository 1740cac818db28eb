// What an expression may read: the types of the root names (`data`, `event`, `case`,
// `today`) and of the fields beneath them, declared as dotted paths.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "rules/expected.hpp"
#include "rules/expr/type.hpp"

namespace wg::rules {

class Schema {
public:
    /// Declares `path` ("data.amount", "data.employer.uscc", "today") to have `type`;
    /// the records on the way are created. Fails with code `schema` when the path is not
    /// dotted identifiers, or passes through or redeclares a field with another type.
    Expected<void> add(std::string_view path, Type type);

    /// The type of a root name, or nullptr when it is not declared.
    [[nodiscard]] const Type* root(std::string_view name) const;
    /// Declared root names, sorted.
    [[nodiscard]] std::vector<std::string> root_names() const;

private:
    std::map<std::string, Type, std::less<>> roots_;
};

}  // namespace wg::rules
