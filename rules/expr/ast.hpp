// The syntax tree the parser builds; the checker writes each node's type and operation.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "rules/expr/op.hpp"
#include "rules/expr/span.hpp"
#include "rules/expr/token.hpp"
#include "rules/expr/type.hpp"
#include "rules/expr/value.hpp"

namespace wg::rules::expr {

enum class NodeKind : std::uint8_t {
    literal,      // value
    name,         // text: a root (`data`) or a lambda parameter
    field,        // children[0] . text
    unary,        // token children[0]
    binary,       // children[0] token children[1]
    conditional,  // if children[0] then children[1] else children[2]
    call,         // text ( children... )
    lambda,       // text -> children[0]
    list,         // [ children... ]
    record,       // { keys[i]: children[i] ... }
};

struct Node;
using NodePtr = std::unique_ptr<Node>;

struct Node {
    NodeKind kind = NodeKind::literal;
    Span span;
    TokenKind token = TokenKind::end;  // the operator of unary and binary nodes
    std::string text;
    Value value;
    std::vector<NodePtr> children;
    std::vector<std::string> keys;
    int depth = 1;  // of the subtree rooted here

    // Written by the checker.
    Type type;
    Op op = Op::none;
    std::uint32_t slot = 0;  // lambda parameter slot, or host function index
};

/// A node with its subtree depth computed from its children.
NodePtr make_node(NodeKind kind, Span span, std::vector<NodePtr> children = {});

}  // namespace wg::rules::expr
