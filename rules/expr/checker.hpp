// The type checker: resolves names against the schema and lambda parameters, checks every
// operator and call, and writes each node's type and operation for the compiler.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/error.hpp"
#include "rules/expr/ast.hpp"
#include "rules/expr/functions.hpp"
#include "rules/expr/schema.hpp"

namespace wg::rules::expr {

class Checker {
public:
    Checker(const Schema& schema, const FunctionRegistry& functions, std::string_view source)
        : schema_(schema), functions_(functions), source_(source) {}

    /// Checks `node` and its subtree. On failure returns false and error() says why and where.
    bool check(Node& node);

    [[nodiscard]] const Error& error() const { return *error_; }
    /// How many lambda parameter slots the evaluator needs.
    [[nodiscard]] std::uint32_t local_count() const { return next_slot_; }
    /// Host functions called; a call node's slot indexes this list.
    [[nodiscard]] const std::vector<std::shared_ptr<const HostFunction>>& hosts() const {
        return hosts_;
    }

    // For the built-in rules (builtins.cpp).

    /// Checks a lambda whose parameter has type `parameter`; its type is its body's.
    bool check_lambda(Node& lambda, const Type& parameter);
    /// Records the first error; always returns false.
    bool fail(std::string code, std::string message, const Span& span);
    /// The node's source text in quotes, shortened when long, for messages.
    [[nodiscard]] std::string quote(const Node& node) const;

private:
    struct Local {
        std::string name;
        std::uint32_t slot;
        Type type;
    };

    bool check_literal(Node& node);
    bool check_name(Node& node);
    bool check_field(Node& node);
    bool check_unary(Node& node);
    bool check_binary(Node& node);
    bool check_logical(Node& node);
    bool check_arithmetic(Node& node);
    bool check_equality(Node& node);
    bool check_ordering(Node& node);
    bool check_membership(Node& node);
    bool check_conditional(Node& node);
    bool check_list(Node& node);
    bool check_record(Node& node);
    bool check_call(Node& node);
    bool check_host_call(Node& node, std::shared_ptr<const HostFunction> function);
    bool check_host_argument(Node& argument, const Type& parameter, const std::string& where);

    bool unknown_name(const Node& node);
    [[nodiscard]] const Local* find_local(const std::string& name) const;

    const Schema& schema_;
    const FunctionRegistry& functions_;
    std::string_view source_;
    std::vector<Local> scope_;
    std::uint32_t next_slot_ = 0;
    std::vector<std::shared_ptr<const HostFunction>> hosts_;
    std::optional<Error> error_;
};

}  // namespace wg::rules::expr
