// The public routes of workers (no token): file a complaint, follow it.
#pragma once

#include "adapters/app/clock.hpp"
#include "adapters/app/complaint_service.hpp"
#include "adapters/app/rate_limiter.hpp"
#include "adapters/app/request_schemas.hpp"
#include "adapters/http/router.hpp"

namespace wg::http {

/// POST /api/v1/complaints (rate-limited per client address: 429 with Retry-After) and
/// GET /api/v1/complaints/{tracking_no} with the access code in the X-Access-Code header (a
/// header, not the query, so that it never lands in logs or browser history).
void add_complaint_routes(Router& router, app::ComplaintService& complaints, app::RateLimiter& limiter,
                          const app::Clock& clock, const app::RequestSchemas& schemas);

}  // namespace wg::http
