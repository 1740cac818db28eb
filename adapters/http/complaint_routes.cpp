// Thin handlers over ComplaintService; the limit is taken before the body is even parsed.
#include "adapters/http/complaint_routes.hpp"

#include "adapters/app/audit_hash.hpp"
#include "adapters/app/problem.hpp"

namespace wg::http {
namespace {

using app::Json;

Response problem(const Error& error) {
    return {app::http_status(error.code), "application/problem+json", app::problem_json(error).dump(), {}};
}

Response file_complaint(app::ComplaintService& complaints, app::RateLimiter& limiter, const app::Clock& clock,
                        const app::RequestSchemas& schemas, const Request& request) {
    int retry_after = 0;
    const std::string client = request.remote_address.empty() ? "unknown" : request.remote_address;
    if (!limiter.take(client, clock.now(), retry_after)) {
        Response response = problem(Error{"rate_limited", "too many complaints from this address; try again later", {}, {}});
        response.headers.emplace_back("Retry-After", std::to_string(retry_after));
        return response;
    }
    if (request.header("content-type").rfind("application/json", 0) != 0)
        return problem(Error{"unsupported_media_type", "send the complaint as application/json", {}, {}});
    const Json body = Json::parse(request.body, nullptr, false);
    if (body.is_discarded()) return problem(Error{"bad_json", "the request body is not valid JSON", {}, {}});
    if (auto valid = schemas.validate("POST /api/v1/complaints", body); !valid) return problem(valid.error());
    std::optional<app::IdempotencyKey> key;
    if (const std::string given = request.header("idempotency-key"); !given.empty()) {
        if (given.size() > 255) return problem(Error{"bad_request", "Idempotency-Key is too long", {}, {}});
        // Public callers have no identity: the key is scoped by the request itself.
        key = app::IdempotencyKey{"public", given, app::sha256_hex(body.dump())};
    }
    auto reply = complaints.file(body, key);
    if (!reply) return problem(reply.error());
    Response response{reply->status, "application/json", reply->body.dump(), {}};
    if (reply->replayed) response.headers.emplace_back("Idempotent-Replayed", "true");
    return response;
}

}  // namespace

void add_complaint_routes(Router& router, app::ComplaintService& complaints, app::RateLimiter& limiter,
                          const app::Clock& clock, const app::RequestSchemas& schemas) {
    router.add("POST", "/api/v1/complaints", Execution::worker_pool,
               [&complaints, &limiter, &clock, &schemas](const Request& request, const PathParams&) {
                   return file_complaint(complaints, limiter, clock, schemas, request);
               });
    router.add("GET", "/api/v1/complaints/{tracking_no}", Execution::worker_pool,
               [&complaints, &limiter, &clock](const Request& request, const PathParams& params) {
                   // Guessing access codes costs the same budget as filing.
                   int retry_after = 0;
                   if (!limiter.take("track:" + request.remote_address, clock.now(), retry_after)) {
                       Response response = problem(Error{"rate_limited", "too many look-ups; try again later", {}, {}});
                       response.headers.emplace_back("Retry-After", std::to_string(retry_after));
                       return response;
                   }
                   auto status = complaints.track(params.at("tracking_no"), request.header("x-access-code"));
                   if (!status) return problem(status.error());
                   return Response{200, "application/json", status->dump(), {}};
               });
}

}  // namespace wg::http
