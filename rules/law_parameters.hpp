// Effective-dated law parameters (criminal thresholds, minimum wages, the final-award cap,
// wage-deposit rates, penalty ranges, 加付赔偿金 rates) and the lookups that answer with the
// value and the rule that produced it. Loaded from config/rules/*.yaml by
// law_parameters_loader.hpp; plain values so that the workflow expression language can use them.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rules/date.hpp"
#include "rules/error.hpp"
#include "rules/expected.hpp"
#include "rules/money.hpp"

namespace wg::rules {

// --- what every rule carries ----------------------------------------------------------------

/// Where a rule comes from. `confidence` is a DOMAIN.md §0 tag: "V" verified against the
/// legal text, "S" secondary source, "GK" general knowledge (a default to confirm).
struct LegalSource {
    std::string law;         ///< e.g. 保障农民工工资支付条例
    std::string document;    ///< e.g. 国务院令第724号 (may be empty)
    std::string article;     ///< e.g. "54" (may be empty)
    std::string confidence;  ///< V, S or GK
    std::string note;        ///< why a value is what it is, when not obvious (may be empty)

    /// "保障农民工工资支付条例 (国务院令第724号) art. 54 [V]".
    [[nodiscard]] std::string to_string() const;
};

/// The days a rule is in force: from `from` to `to`, both inclusive; open-ended without `to`.
struct Validity {
    Date from;
    std::optional<Date> to;

