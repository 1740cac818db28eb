// The JSON API routes of the walking skeleton: health, readiness, cases and their events.
#pragma once

#include "adapters/app/case_service.hpp"
#include "adapters/app/workflow_service.hpp"
#include "adapters/http/router.hpp"

namespace wg::http {

/// Registers GET /healthz, GET /readyz, POST /api/v1/cases, GET /api/v1/cases/{id},
/// POST /api/v1/cases/{id}/events and the GET /api/v1/workflows routes on `router`; the
/// services must outlive it.
void add_api_routes(Router& router, app::CaseService& service, app::WorkflowService& workflows);

}  // namespace wg::http
