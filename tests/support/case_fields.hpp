// The fields of a case as a store's create() takes them, for the store tests that build their
// changes by hand (no workflow is loaded): a wage complaint in Guangzhou's Tianhe district.
#pragma once

#include <string>

#include "adapters/app/case_store.hpp"

namespace wg::test {

inline app::CaseRecord case_fields(rules::Instant created_at) {
    app::CaseRecord fields;
    fields.workflow = "wage_complaint";
    fields.workflow_version = "2025.1";
    fields.workflow_hash = std::string(64, 'a');
    fields.region = "440111";
    fields.created_at = created_at;
    return fields;
}

}  // namespace wg::test
