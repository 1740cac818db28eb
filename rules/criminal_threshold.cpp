// Whether unpaid wages reach "数额较大" for 拒不支付劳动报酬罪 in the city where they are owed.
#include <string>

#include "rules/law_lookup.hpp"
#include "rules/law_parameters.hpp"

namespace wg::rules {
namespace {

using law_lookup::yuan;

struct ClaimTotals {
    Money total;
    int workers_owed = 0;  // workers with a positive claim
};

Expected<ClaimTotals> totals_of(std::span<const WorkerClaim> claims) {
    std::vector<Money> amounts;
    ClaimTotals totals;
    for (std::size_t i = 0; i < claims.size(); ++i) {
        if (claims[i].amount.fen < 0)
            return fail("negative_amount", "claim " + std::to_string(i + 1) + " is negative");
        if (claims[i].amount.fen > 0) ++totals.workers_owed;
        amounts.push_back(claims[i].amount);
    }
    auto total = sum(amounts);
    if (!total) return Unexpected<Error>{total.error()};
    totals.total = *total;
    return totals;
}

// The first worker whose claim alone reaches the individual threshold, if any.
std::optional<std::size_t> individual_over(const CriminalThreshold& threshold,
                                           std::span<const WorkerClaim> claims) {
    for (std::size_t i = 0; i < claims.size(); ++i)
        if (claims[i].months_unpaid >= threshold.individual_min_months &&
            claims[i].amount >= threshold.individual_amount)
            return i;
    return std::nullopt;
}

std::string individual_rule(const CriminalThreshold& t) {
    return yuan(t.individual_amount) + " or more owed to one worker over " +
           std::to_string(t.individual_min_months) + " or more months";
}

std::string group_rule(const CriminalThreshold& t) {
    return yuan(t.group_amount) + " or more owed to " + std::to_string(t.group_min_workers) +
           " or more workers";
}

Ruling<bool> ruling(const CriminalThreshold& t, bool value, const std::string& where,
                    const std::string& why) {
    return {value, t.rule.id, t.rule.source.to_string(), where + " (" + t.label + "): " + why};
}

}  // namespace

Expected<Ruling<bool>> meets_criminal_threshold(const LawParameters& law,
                                                std::span<const WorkerClaim> claims,
                                                std::string_view region, Date on_date) {
    auto city = city_of(region);
    if (!city) return Unexpected<Error>{city.error()};
    auto found = law_lookup::find_in_force(
        law.criminal_thresholds, [&](const CriminalThreshold& t) { return t.cities.contains(*city); },
        on_date, "criminal threshold for region " + *city);
    if (!found) return Unexpected<Error>{found.error()};
    const CriminalThreshold& t = **found;
    auto totals = totals_of(claims);
    if (!totals) return Unexpected<Error>{totals.error()};
    const std::string where = law_lookup::city_name(t.cities, *city);
    if (const auto i = individual_over(t, claims)) {
        return ruling(t, true, where, "worker " + std::to_string(*i + 1) + " is owed " +
                                          yuan(claims[*i].amount) + " over " +
                                          std::to_string(claims[*i].months_unpaid) + " months, reaching " +
                                          individual_rule(t));
    }
    const std::string group = std::to_string(totals->workers_owed) + " workers are owed " +
                              yuan(totals->total) + " in total";
    if (totals->workers_owed >= t.group_min_workers && totals->total >= t.group_amount)
        return ruling(t, true, where, group + ", reaching " + group_rule(t));
    return ruling(t, false, where, "no claim reaches " + individual_rule(t) + ", and " + group +
                                       ", short of " + group_rule(t));
}

}  // namespace wg::rules
