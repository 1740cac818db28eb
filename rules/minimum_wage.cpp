// The local monthly minimum wage, and the final-award cap that is a multiple of it.
#include <string>

#include "rules/law_lookup.hpp"
#include "rules/law_parameters.hpp"

namespace wg::rules {
namespace {

using law_lookup::yuan;

Expected<const MinimumWage*> wage_rule(const LawParameters& law, const std::string& city, Date on_date) {
    return law_lookup::find_in_force(
        law.minimum_wages, [&](const MinimumWage& w) { return w.cities.contains(city); }, on_date,
        "minimum wage for region " + city);
}

}  // namespace

Expected<Ruling<Money>> minimum_wage(const LawParameters& law, std::string_view region, Date on_date) {
    auto city = city_of(region);
    if (!city) return Unexpected<Error>{city.error()};
    auto found = wage_rule(law, *city, on_date);
    if (!found) return Unexpected<Error>{found.error()};
    const MinimumWage& w = **found;
    return Ruling<Money>{w.monthly, w.rule.id, w.rule.source.to_string(),
                         "monthly minimum wage in " + law_lookup::city_name(w.cities, *city) + " (" +
                             w.label + ") from " + format_date(w.rule.validity.from) + ": " +
                             yuan(w.monthly)};
}

Expected<Ruling<Money>> final_award_cap(const LawParameters& law, std::string_view region, Date on_date) {
    auto city = city_of(region);
    if (!city) return Unexpected<Error>{city.error()};
    auto wage = wage_rule(law, *city, on_date);
    if (!wage) return Unexpected<Error>{wage.error()};
    auto found = law_lookup::find_in_force(
        law.final_award_caps, [](const FinalAwardCapRule&) { return true; }, on_date, "final-award cap");
    if (!found) return Unexpected<Error>{found.error()};
    const FinalAwardCapRule& cap = **found;
    const MinimumWage& w = **wage;
    auto value = multiply(w.monthly, cap.months);
    if (!value) return Unexpected<Error>{value.error()};
    return Ruling<Money>{*value, cap.rule.id, cap.rule.source.to_string() + "; " + w.rule.source.to_string(),
                         std::to_string(cap.months) + " × " + yuan(w.monthly) + ", the monthly minimum wage in " +
                             law_lookup::city_name(w.cities, *city) + " (rule " + w.rule.id + "), = " +
                             yuan(*value)};
}

}  // namespace wg::rules
