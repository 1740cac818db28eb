// Joining words for messages and explanations.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace wg::rules {

/// The parts with `separator` between them ("a, b, c" for ", ").
inline std::string join(const std::vector<std::string>& parts, std::string_view separator) {
    std::string out;
    for (const auto& part : parts) {
        if (!out.empty()) out += separator;
        out += part;
    }
    return out;
}

}  // namespace wg::rules
