// GET /api/v1/cases: the case list for people, a page at a time (DESIGN.md §7).
#pragma once

#include <nlohmann/json.hpp>

#include "adapters/app/authenticator.hpp"
#include "adapters/app/case_query.hpp"
#include "adapters/app/clock.hpp"
#include "adapters/http/router.hpp"

namespace wg::http {

/// Registers GET /api/v1/cases on `router` (worker pool). The caller is authenticated by
/// `auth` (401 otherwise) and sees only the cases of its region. Answers 200 {"items": [...], "next": cursor|null, "limit": n}
/// with a Link rel="next" header when more cases follow; a bad parameter is a 422 problem with
/// one entry per field. `query` and `clock` must outlive the router.
void add_case_list_route(Router& router, app::CaseQuery& query, const app::Clock& clock, app::Authenticator& auth);

/// The JSON of one list line; absent region, owner role and due time are null.
nlohmann::json case_summary_json(const app::CaseSummary& summary);

}  // namespace wg::http
