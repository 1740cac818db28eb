// The party index of a case: every ID number in its data, as a peppered hash (DESIGN.md §6).
#pragma once

#include <string_view>
#include <vector>

#include "adapters/app/case_store.hpp"

namespace wg::app {

/// One row per non-empty string at a data path whose last name is `id_number` or ends in
/// `_id_number` (the glossary's name for a resident ID number), e.g. complainant.id_number.
/// Sorted by path, so that two indexes compare equal when the numbers did not change.
std::vector<PartyRow> party_rows(const Json& data, std::string_view pepper);

}  // namespace wg::app
