// The values one evaluation reads: each root name of the schema bound to a value.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rules/expr/value.hpp"

namespace wg::rules {

/// Binds root names (`data`, `event`, `case`, `today`) to values for evaluations. Copying a
/// record or list value shares it, so building a context per evaluation is cheap.
class Context {
public:
    /// Binds `name` to `value`, replacing an earlier binding of that name.
    Context& set(std::string name, Value value) {
        for (auto& [bound, old] : roots_) {
            if (bound != name) continue;
            old = std::move(value);
            return *this;
        }
        roots_.emplace_back(std::move(name), std::move(value));
        return *this;
    }

    /// The value bound to `name`, or nullptr.
    [[nodiscard]] const Value* find(std::string_view name) const {
        for (const auto& [bound, value] : roots_)
            if (same_name(bound, name)) return &value;
        return nullptr;
    }

private:
    std::vector<std::pair<std::string, Value>> roots_;
};

}  // namespace wg::rules
