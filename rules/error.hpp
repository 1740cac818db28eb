// Expected failures as values: a code, a message and, when known, where it happened.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace wg {

/// A place in a source text (a YAML file, an expression, a CSV row). Lines and columns count
/// from 1; 0 means unknown.
struct SourceLocation {
    std::string file;
    std::uint32_t line = 0;
    std::uint32_t column = 0;

    [[nodiscard]] bool known() const { return line != 0; }
    /// "file:line:col", or the parts that are known.
    [[nodiscard]] std::string to_string() const;
};

/// One expected failure. `code` is stable and machine-readable (`checksum`, `not_allowed`);
/// `field` is a JSON path (`complainant.id_number`) when the failure concerns one field.
struct Error {
    std::string code;
    std::string message;
    std::string field;
    SourceLocation location;
    std::vector<Error> details;  // per-field failures behind a summary error (e.g. validation)

    /// "file:line:col: error: message" when located, else the message.
    [[nodiscard]] std::string to_string() const;
};

using Errors = std::vector<Error>;

}  // namespace wg
