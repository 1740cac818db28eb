// "Did you mean …?" for misspelt names in definitions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace wg::workflow {

/// The candidate closest to `wrong` by edit distance, if close enough to be a likely typo;
/// empty otherwise.
std::string closest_name(std::string_view wrong, const std::vector<std::string>& candidates);

/// " (did you mean 'x'?)" or "".
std::string did_you_mean(std::string_view wrong, const std::vector<std::string>& candidates);

}  // namespace wg::workflow
