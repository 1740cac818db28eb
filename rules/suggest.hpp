// "Did you mean …?" for misspelt names and fields in expressions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace wg::rules::expr {

/// " (did you mean 'x'?)" when a candidate is within a typo's distance of `wrong`, else "".
std::string did_you_mean(std::string_view wrong, const std::vector<std::string>& candidates);

}  // namespace wg::rules::expr
