// Whole-set checks on loaded law parameters: unique rule ids, and no two rules of a table in
// force on the same day for the same city, region or key.
#pragma once

#include "rules/error.hpp"
#include "rules/law_parameters.hpp"

namespace wg::rules {

/// Appends a `duplicate_id` error, located at the later declaration, for each id used twice.
void check_unique_ids(const LawParameters& law, Errors& errors);

/// Appends an `overlap` error for each rule whose validity overlaps an earlier-starting rule of
/// the same table and key (a city for thresholds and minimum wages, a region for deposits, a
/// penalty key; the whole table for the final-award cap and compensation).
void check_overlaps(const LawParameters& law, Errors& errors);

}  // namespace wg::rules