    [[nodiscard]] bool covers(Date day) const;
    /// "2021-12-01..2025-02-28" or "2021-12-01.." when open-ended.
    [[nodiscard]] std::string to_string() const;
};

/// Identity, validity and provenance of one rule entry.
struct RuleHeader {
    std::string id;          ///< unique across all files, e.g. gd.min_wage.2021.guangzhou
    Validity validity;
    LegalSource source;
    SourceLocation location; ///< where the entry was declared
};

/// Prefecture-level cities (GB/T 2260, 4 digits, e.g. "4401") to their names ("广州").
using Cities = std::map<std::string, std::string, std::less<>>;

// --- the parameter tables -------------------------------------------------------------------

/// "数额较大" for 拒不支付劳动报酬罪 (刑法 Art. 276-1; 法释〔2013〕3号 Art. 3) in a class of cities.
struct CriminalThreshold {
    RuleHeader rule;
    std::string label;  ///< e.g. 一类地区
    Cities cities;
    Money individual_amount;        ///< one worker, at least individual_min_months unpaid
    int individual_min_months = 3;
    Money group_amount;             ///< total over at least group_min_workers workers
    int group_min_workers = 10;
};

/// A monthly minimum wage (and the hourly one for part-time work) for some cities.
struct MinimumWage {
    RuleHeader rule;
    std::string label;  ///< e.g. 四类
    Cities cities;
    Money monthly;
    std::optional<Money> hourly;
};

/// Final arbitral awards: claims up to `months` × the local monthly minimum wage (调解仲裁法 Art. 47).
struct FinalAwardCapRule {
    RuleHeader rule;
    int months = 12;
};

/// Wage-deposit sizing (人社部发〔2021〕65号 Art. 11–12) for a region: "44" (province-wide) or
/// a city "4401"; the most specific region wins.
struct DepositRule {
    RuleHeader rule;
    std::string region;
    Rate rate;                      ///< base rate on the contract value
    std::optional<Money> cap;       ///< largest deposit for one project, if any
    std::optional<Rate> concurrent_rate;  ///< for 2nd+ concurrent projects in the same area
    Rate concurrent_floor;          ///< the concurrent rate never goes below this (0.5%)
    bool small_project_exemption = false;  ///< exempt below `small_project_below` if no arrears last year
    Money small_project_below;
    std::optional<Rate> clean_two_years_rate;  ///< 2 consecutive years without arrears
    bool clean_three_years_exemption = false;  ///< 3 clean years + real-name and special-account systems
    std::optional<Rate> recent_arrears_rate;   ///< arrears in the previous 2 years
};

/// A fine range for one violation, keyed like "reg724.art54.unit".
struct PenaltyRange {
    RuleHeader rule;
    std::string key;
    std::string violation;  ///< what is punished, in a few words
    Money min;
    Money max;
};

/// 加付赔偿金: a share of the amount due after a missed 责令支付 deadline (劳动合同法 Art. 85).
struct CompensationRule {
    RuleHeader rule;
    Rate min_rate;
    Rate max_rate;
};

/// Everything loaded from config/rules/. Entries of one table never overlap in time for the
/// same key (city, region, penalty key); the loader guarantees it.
struct LawParameters {
    std::vector<CriminalThreshold> criminal_thresholds;
    std::vector<MinimumWage> minimum_wages;
    std::vector<FinalAwardCapRule> final_award_caps;
    std::vector<DepositRule> deposit_rules;
    std::vector<PenaltyRange> penalties;
    std::vector<CompensationRule> compensation;
};

// --- answers --------------------------------------------------------------------------------

/// A value together with the rule that produced it.
template <typename T>
struct Ruling {
    T value;
    std::string rule_id;      ///< the deciding rule's id (others are named in the explanation)
    std::string source;       ///< LegalSource::to_string() of the rules used, "; "-separated
    std::string explanation;  ///< how the value follows, with the numbers, for people
};

struct MoneyRange {
    Money min;
    Money max;
    friend constexpr auto operator<=>(const MoneyRange&, const MoneyRange&) = default;
};

/// What one worker is owed. Claims of the same worker are added up by the caller first.
struct WorkerClaim {
    Money amount;
    int months_unpaid = 0;
};

/// A general contractor's record, as of signing the construction contract.
struct ContractorRecord {
    bool arrears_in_prior_year = false;      ///< any wage arrears in the year before signing
    bool arrears_in_prior_two_years = false;  ///< any wage arrears in the 2 years before signing
    int clean_years = 0;                     ///< consecutive years without arrears up to signing
    int concurrent_projects_in_area = 0;     ///< other ongoing projects in the same area
    bool systems_in_place = false;           ///< real-name management and special account in use
};

// Every lookup takes a region as a GB/T 2260 code of a city or below ("4401", "440111");
// codes that are not digits, or shorter than 4, fail with `region`. A date no rule covers is
// an error `no_rule`, never a guess.

/// Whether the claims reach "数额较大": one worker owed at least the individual amount for at
/// least the minimum months, or at least the minimum number of workers (with a positive claim)
/// owed at least the group amount in total. "以上" is inclusive (刑法 Art. 99).
/// Fails with `region`, `no_rule`, `negative_amount` or `overflow`.
Expected<Ruling<bool>> meets_criminal_threshold(const LawParameters& law,
                                                std::span<const WorkerClaim> claims,
                                                std::string_view region, Date on_date);

/// The monthly minimum wage in force. Fails with `region` or `no_rule`.
Expected<Ruling<Money>> minimum_wage(const LawParameters& law, std::string_view region, Date on_date);

/// The largest claim item a final arbitral award may decide: months × the monthly minimum wage.
/// Fails with `region`, `no_rule` or `overflow`.
Expected<Ruling<Money>> final_award_cap(const LawParameters& law, std::string_view region, Date on_date);

/// The wage deposit for a project (0 when exempt). Exemptions first (small project without
/// arrears last year; 3 clean years with systems in place); otherwise the base rate, lowered for
/// 2 clean years, lowered for a concurrent project (never below the floor), replaced by the raised
/// rate after arrears in the prior 2 years (a raise is never reduced), then capped.
/// Fails with `region`, `no_rule`, `negative_amount`, `inconsistent_record` or `overflow`.
Expected<Ruling<Money>> deposit_amount(const LawParameters& law, Money contract_value,
                                       const ContractorRecord& record, std::string_view region,
                                       Date on_date);

/// The fine range for a violation key ("reg724.art54.unit"). Fails with `no_rule`.
Expected<Ruling<MoneyRange>> penalty_range(const LawParameters& law, std::string_view key, Date on_date);

/// 加付赔偿金 bounds for an amount due, rounded half-up to the fen. Fails with `no_rule`,
/// `negative_amount` or `overflow`.
Expected<Ruling<MoneyRange>> additional_compensation(const LawParameters& law, Money amount_due,
                                                     Date on_date);

/// The prefecture-level city of a region code: "440111" -> "4401". Fails with `region`.
Expected<std::string> city_of(std::string_view region);

}  // namespace wg::rules
