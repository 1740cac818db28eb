// Outbound webhooks (DESIGN.md §7): which configured endpoints want which steps, the outbox
// rows that carry a step to each of them, and their delivery as a signed CloudEvent (Standard
// Webhooks headers), with receipts written to the case history.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "adapters/app/case_store.hpp"
#include "adapters/app/clock.hpp"
#include "adapters/app/queue_relay.hpp"
#include "adapters/app/webhook_config.hpp"
#include "adapters/app/work_queues.hpp"

namespace wg::app {

/// What a POST to an endpoint gave: its status and its Retry-After header ("" when absent).
struct DeliveryResult {
    int status = 0;
    std::string retry_after;
};

/// The network port (WebhookClient in adapters/http). Any HTTP status is a value; only a
/// failure to get one (DNS, connect, TLS, timeout, a malformed URL) is an error, code `transport`.
class WebhookTransport {
public:
    virtual ~WebhookTransport() = default;
    virtual Expected<DeliveryResult> post(const std::string& url,
                                          const std::vector<std::pair<std::string, std::string>>& headers,
                                          const std::string& body, std::chrono::seconds timeout) = 0;
};

/// An endpoint's stored state: disabled (after a 410 Gone) since `since`, with the reason.
struct EndpointState {
    std::string name;
    bool disabled = false;
    std::string reason;
    rules::Instant since{};
};

/// A delivery given up on, as people see it.
struct DeadLetter {
    std::string id;  // the outbox row
    std::string case_id;
    std::string endpoint;
    std::string webhook_id;
    std::string type;
    int attempts = 0;
    std::string last_error;
    rules::Instant created_at{};
    rules::Instant died_at{};
};

/// Endpoint states and dead letters, kept in the database (PgWebhookAdmin).
class WebhookAdmin {
public:
    virtual ~WebhookAdmin() = default;
    /// The endpoints with a stored state (enabled ones included when they were re-enabled).
    virtual Expected<std::vector<EndpointState>> endpoint_states() = 0;
    virtual Expected<void> disable_endpoint(const std::string& name, const std::string& reason, rules::Instant at) = 0;
    /// Whether the endpoint was disabled (and is enabled now).
    virtual Expected<bool> enable_endpoint(const std::string& name, rules::Instant at) = 0;
    /// Dead letters newest first, of one endpoint or ("") of all.
    virtual Expected<std::vector<DeadLetter>> dead_letters(const std::string& endpoint, std::size_t limit) = 0;
    /// Puts a dead letter back in the queue (pending, 0 attempts, due at `at`) and wakes the
    /// relays. Codes: not_found (no dead webhook delivery with that id), endpoint_disabled.
    virtual Expected<void> replay(const std::string& id, rules::Instant at) = 0;
    /// The same for every dead letter of an endpoint; how many. Code endpoint_disabled.
    virtual Expected<std::size_t> replay_endpoint(const std::string& endpoint, rules::Instant at) = 0;
};

/// The outbox kind of a webhook delivery.
inline constexpr const char* kWebhookKind = "webhook";

/// Whether `endpoint` subscribes to `event` of `workflow`: an entry "*", "workflow.*" or
/// "workflow.event".
bool subscribes(const OutboundEndpoint& endpoint, const std::string& workflow, const std::string& event);

/// The CloudEvents type of a step: "cn.wageguard.case.<workflow>.<event>".
std::string event_type(const std::string& workflow, const std::string& event);

/// The outbox payload of one delivery of a step to `endpoint`: endpoint, webhook id, type, and
/// the thin data of the step (never the case's data: it holds people's names and ID numbers).
Json delivery_payload(const std::string& endpoint, const std::string& webhook_id, const std::string& workflow,
                      const CaseRecord* before, const Change& change);

/// The CloudEvents 1.0 JSON body of a delivery row; the case id (assigned by the store after
/// the step's hook ran) comes from the row.
std::string cloud_event_body(const QueuedItem& item);

/// A Retry-After value (delay-seconds or an HTTP date) as a wait from `now`; nullopt when
/// absent or malformed. A date in the past is a wait of 0.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, rules::Instant now);

/// Delivery attempts: 24, 5 s doubling to a 4 h cap, jitter ×[0.5, 1.5). The waits add up to
/// 178,875 s nominal, so the last attempt comes 24.8 h (worst jitter) to 74.5 h after the first.
RetryPolicy webhook_retry_policy();

class OutboundWebhooks {
public:
    /// `endpoints` from config/webhooks.yaml; the ports must outlive this object.
    OutboundWebhooks(std::vector<OutboundEndpoint> endpoints, CaseStore& store, WebhookAdmin& admin,
                     WebhookTransport& transport, const Clock& clock);

    /// Reads which endpoints are disabled; a failure (database down) leaves the set as it was.
    void refresh();

    /// The step hook (CaseService::set_step_hook): one outbox row per enabled endpoint that
    /// subscribes to the step.
    void add_deliveries(const std::string& workflow, const CaseRecord* before, Change& change) const;

    /// The relay's handler of kind "webhook": POSTs the signed CloudEvent. 2xx → done, with a
    /// `webhook_delivered` event in the case's history. 410 → the endpoint is disabled and the
    /// row is dead. Any other answer or a transport failure → retried (after Retry-After when
    /// it is longer than the backoff, up to 24 h). The last failure writes `webhook_failed`.
    Expected<void> deliver(const QueuedItem& item);

    [[nodiscard]] const std::vector<OutboundEndpoint>& endpoints() const { return endpoints_; }

private:
    [[nodiscard]] const OutboundEndpoint* find(const std::string& name) const;
    [[nodiscard]] bool disabled(const std::string& name) const;
    Expected<void> give_up(const QueuedItem& item, Error error, int status);
    Expected<void> write_receipt(const QueuedItem& item, const std::string& event, Json payload);

    std::vector<OutboundEndpoint> endpoints_;
    CaseStore& store_;
    WebhookAdmin& admin_;
    WebhookTransport& transport_;
    const Clock& clock_;
    RetryPolicy policy_;
    mutable std::mutex mutex_;
    std::set<std::string> disabled_;
};

}  // namespace wg::app
