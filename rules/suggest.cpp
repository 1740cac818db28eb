// Suggestions by edit distance (with swaps of neighbours), for short names only.
#include "rules/suggest.hpp"

#include <algorithm>

namespace wg::rules {
namespace {

constexpr std::size_t kLongestName = 64;  // longer "names" are not typos; skip the work

// Edit distance counting a swap of neighbours as one edit (optimal string alignment), since
// "cuont" for "count" is the typo people make.
std::size_t distance(std::string_view a, std::string_view b) {
    const std::size_t width = b.size() + 1;
    std::vector<std::size_t> d((a.size() + 1) * width);
    const auto at = [&](std::size_t i, std::size_t j) -> std::size_t& { return d[i * width + j]; };
    for (std::size_t i = 0; i <= a.size(); ++i) at(i, 0) = i;
    for (std::size_t j = 0; j <= b.size(); ++j) at(0, j) = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t change = a[i - 1] == b[j - 1] ? 0 : 1;
            at(i, j) = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + change});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                at(i, j) = std::min(at(i, j), at(i - 2, j - 2) + 1);
        }
    }
    return at(a.size(), b.size());
}

}  // namespace

std::string did_you_mean(std::string_view wrong, const std::vector<std::string>& candidates) {
    if (wrong.size() > kLongestName) return "";
    const std::size_t allowed = std::max<std::size_t>(1, wrong.size() / 3);
    const std::string* best = nullptr;
    std::size_t best_distance = allowed + 1;
    for (const auto& candidate : candidates) {
        if (candidate.size() > kLongestName) continue;
        const auto d = distance(wrong, candidate);
        if (d < best_distance) {
            best = &candidate;
            best_distance = d;
        }
    }
    return best == nullptr ? "" : " (did you mean '" + *best + "'?)";
}

}  // namespace wg::rules
