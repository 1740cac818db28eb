// Splitting an amount in proportion to weights so that the shares add up exactly
// (largest-remainder method, ties to the earlier position).
#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

#include "rules/int128.hpp"
#include "rules/money.hpp"

namespace wg::rules {
namespace {

// Each weight must be non-negative and at least one positive; returns their exact total.
Expected<Int128> total_weight(std::span<const Money> weights) {
    if (weights.empty()) return fail("empty", "cannot split an amount over no shares");
    Int128 total = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        if (weights[i].fen < 0)
            return fail("negative_weight", "share " + std::to_string(i + 1) + " has a negative weight " +
                                               format_money(weights[i]));
        total += weights[i].fen;
    }
    if (total == 0) return fail("zero_weights", "cannot split an amount when all weights are zero");
    return total;
}

// Order in which the left-over fen are handed out: largest remainder first, then position.
std::vector<std::size_t> by_remainder(const std::vector<Int128>& remainders) {
    std::vector<std::size_t> order(remainders.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return remainders[a] > remainders[b]; });
    return order;
}

}  // namespace

Expected<std::vector<Money>> split_pro_rata(Money total, std::span<const Money> weights) {
    const auto weight_sum = total_weight(weights);
    if (!weight_sum) return Unexpected<Error>{weight_sum.error()};
    // Split the magnitude and restore the sign at the end, so rounding is symmetric.
    const Int128 signed_total = total.fen;
    const Int128 magnitude = signed_total < 0 ? -signed_total : signed_total;
    std::vector<Int128> shares(weights.size());
    std::vector<Int128> remainders(weights.size());
    Int128 handed_out = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        const Int128 exact = magnitude * weights[i].fen;  // < 2^126: cannot overflow
        shares[i] = exact / *weight_sum;
        remainders[i] = exact % *weight_sum;
        handed_out += shares[i];
    }
    // Fewer fen are left over than there are non-zero remainders, so zero weights get none.
    auto left_over = magnitude - handed_out;
    for (const std::size_t i : by_remainder(remainders)) {
        if (left_over == 0) break;
        ++shares[i];
        --left_over;
    }
    std::vector<Money> out;
    out.reserve(shares.size());
    for (const Int128 share : shares)
        out.push_back(Money{static_cast<std::int64_t>(signed_total < 0 ? -share : share)});
    return out;
}

}  // namespace wg::rules
