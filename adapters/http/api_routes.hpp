// The JSON API routes of the walking skeleton: health, readiness, cases and their events.
#pragma once

#include "adapters/app/case_service.hpp"
#include "adapters/http/router.hpp"

namespace wg::http {

/// Registers GET /healthz, GET /readyz, POST /api/v1/cases, GET /api/v1/cases/{id} and
/// POST /api/v1/cases/{id}/events on `router`; `service` must outlive it.
void add_api_routes(Router& router, app::CaseService& service);

}  // namespace wg::http
