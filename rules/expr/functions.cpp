// Registration of host functions, refusing clashes with the language's own names.
#include "rules/expr/functions.hpp"

#include "rules/expr/builtins.hpp"
#include "rules/expr/lexer.hpp"

namespace wg::rules {
namespace {

Expected<void> check_name(const std::string& name) {
    if (!expr::is_identifier(name) || expr::is_keyword(name))
        return fail("function", "'" + name + "' is not a valid function name");
    if (expr::is_builtin(name))
        return fail("function", "'" + name + "' is a built-in function and cannot be replaced");
    return {};
}

}  // namespace

Expected<void> FunctionRegistry::add(HostFunction function) {
    if (auto named = check_name(function.name); !named) return named;
    if (functions_.contains(function.name))
        return fail("function", "function '" + function.name + "' is already registered");
    if (function.result.is(TypeKind::null) || function.result.is(TypeKind::any))
        return fail("function", "function '" + function.name + "' must declare a result type");
    if (!function.implementation)
        return fail("function", "function '" + function.name + "' has no implementation");
    auto name = function.name;
    functions_.emplace(std::move(name), std::make_shared<const HostFunction>(std::move(function)));
    return {};
}

std::shared_ptr<const HostFunction> FunctionRegistry::find(std::string_view name) const {
    const auto found = functions_.find(name);
    return found == functions_.end() ? nullptr : found->second;
}

std::vector<std::string> FunctionRegistry::names() const {
    std::vector<std::string> out;
    for (const auto& [name, function] : functions_) out.push_back(name);
    return out;
}

Expected<void> FunctionRegistry::add_all(std::vector<HostFunction> functions) {
    // Checked first so that a clash registers nothing rather than some of the functions.
    for (const auto& function : functions)
        if (find(function.name)) return fail("function", "function '" + function.name + "' is already registered");
    for (auto& function : functions)
        if (auto added = add(std::move(function)); !added) return added;
    return {};
}

}  // namespace wg::rules
