// The compiled form of an expression: a flat array of typed instructions, built once by the
// compiler and evaluated many times; immutable, so one program serves many threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rules/expr/checker.hpp"
#include "rules/expr/functions.hpp"
#include "rules/expr/op.hpp"
#include "rules/expr/span.hpp"
#include "rules/expr/type.hpp"
#include "rules/expr/value.hpp"

namespace wg::rules::expr {

struct Instruction {
    Op op = Op::none;
    bool observe = false;         // reported by explanations (field references, host calls)
    ValueKind kind = ValueKind::null;  // the kind of the result (sum of an empty list needs it)
    std::uint32_t count = 0;      // number of operands
    std::uint32_t first = 0;      // index of the first operand in Program::operands
    std::uint32_t slot = 0;       // lambda parameter slot, or index into Program::hosts
    std::string name;             // field name, or a path's root name
    std::vector<std::string> keys;  // a path's field names, or a record literal's
    Value constant;
    Span span;
};

struct Program {
    std::string source;
    Type type;
    std::uint32_t entry = 0;
    std::vector<Instruction> code;
    std::vector<std::uint32_t> operands;
    std::vector<std::shared_ptr<const HostFunction>> hosts;
    std::uint32_t local_count = 0;

    /// Index into `code` of an instruction's i-th operand.
    [[nodiscard]] std::uint32_t operand(const Instruction& instruction, std::size_t i) const {
        return operands[instruction.first + i];
    }
    /// The source text an instruction was compiled from.
    [[nodiscard]] std::string_view text(const Instruction& instruction) const {
        return std::string_view(source).substr(instruction.span.offset, instruction.span.length);
    }
};

/// Lays out a tree the checker has accepted as a program.
Program compile(const Node& root, const Checker& checker, std::string source);

}  // namespace wg::rules::expr
