// A finding worth showing that does not make the input invalid (an implausible age, a legacy
// number converted); callers decide whether to act on it.
#pragma once

#include <string>
#include <vector>

namespace wg::rules {

struct Warning {
    std::string code;     // stable and machine-readable, e.g. `implausible_age`
    std::string message;  // for people, starts lower case
};

using Warnings = std::vector<Warning>;

}  // namespace wg::rules
