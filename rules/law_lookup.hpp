// Finding the rule of a law-parameter table that is in force on a day (shared by the lookups
// of law_parameters.hpp; not part of its interface).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rules/law_parameters.hpp"

namespace wg::rules::law_lookup {

/// The entry of `table` that `applies` and whose validity covers `on_date`. Fails with
/// `no_rule`, naming `what` and the periods that the applicable entries do cover.
template <typename Entry, typename Applies>
Expected<const Entry*> find_in_force(const std::vector<Entry>& table, Applies applies, Date on_date,
                                     std::string_view what) {
    std::string covered;
    for (const auto& entry : table) {
        if (!applies(entry)) continue;
        if (entry.rule.validity.covers(on_date)) return &entry;
        covered += (covered.empty() ? "" : ", ") + entry.rule.validity.to_string();
    }
    if (covered.empty()) return fail("no_rule", "no rule gives the " + std::string(what));
    return fail("no_rule", "no rule gives the " + std::string(what) + " on " + format_date(on_date) +
                               " (rules cover " + covered + ")");
}

/// "¥20,000.00" — amounts in explanations use the display form.
inline std::string yuan(Money amount) { return format_money_display(amount); }

/// A city with its name for explanations: "广州 (4401)".
inline std::string city_name(const Cities& cities, const std::string& city) {
    const auto found = cities.find(city);
    return found == cities.end() ? city : found->second + " (" + city + ")";
}

}  // namespace wg::rules::law_lookup
