// Reading law parameters from YAML texts (config/rules/*.yaml) handed in by an adapter.
#pragma once

#include <span>
#include <string>

#include "rules/error.hpp"
#include "rules/expected.hpp"
#include "rules/law_parameters.hpp"

namespace wg::rules {

/// One YAML text and the file name its errors are reported against.
struct NamedText {
    std::string file;
    std::string text;
};

/// Reads any mix of the top-level tables `criminal_thresholds`, `minimum_wages`,
/// `final_award_caps`, `deposit_rules`, `penalties` and `compensation` from the texts into one
/// LawParameters (rules/README.md shows the fields). All problems are collected, each located
/// name:line:col — YAML syntax, unknown or missing fields, bad values (`invalid_value`),
/// duplicate rule ids, and validity periods overlapping for the same city, region or key
/// (`overlap`).
Expected<LawParameters, Errors> load_law_parameters(std::span<const NamedText> texts);

}  // namespace wg::rules
