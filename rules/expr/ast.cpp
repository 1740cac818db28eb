// Construction of syntax-tree nodes.
#include "rules/expr/ast.hpp"

#include <algorithm>

namespace wg::rules::expr {

NodePtr make_node(NodeKind kind, Span span, std::vector<NodePtr> children) {
    auto node = std::make_unique<Node>();
    node->kind = kind;
    node->span = span;
    for (const auto& child : children) node->depth = std::max(node->depth, child->depth + 1);
    node->children = std::move(children);
    return node;
}

}  // namespace wg::rules::expr
