// Strict reading of YAML mappings for loaders: fields read by name, unknown fields reported
// with a suggestion, errors located name:line:col. Include only from *_loader.cpp files.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/date.hpp"
#include "rules/error.hpp"
#include "rules/money.hpp"

namespace wg::rules::yaml {

/// Collects errors for one text, located at YAML marks (0-based) as name:line:col (1-based).
class Reporter {
public:
    Reporter(std::string name, Errors& errors) : name_(std::move(name)), errors_(errors) {}

    [[nodiscard]] SourceLocation at(const YAML::Mark& mark) const;
    [[nodiscard]] SourceLocation at(const YAML::Node& node) const { return at(node.Mark()); }
    void report(const SourceLocation& where, std::string code, std::string message);
    void report(const YAML::Node& where, std::string code, std::string message) {
        report(at(where), std::move(code), std::move(message));
    }
    /// Errors so far (of all texts sharing the list), to tell whether a part added any.
    [[nodiscard]] std::size_t count() const { return errors_.size(); }

private:
    std::string name_;
    Errors& errors_;
};

/// " (did you mean 'valid_from'?)" when one of `known` is within two edits of `name`, else "".
std::string suggestion(std::string_view name, const std::vector<std::string>& known);

enum class Need { required, optional };

/// The fields of one mapping, read by name; a null value counts as absent. Bad values are
/// reported as `invalid_value`, absent required ones as `missing_field`; finish() reports
/// fields nobody asked for as `unknown_field`.
class Fields {
public:
    Fields(const YAML::Node& map, Reporter& reporter, std::string what)
        : map_(map), reporter_(reporter), what_(std::move(what)) {}

    /// The value of `key`, or an undefined node when absent (reported if required).
    YAML::Node get(const std::string& key, Need need);
    /// A nested mapping, or an undefined node when absent or not a mapping (reported).
    YAML::Node mapping(const std::string& key, Need need);

    std::optional<std::string> text(const std::string& key, Need need);
    std::optional<Money> money(const std::string& key, Need need);
    std::optional<Rate> rate(const std::string& key, Need need);
    std::optional<Date> date(const std::string& key, Need need);
    /// A non-negative whole number below a million.
    std::optional<int> count(const std::string& key, Need need);
    /// Exactly `true` or `false`.
    std::optional<bool> flag(const std::string& key, Need need);

    void finish();

    [[nodiscard]] const std::string& what() const { return what_; }
    [[nodiscard]] Reporter& reporter() { return reporter_; }

private:
    // A scalar field read by `parse` (parse_money, parse_rate, parse_date ...).
    template <typename T, typename Parse>
    std::optional<T> parsed(const std::string& key, Need need, Parse parse);

    YAML::Node map_;
    Reporter& reporter_;
    std::string what_;
    std::vector<std::string> known_;
};

}  // namespace wg::rules::yaml
