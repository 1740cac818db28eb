// Strict reading of YAML mappings for loaders: located errors and did-you-mean suggestions.
#include "rules/yaml_fields_loader.hpp"

#include <algorithm>

#include "rules/chars.hpp"
#include "rules/suggest.hpp"

namespace wg::rules::yaml {
namespace {

std::string quoted(std::string_view text) {
    std::string out(1, '\'');
    out.append(text).push_back('\'');
    return out;
}

Expected<int> parse_count(std::string_view text) {
    if (!chars::all_digits(text) || text.size() > 6) return fail("format", quoted(text) + " is not a count");
    int value = 0;
    for (const char c : text) value = value * 10 + (c - '0');
    return value;
}

Expected<bool> parse_flag(std::string_view text) {
    if (text == "true") return true;
    if (text == "false") return false;
    return fail("format", quoted(text) + " is neither true nor false");
}

}  // namespace

SourceLocation Reporter::at(const YAML::Mark& mark) const {
    if (mark.is_null()) return {name_, 0, 0};
    return {name_, static_cast<std::uint32_t>(mark.line + 1), static_cast<std::uint32_t>(mark.column + 1)};
}

void Reporter::report(const SourceLocation& where, std::string code, std::string message) {
    Error error;
    error.code = std::move(code);
    error.message = std::move(message);
    error.location = where;
    errors_.push_back(std::move(error));
}

std::string suggestion(std::string_view name, const std::vector<std::string>& known) {
    return did_you_mean(name, known);
}

YAML::Node Fields::get(const std::string& key, Need need) {
    known_.push_back(key);
    for (const auto& field : map_)
        if (field.first.Scalar() == key && !field.second.IsNull()) return field.second;
    if (need == Need::required)
        reporter_.report(map_, "missing_field", "field " + quoted(key) + " is required in " + what_);
    return YAML::Node(YAML::NodeType::Undefined);
}

YAML::Node Fields::mapping(const std::string& key, Need need) {
    YAML::Node node = get(key, need);
    if (!node.IsDefined() || node.IsMap()) return node;
    reporter_.report(node, "invalid_value", "field " + quoted(key) + " of " + what_ + " must be a mapping");
    return YAML::Node(YAML::NodeType::Undefined);
}

std::optional<std::string> Fields::text(const std::string& key, Need need) {
    const YAML::Node node = get(key, need);
    if (!node.IsDefined()) return std::nullopt;
    if (node.IsScalar() && !node.Scalar().empty()) return node.Scalar();
    reporter_.report(node, "invalid_value", "field " + quoted(key) + " of " + what_ + " must be a text");
    return std::nullopt;
}

template <typename T, typename Parse>
std::optional<T> Fields::parsed(const std::string& key, Need need, Parse parse) {
    const YAML::Node node = get(key, need);
    if (!node.IsDefined()) return std::nullopt;
    if (!node.IsScalar()) {
        reporter_.report(node, "invalid_value", "field " + quoted(key) + " of " + what_ + " must be a single value");
        return std::nullopt;
    }
    Expected<T> value = parse(node.Scalar());
    if (value) return *value;
    reporter_.report(node, "invalid_value", "field " + quoted(key) + ": " + value.error().message);
    return std::nullopt;
}

std::optional<Money> Fields::money(const std::string& key, Need need) { return parsed<Money>(key, need, parse_money); }
std::optional<Rate> Fields::rate(const std::string& key, Need need) { return parsed<Rate>(key, need, parse_rate); }
std::optional<Date> Fields::date(const std::string& key, Need need) { return parsed<Date>(key, need, parse_date); }
std::optional<int> Fields::count(const std::string& key, Need need) { return parsed<int>(key, need, parse_count); }
std::optional<bool> Fields::flag(const std::string& key, Need need) { return parsed<bool>(key, need, parse_flag); }

void Fields::finish() {
    for (const auto& field : map_) {
        const std::string& name = field.first.Scalar();
        if (std::find(known_.begin(), known_.end(), name) != known_.end()) continue;
        reporter_.report(field.first, "unknown_field",
                         "unknown field " + quoted(name) + " in " + what_ + suggestion(name, known_));
    }
}

}  // namespace wg::rules::yaml
