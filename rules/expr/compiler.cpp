// Lowers a checked syntax tree to a flat program: a reference to case data becomes one `path`
// instruction; lambdas become their bodies, run by the list function that holds them with the
// parameter in a numbered slot.
#include "rules/expr/program.hpp"

namespace wg::rules::expr {
namespace {

// A root name of the schema and any chain of fields below it (`data.employer.uscc`).
bool reads_case_data(const Node& node) {
    const Node* at = &node;
    while (at->op == Op::field) at = at->children[0].get();
    return at->op == Op::root;
}

// The root name and field names of a case-data chain, outermost field last.
void collect_path(const Node& node, Instruction& instruction) {
    if (node.op == Op::root) {
        instruction.name = node.text;
        return;
    }
    collect_path(*node.children[0], instruction);
    instruction.keys.push_back(node.text);
}

class Compiler {
public:
    explicit Compiler(Program& program) : program_(program) {}

    std::uint32_t emit(const Node& node) {
        const auto at = static_cast<std::uint32_t>(program_.code.size());
        program_.code.emplace_back();
        Instruction instruction = describe(node);
        if (instruction.op == Op::path) {
            program_.code[at] = std::move(instruction);
            return at;
        }
        std::vector<std::uint32_t> operands;
        for (const auto& child : node.children) {
            const Node& body = child->kind == NodeKind::lambda ? *child->children[0] : *child;
            operands.push_back(emit(body));
        }
        instruction.first = static_cast<std::uint32_t>(program_.operands.size());
        instruction.count = static_cast<std::uint32_t>(operands.size());
        program_.operands.insert(program_.operands.end(), operands.begin(), operands.end());
        program_.code[at] = std::move(instruction);
        return at;
    }

private:
    static Instruction describe(const Node& node) {
        Instruction instruction;
        instruction.op = reads_case_data(node) ? Op::path : node.op;
        instruction.observe = instruction.op == Op::path || node.op == Op::call_host;
        instruction.span = node.span;
        instruction.slot = node.slot;
        instruction.kind = node.type.is(TypeKind::any) ? ValueKind::null
                                                       : static_cast<ValueKind>(node.type.kind());
        if (instruction.op == Op::path) collect_path(node, instruction);
        if (node.op == Op::constant) instruction.constant = node.value;
        if (instruction.op == Op::field) instruction.name = node.text;
        if (node.op == Op::make_record) instruction.keys = node.keys;
        return instruction;
    }

    Program& program_;
};

}  // namespace

Program compile(const Node& root, const Checker& checker, std::string source) {
    Program program;
    program.source = std::move(source);
    program.type = root.type;
    program.hosts = checker.hosts();
    program.local_count = checker.local_count();
    program.entry = Compiler(program).emit(root);
    return program;
}

}  // namespace wg::rules::expr
