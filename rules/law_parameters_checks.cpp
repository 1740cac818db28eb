// Checks across all loaded law-parameter files: duplicate rule ids and overlapping validity.
#include "rules/law_parameters_checks.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace wg::rules {
namespace {

// One rule as seen by the overlap check: the key it answers for and its header.
struct Keyed {
    std::string key;
    const RuleHeader* rule;
};

void add_error(Errors& errors, const SourceLocation& where, std::string code, std::string message) {
    Error error;
    error.code = std::move(code);
    error.message = std::move(message);
    error.location = where;
    errors.push_back(std::move(error));
}

template <typename Entry>
void collect_headers(const std::vector<Entry>& table, std::vector<const RuleHeader*>& out) {
    for (const auto& entry : table) out.push_back(&entry.rule);
}

template <typename Entry>
std::vector<Keyed> by_city(const std::vector<Entry>& table) {
    std::vector<Keyed> out;
    for (const auto& entry : table)
        for (const auto& city : entry.cities) out.push_back({city.first, &entry.rule});
    return out;
}

template <typename Entry, typename Key>
std::vector<Keyed> by_key(const std::vector<Entry>& table, Key key) {
    std::vector<Keyed> out;
    for (const auto& entry : table) out.push_back({key(entry), &entry.rule});
    return out;
}

bool ends_before(const Validity& earlier, Date day) { return earlier.to && *earlier.to < day; }

std::string describe(const std::string& table, const std::string& key) {
    return key.empty() ? table : table + " for " + key;
}

// Sorted by key and start, a rule overlaps when it starts before the latest-ending earlier
// rule of its key has ended.
void check_table(const std::string& table, std::vector<Keyed> rules, Errors& errors) {
    std::sort(rules.begin(), rules.end(), [](const Keyed& a, const Keyed& b) {
        return a.key != b.key ? a.key < b.key : a.rule->validity.from < b.rule->validity.from;
    });
    const Keyed* latest = nullptr;
    for (const Keyed& current : rules) {
        if (latest == nullptr || latest->key != current.key) {
            latest = &current;
            continue;
        }
        if (!ends_before(latest->rule->validity, current.rule->validity.from)) {
            add_error(errors, current.rule->location, "overlap",
                      "rule '" + current.rule->id + "' (" + current.rule->validity.to_string() + ") overlaps rule '" +
                          latest->rule->id + "' (" + latest->rule->validity.to_string() + ", declared at " +
                          latest->rule->location.to_string() + ") in " + describe(table, current.key));
        }
        const auto& latest_to = latest->rule->validity.to;
        const auto& current_to = current.rule->validity.to;
        if (latest_to && (!current_to || *current_to > *latest_to)) latest = &current;
    }
}

}  // namespace

void check_unique_ids(const LawParameters& law, Errors& errors) {
    std::vector<const RuleHeader*> headers;
    collect_headers(law.criminal_thresholds, headers);
    collect_headers(law.minimum_wages, headers);
    collect_headers(law.final_award_caps, headers);
    collect_headers(law.deposit_rules, headers);
    collect_headers(law.penalties, headers);
    collect_headers(law.compensation, headers);
    // In declaration order (file, then line), so the later declaration is the one reported.
    std::sort(headers.begin(), headers.end(), [](const RuleHeader* a, const RuleHeader* b) {
        const auto& x = a->location;
        const auto& y = b->location;
        return std::tie(x.file, x.line, x.column) < std::tie(y.file, y.line, y.column);
    });
    std::map<std::string, const RuleHeader*> seen;
    for (const RuleHeader* header : headers) {
        const auto [first, inserted] = seen.emplace(header->id, header);
        if (inserted) continue;
        add_error(errors, header->location, "duplicate_id",
                  "rule id '" + header->id + "' is already used at " + first->second->location.to_string());
    }
}

void check_overlaps(const LawParameters& law, Errors& errors) {
    const auto whole = [](const auto&) { return std::string(); };
    check_table("criminal_thresholds", by_city(law.criminal_thresholds), errors);
    check_table("minimum_wages", by_city(law.minimum_wages), errors);
    check_table("final_award_caps", by_key(law.final_award_caps, whole), errors);
    check_table("deposit_rules", by_key(law.deposit_rules, [](const DepositRule& d) { return d.region; }), errors);
    check_table("penalties", by_key(law.penalties, [](const PenaltyRange& p) { return p.key; }), errors);
    check_table("compensation", by_key(law.compensation, whole), errors);
}

}  // namespace wg::rules
