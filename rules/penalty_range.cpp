// Fine ranges for violations, and 加付赔偿金 bounds for an amount due.
#include <string>

#include "rules/law_lookup.hpp"
#include "rules/law_parameters.hpp"

namespace wg::rules {

using law_lookup::yuan;

Expected<Ruling<MoneyRange>> penalty_range(const LawParameters& law, std::string_view key, Date on_date) {
    auto found = law_lookup::find_in_force(
        law.penalties, [&](const PenaltyRange& p) { return p.key == key; }, on_date,
        "penalty range for '" + std::string(key) + "'");
    if (!found) return Unexpected<Error>{found.error()};
    const PenaltyRange& p = **found;
    return Ruling<MoneyRange>{{p.min, p.max}, p.rule.id, p.rule.source.to_string(),
                              p.violation + ": a fine of " + yuan(p.min) + " to " + yuan(p.max)};
}

Expected<Ruling<MoneyRange>> additional_compensation(const LawParameters& law, Money amount_due,
                                                     Date on_date) {
    if (amount_due.fen < 0) return fail("negative_amount", "amount due is negative");
    auto found = law_lookup::find_in_force(
        law.compensation, [](const CompensationRule&) { return true; }, on_date, "加付赔偿金 rates");
    if (!found) return Unexpected<Error>{found.error()};
    const CompensationRule& c = **found;
    auto low = apply_rate_half_up(amount_due, c.min_rate);
    auto high = apply_rate_half_up(amount_due, c.max_rate);
    if (!low) return Unexpected<Error>{low.error()};
    if (!high) return Unexpected<Error>{high.error()};
    return Ruling<MoneyRange>{{*low, *high}, c.rule.id, c.rule.source.to_string(),
                              format_rate(c.min_rate) + " to " + format_rate(c.max_rate) + " of " +
                                  yuan(amount_due) + " due: " + yuan(*low) + " to " + yuan(*high)};
}

}  // namespace wg::rules
