// "Did you mean …?" for misspelt names: in expressions, workflow definitions and YAML loaders.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace wg::rules {

/// " (did you mean 'x'?)" when a candidate is within a typo's distance of `wrong`, else "".
std::string did_you_mean(std::string_view wrong, const std::vector<std::string>& candidates);

}  // namespace wg::rules
