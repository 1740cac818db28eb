// Thin: header extraction and the 401 challenge; the decisions are app::Authenticator's.
#include "adapters/http/auth.hpp"

#include "adapters/app/problem.hpp"

namespace wg::http {

Expected<app::Actor> caller(const Request& request, app::Authenticator& auth, bool staff_only) {
    auto actor = auth.authenticate(request.header("authorization"), request.header("x-wageguard-role"),
                                   request.header("x-wageguard-actor"), request.header("x-wageguard-region"));
    if (!actor) return actor;
    if (staff_only && actor->role == "registry")
        return fail("role_not_allowed", "role 'registry' reaches the registries only, not cases");
    return actor;
}

Response auth_error(const Error& error) {
    Response response{app::http_status(error.code), "application/problem+json", app::problem_json(error).dump(), {}};
    if (response.status == 401) response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"wageguard\"");
    return response;
}

}  // namespace wg::http
