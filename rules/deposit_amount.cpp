// Sizing a project's wage deposit (工资保证金) from the contract value and the general
// contractor's record (人社部发〔2021〕65号 Art. 11–12, with local rates and switches).
#include <algorithm>
#include <string>

#include "rules/law_lookup.hpp"
#include "rules/law_parameters.hpp"

namespace wg::rules {
namespace {

using law_lookup::yuan;

// The record's flags must agree: arrears last year are arrears in the last two years, and
// clean years count back from signing.
Expected<void> check_record(const ContractorRecord& r) {
    const auto inconsistent = [](const std::string& why) {
        return fail("inconsistent_record", "contractor record is inconsistent: " + why);
    };
    if (r.clean_years < 0 || r.concurrent_projects_in_area < 0) return inconsistent("negative count");
    if (r.arrears_in_prior_year && !r.arrears_in_prior_two_years)
        return inconsistent("arrears in the prior year are also arrears in the prior 2 years");
    if (r.arrears_in_prior_year && r.clean_years > 0)
        return inconsistent("arrears in the prior year leave no clean years");
    if (r.arrears_in_prior_two_years && r.clean_years >= 2)
        return inconsistent("arrears in the prior 2 years leave fewer than 2 clean years");
    return {};
}

// The rule for the city if one is in force, else the province-wide one ("44").
Expected<const DepositRule*> deposit_rule(const LawParameters& law, const std::string& city, Date on_date) {
    const auto for_region = [&](const std::string& region) {
        return law_lookup::find_in_force(
            law.deposit_rules, [&](const DepositRule& d) { return d.region == region; }, on_date,
            "wage deposit for region " + region);
    };
    auto own = for_region(city);
    if (own) return own;
    auto province = for_region(city.substr(0, 2));
    if (province) return province;
    return fail("no_rule", own.error().message + "; " + province.error().message);
}

// Why the project is exempt, or nothing.
std::optional<std::string> exemption(const DepositRule& d, Money contract, const ContractorRecord& r) {
    if (d.small_project_exemption && contract < d.small_project_below && !r.arrears_in_prior_year)
        return "contract " + yuan(contract) + " is below " + yuan(d.small_project_below) +
               " and the contractor had no arrears in the prior year";
    if (d.clean_three_years_exemption && r.clean_years >= 3 && r.systems_in_place)
        return "the contractor has " + std::to_string(r.clean_years) +
               " consecutive years without arrears and real-name and special-account systems in place";
    return std::nullopt;
}

struct RateChoice {
    Rate rate;
    std::string steps;
};

// Base rate, lowered for 2 clean years and for a concurrent project (not below the floor),
// replaced by the raised rate after recent arrears.
RateChoice choose_rate(const DepositRule& d, const ContractorRecord& r) {
    RateChoice choice{d.rate, "base rate " + format_rate(d.rate)};
    if (r.clean_years >= 2 && d.clean_two_years_rate) {
        choice.rate = std::min(choice.rate, *d.clean_two_years_rate);
        choice.steps += "; 2 clean years: " + format_rate(choice.rate);
    }
    if (r.concurrent_projects_in_area > 0 && d.concurrent_rate) {
        choice.rate = std::min(choice.rate, std::max(*d.concurrent_rate, d.concurrent_floor));
        choice.steps += "; concurrent project in the area: " + format_rate(choice.rate) + " (floor " +
                        format_rate(d.concurrent_floor) + ")";
    }
    if (r.arrears_in_prior_two_years && d.recent_arrears_rate) {
        choice.rate = *d.recent_arrears_rate;
        choice.steps += "; arrears in the prior 2 years: raised to " + format_rate(choice.rate);
    }
    return choice;
}

}  // namespace

Expected<Ruling<Money>> deposit_amount(const LawParameters& law, Money contract_value,
                                       const ContractorRecord& record, std::string_view region,
                                       Date on_date) {
    if (contract_value.fen < 0) return fail("negative_amount", "contract value is negative");
    if (auto checked = check_record(record); !checked) return Unexpected<Error>{checked.error()};
    auto city = city_of(region);
    if (!city) return Unexpected<Error>{city.error()};
    auto found = deposit_rule(law, *city, on_date);
    if (!found) return Unexpected<Error>{found.error()};
    const DepositRule& d = **found;
    const auto ruling = [&](Money value, const std::string& why) {
        return Ruling<Money>{value, d.rule.id, d.rule.source.to_string(), why};
    };
    if (const auto why = exemption(d, contract_value, record)) return ruling(Money{}, "exempt: " + *why);
    const RateChoice choice = choose_rate(d, record);
    auto amount = apply_rate_half_up(contract_value, choice.rate);
    if (!amount) return Unexpected<Error>{amount.error()};
    std::string why = choice.steps + "; " + yuan(contract_value) + " × " + format_rate(choice.rate) +
                      " = " + yuan(*amount);
    if (d.cap && *amount > *d.cap) return ruling(*d.cap, why + ", capped at " + yuan(*d.cap));
    return ruling(*amount, why);
}

}  // namespace wg::rules
