// The caller of a request, for every authenticated route.
#pragma once

#include "adapters/app/authenticator.hpp"
#include "adapters/http/message.hpp"

namespace wg::http {

/// Authenticates `request` (Authorization: Bearer, or identity headers in development mode).
/// With `staff_only`, a caller whose role does not read cases (registry) gets
/// `role_not_allowed`.
Expected<app::Actor> caller(const Request& request, app::Authenticator& auth, bool staff_only = true);

/// The response for an authentication or authorization error (401 carries WWW-Authenticate).
Response auth_error(const Error& error);

}  // namespace wg::http
