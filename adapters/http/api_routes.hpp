// The JSON API routes of the walking skeleton: health, readiness, cases and their events.
#pragma once

#include "adapters/app/authenticator.hpp"
#include "adapters/app/case_service.hpp"
#include "adapters/app/request_schemas.hpp"
#include "adapters/app/workflow_service.hpp"
#include "adapters/http/router.hpp"

namespace wg::http {

/// Registers GET /healthz, GET /readyz, POST /api/v1/cases, GET /api/v1/cases/{id},
/// GET and POST /api/v1/cases/{id}/events and the GET /api/v1/workflows routes on `router`;
/// every route but the probes authenticates its caller with `auth`, and request bodies are
/// checked against `schemas` (the OpenAPI document) before any work. All must outlive the router.
void add_api_routes(Router& router, app::CaseService& service, app::WorkflowService& workflows,
                    app::Authenticator& auth, const app::RequestSchemas& schemas);

}  // namespace wg::http
