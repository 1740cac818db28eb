// Reads law-parameter YAML texts into LawParameters: strict fields, located errors, and no
// two rules in force on the same day for the same city, region or key.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/chars.hpp"
#include "rules/law_parameters_checks.hpp"
#include "rules/law_parameters_loader.hpp"
#include "rules/yaml_fields_loader.hpp"

namespace wg::rules {
namespace {

using yaml::Fields;
using yaml::Need;
using yaml::Reporter;

LegalSource read_source(Fields& entry, Reporter& reporter) {
    LegalSource source;
    const YAML::Node node = entry.mapping("source", Need::required);
    if (!node.IsDefined()) return source;
    Fields fields(node, reporter, "a source");
    source.law = fields.text("law", Need::required).value_or("");
    source.document = fields.text("document", Need::optional).value_or("");
    source.article = fields.text("article", Need::optional).value_or("");
    source.note = fields.text("note", Need::optional).value_or("");
    const YAML::Node confidence = fields.get("confidence", Need::required);
    source.confidence = confidence.IsDefined() && confidence.IsScalar() ? confidence.Scalar() : "";
    if (confidence.IsDefined() && source.confidence != "V" && source.confidence != "S" && source.confidence != "GK")
        reporter.report(confidence, "invalid_value", "confidence must be V, S or GK (DOMAIN.md §0)");
    fields.finish();
    return source;
}

RuleHeader read_header(Fields& entry, Reporter& reporter, const YAML::Node& node) {
    RuleHeader header;
    header.location = reporter.at(node);
    header.id = entry.text("id", Need::required).value_or("");
    header.validity.from = entry.date("valid_from", Need::required).value_or(Date{});
    header.validity.to = entry.date("valid_to", Need::optional);
    if (header.validity.to && *header.validity.to < header.validity.from)
        reporter.report(entry.get("valid_to", Need::optional), "invalid_range",
                        "valid_to " + format_date(*header.validity.to) + " is before valid_from " +
                            format_date(header.validity.from));
    header.source = read_source(entry, reporter);
    return header;
}

// cities: {"4401": 广州, ...} — prefecture-level division codes to names.
Cities read_cities(Fields& entry, Reporter& reporter) {
    Cities cities;
    const YAML::Node node = entry.mapping("cities", Need::required);
    if (!node.IsDefined()) return cities;
    for (const auto& city : node) {
        const std::string& code = city.first.Scalar();
        if (code.size() != 4 || !chars::all_digits(code))
            reporter.report(city.first, "invalid_value", "city code '" + code + "' is not a 4-digit division code");
        else if (!city.second.IsScalar())
            reporter.report(city.second, "invalid_value", "city " + code + " needs a name");
        else if (!cities.emplace(code, city.second.Scalar()).second)
            reporter.report(city.first, "invalid_value", "city " + code + " is listed twice");
    }
    if (node.size() == 0) reporter.report(node, "invalid_value", "cities must list at least one city");
    return cities;
}

// Reads one entry of a table; when it reads cleanly and `problem` finds nothing wrong with the
// values taken together (reported as `invalid_range`), appends it.
template <typename Entry, typename Read, typename Problem>
void read_entry(const YAML::Node& node, Reporter& reporter, const std::string& table,
                std::vector<Entry>& out, Read read, Problem problem) {
    const std::size_t errors_before = reporter.count();
    Fields fields(node, reporter, "a " + table + " entry");
    Entry entry;
    entry.rule = read_header(fields, reporter, node);
    read(fields, entry);
    fields.finish();
    if (reporter.count() != errors_before) return;
    if (const std::string why = problem(entry); !why.empty()) {
        reporter.report(node, "invalid_range", why);
        return;
    }
    out.push_back(std::move(entry));
}

void read_criminal_threshold(const YAML::Node& node, Reporter& reporter, LawParameters& law) {
    const auto read = [&](Fields& f, CriminalThreshold& t) {
        t.label = f.text("label", Need::required).value_or("");
        t.cities = read_cities(f, reporter);
        t.individual_amount = f.money("individual_amount", Need::required).value_or(Money{});
        t.individual_min_months = f.count("individual_min_months", Need::required).value_or(0);
        t.group_amount = f.money("group_amount", Need::required).value_or(Money{});
        t.group_min_workers = f.count("group_min_workers", Need::required).value_or(0);
    };
    const auto problem = [](const CriminalThreshold& t) -> std::string {
        const bool positive = t.individual_amount.fen > 0 && t.group_amount.fen > 0 &&
                              t.individual_min_months > 0 && t.group_min_workers > 0;
        return positive ? "" : "criminal threshold amounts and counts must be positive";
    };
    read_entry(node, reporter, "criminal_thresholds", law.criminal_thresholds, read, problem);
}

void read_minimum_wage(const YAML::Node& node, Reporter& reporter, LawParameters& law) {
    const auto read = [&](Fields& f, MinimumWage& w) {
        w.label = f.text("label", Need::required).value_or("");
        w.cities = read_cities(f, reporter);
        w.monthly = f.money("monthly", Need::required).value_or(Money{});
        w.hourly = f.money("hourly", Need::optional);
    };
    const auto problem = [](const MinimumWage& w) -> std::string {
        return w.monthly.fen > 0 ? "" : "a monthly minimum wage must be positive";
    };
    read_entry(node, reporter, "minimum_wages", law.minimum_wages, read, problem);
}

void read_final_award_cap(const YAML::Node& node, Reporter& reporter, LawParameters& law) {
    const auto read = [](Fields& f, FinalAwardCapRule& c) {
        c.months = f.count("months", Need::required).value_or(0);
    };
    const auto problem = [](const FinalAwardCapRule& c) -> std::string {
        return c.months > 0 ? "" : "months must be positive";
    };
    read_entry(node, reporter, "final_award_caps", law.final_award_caps, read, problem);
}

std::string deposit_problem(const DepositRule& d) {
    if (!((d.region.size() == 2 || d.region.size() == 4) && chars::all_digits(d.region)))
        return "region '" + d.region + "' must be a province (44) or city (4401) code";
    if (d.rate < Rate{} || d.concurrent_floor < Rate{}) return "deposit rates cannot be negative";
    if (d.clean_two_years_rate && *d.clean_two_years_rate > d.rate)
        return "clean_two_years_rate must not exceed the base rate";
    if (d.recent_arrears_rate && *d.recent_arrears_rate < d.rate)
        return "recent_arrears_rate must not be below the base rate";
    if (d.cap && *d.cap < Money{}) return "a deposit cap cannot be negative";
    return {};
}

void read_deposit_rule(const YAML::Node& node, Reporter& reporter, LawParameters& law) {
    const auto read = [](Fields& f, DepositRule& d) {
        d.region = f.text("region", Need::required).value_or("");
        d.rate = f.rate("rate", Need::required).value_or(Rate{});
        d.cap = f.money("cap", Need::optional);
        d.concurrent_rate = f.rate("concurrent_rate", Need::optional);
        d.concurrent_floor = f.rate("concurrent_floor", Need::required).value_or(Rate{});
        d.small_project_exemption = f.flag("small_project_exemption", Need::required).value_or(false);
        d.small_project_below = f.money("small_project_below", Need::required).value_or(Money{});
        d.clean_two_years_rate = f.rate("clean_two_years_rate", Need::optional);
        d.clean_three_years_exemption = f.flag("clean_three_years_exemption", Need::required).value_or(false);
        d.recent_arrears_rate = f.rate("recent_arrears_rate", Need::optional);
    };
    read_entry(node, reporter, "deposit_rules", law.deposit_rules, read, deposit_problem);
}

void read_penalty(const YAML::Node& node, Reporter& reporter, LawParameters& law) {
    const auto read = [](Fields& f, PenaltyRange& p) {
        p.key = f.text("key", Need::required).value_or("");
        p.violation = f.text("violation", Need::required).value_or("");
        p.min = f.money("min", Need::required).value_or(Money{});
        p.max = f.money("max", Need::required).value_or(Money{});
    };
    const auto problem = [](const PenaltyRange& p) -> std::string {
        return Money{} <= p.min && p.min <= p.max ? "" : "a penalty needs 0 <= min <= max";
    };
    read_entry(node, reporter, "penalties", law.penalties, read, problem);
}

void read_compensation(const YAML::Node& node, Reporter& reporter, LawParameters& law) {
    const auto read = [](Fields& f, CompensationRule& c) {
        c.min_rate = f.rate("min_rate", Need::required).value_or(Rate{});
        c.max_rate = f.rate("max_rate", Need::required).value_or(Rate{});
    };
    const auto problem = [](const CompensationRule& c) -> std::string {
        return Rate{} <= c.min_rate && c.min_rate <= c.max_rate ? "" : "compensation needs 0 <= min_rate <= max_rate";
    };
    read_entry(node, reporter, "compensation", law.compensation, read, problem);
}

struct Table {
    std::string_view name;
    void (*read)(const YAML::Node&, Reporter&, LawParameters&);
};

constexpr Table kTables[] = {
    {"criminal_thresholds", read_criminal_threshold}, {"minimum_wages", read_minimum_wage},
    {"final_award_caps", read_final_award_cap},       {"deposit_rules", read_deposit_rule},
    {"penalties", read_penalty},                      {"compensation", read_compensation},
};

const Table* find_table(std::string_view name) {
    for (const auto& table : kTables)
        if (table.name == name) return &table;
    return nullptr;
}

std::vector<std::string> table_names() {
    std::vector<std::string> names;
    for (const auto& table : kTables) names.emplace_back(table.name);
    return names;
}

void read_table(const YAML::Node& key, const YAML::Node& entries, Reporter& reporter, LawParameters& law) {
    const Table* table = find_table(key.Scalar());
    if (table == nullptr) {
        reporter.report(key, "unknown_table", "unknown table '" + key.Scalar() + "'" +
                                                  yaml::suggestion(key.Scalar(), table_names()));
        return;
    }
    if (!entries.IsSequence()) {
        reporter.report(entries, "invalid_value", "table '" + key.Scalar() + "' must be a list of entries");
        return;
    }
    for (const auto& entry : entries) {
        if (entry.IsMap()) table->read(entry, reporter, law);
        else reporter.report(entry, "invalid_value", "an entry of '" + key.Scalar() + "' must be a mapping");
    }
}

void read_text(const NamedText& text, LawParameters& law, Errors& errors) {
    Reporter reporter(text.file, errors);
    try {
        const YAML::Node root = YAML::Load(text.text);
        if (root.IsNull()) return;  // an empty file declares nothing
        if (!root.IsMap()) {
            reporter.report(root, "invalid_value", "a law-parameter file is a mapping of tables");
            return;
        }
        for (const auto& table : root) read_table(table.first, table.second, reporter, law);
    } catch (const YAML::Exception& e) {
        reporter.report(reporter.at(e.mark), "yaml", e.msg);
    }
}

}  // namespace

Expected<LawParameters, Errors> load_law_parameters(std::span<const NamedText> texts) {
    LawParameters law;
    Errors errors;
    for (const auto& text : texts) read_text(text, law, errors);
    check_unique_ids(law, errors);
    check_overlaps(law, errors);
    if (!errors.empty()) return Unexpected<Errors>{std::move(errors)};
    return law;
}

}  // namespace wg::rules
