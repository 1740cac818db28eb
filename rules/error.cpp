// Formatting of errors and locations for people.
#include "rules/error.hpp"

namespace wg {

std::string SourceLocation::to_string() const {
    std::string out = file;
    if (line == 0) return out;
    if (!out.empty()) out += ':';
    out += std::to_string(line);
    if (column != 0) out += ':' + std::to_string(column);
    return out;
}

std::string Error::to_string() const {
    const std::string where = location.to_string();
    if (where.empty()) return message;
    return where + ": error: " + message;
}

}  // namespace wg
