// Host functions: typed functions the engine registers (law parameters, calendars) for
// expressions to call. Calls are checked against the declared signature at compile time.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rules/expected.hpp"
#include "rules/expr/type.hpp"
#include "rules/expr/value.hpp"

namespace wg::rules {

/// Computes a host function's result. Each argument has the declared parameter's kind and is
/// never null unless the parameter is `any`; the insides of record and list arguments come from
/// case data and are NOT checked: a host function must check the fields it reads (and say
/// which claim or field is wrong) before calling as_*(), which asserts. A failure (e.g. "no parameter in force on
/// that date") keeps its code and becomes the evaluation's error. Must be thread-safe: one
/// compiled expression may be evaluated on several threads at once.
using HostImplementation = std::function<Expected<Value>(std::span<const Value> arguments)>;

struct HostFunction {
    std::string name;
    std::vector<Type> parameters;
    Type result;
    HostImplementation implementation;
    std::string summary;  // one line for `wageguard check` listings and messages
};

/// The functions the engine offers to expressions beyond the built-ins (rules/README.md).
class FunctionRegistry {
public:
    /// Registers `function`. Fails with code `function` when its name is not an identifier,
    /// is a keyword or a built-in, or is taken; when its result type is null or any; or when it
    /// has no implementation.
    Expected<void> add(HostFunction function);

    /// Registers all of `functions` or, when one name is taken, none (code `function`).
    Expected<void> add_all(std::vector<HostFunction> functions);

    /// The function of that name, or nullptr.
    [[nodiscard]] std::shared_ptr<const HostFunction> find(std::string_view name) const;
    /// Registered names, sorted.
    [[nodiscard]] std::vector<std::string> names() const;

private:
    std::map<std::string, std::shared_ptr<const HostFunction>, std::less<>> functions_;
};

}  // namespace wg::rules
