// The inbound webhook route.
#include "adapters/http/webhook_routes.hpp"

#include "adapters/app/problem.hpp"

namespace wg::http {

void add_webhook_routes(Router& router, app::InboundWebhooks& webhooks) {
    router.add("POST", "/webhooks/{source}", Execution::worker_pool,
               [&webhooks](const Request& request, const PathParams& params) -> Response {
                   auto received =
                       webhooks.receive(params.at("source"), request.headers, request.body);
                   if (!received) {
                       const Error& error = received.error();
                       return {app::http_status(error.code),
                               "application/problem+json",
                               app::problem_json(error).dump(),
                               {}};
                   }
                   const bool stored = *received == app::Received::stored;
                   const app::Json body = {{"status", stored ? "accepted" : "duplicate"},
                                           {"id", request.header("webhook-id")}};
                   return {stored ? 202 : 200, "application/json", body.dump(), {}};
               });
}

}  // namespace wg::http
