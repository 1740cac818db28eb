// Subscriptions, the thin CloudEvent, and one delivery attempt with its outcome.
#include "adapters/app/outbound_webhooks.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>

#include "adapters/app/standard_webhooks.hpp"
#include "adapters/app/uuid.hpp"

namespace wg::app {
namespace {

std::shared_ptr<spdlog::logger> log() {
    auto logger = spdlog::get("worker");
    return logger ? logger : spdlog::default_logger();
}

constexpr std::chrono::seconds kTimeout{10};  // connect, TLS and the response headers together
constexpr std::chrono::hours kLongestRetryAfter{24};

// IMF-fixdate, the form HTTP requires senders to use: "Sun, 06 Nov 1994 08:49:37 GMT".
std::optional<rules::Instant> parse_http_date(std::string_view value) {
    static constexpr std::array<std::string_view, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::string text(value);
    int day = 0, year = 0, hour = 0, minute = 0, second = 0;
    char weekday[4] = {}, month[4] = {}, zone[4] = {};
    if (std::sscanf(text.c_str(), "%3s, %d %3s %d %d:%d:%d %3s", weekday, &day, month, &year, &hour, &minute, &second,
                    zone) != 8)
        return std::nullopt;
    const auto found = std::find(kMonths.begin(), kMonths.end(), std::string_view(month));
    if (found == kMonths.end() || std::string_view(zone) != "GMT") return std::nullopt;
    const auto date = std::chrono::year{year} / std::chrono::month{static_cast<unsigned>(found - kMonths.begin() + 1)} /
                      std::chrono::day{static_cast<unsigned>(day)};
    if (!date.ok() || hour > 23 || minute > 59 || second > 60 || hour < 0 || minute < 0 || second < 0)
        return std::nullopt;
    return rules::Instant(std::chrono::sys_days(date)) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
           std::chrono::seconds(second);
}

std::string text_of(const Json& payload, const char* key) {
    const auto it = payload.find(key);
    return it != payload.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

bool subscribes(const OutboundEndpoint& endpoint, const std::string& workflow, const std::string& event) {
    return std::any_of(endpoint.event_types.begin(), endpoint.event_types.end(), [&](const std::string& entry) {
        return entry == "*" || entry == workflow + ".*" || entry == workflow + "." + event;
    });
}

std::string event_type(const std::string& workflow, const std::string& event) {
    return "cn.wageguard.case." + workflow + "." + event;
}

Json delivery_payload(const std::string& endpoint, const std::string& webhook_id, const std::string& workflow,
                      const CaseRecord* before, const Change& change) {
    const EventRecord& event = change.event;
    return {{"endpoint", endpoint},
            {"webhook_id", webhook_id},
            {"type", event_type(workflow, event.event)},
            {"data",
             {{"workflow", workflow},
              {"event", event.event},
              {"from_state", event.from_state ? Json(*event.from_state) : Json(nullptr)},
              {"to_state", change.to_state},
              {"version", before != nullptr ? before->version + 1 : 1},
              {"occurred_at", rules::format_instant(event.occurred_at)}}}};
}

std::string cloud_event_body(const QueuedItem& item) {
    Json data = item.payload.value("data", Json::object());
    data["case_id"] = item.case_id;
    const Json event = {{"specversion", "1.0"},
                        {"id", text_of(item.payload, "webhook_id")},
                        {"source", "/api/v1/cases"},
                        {"type", text_of(item.payload, "type")},
                        {"subject", item.case_id},
                        {"time", data.value("occurred_at", "")},
                        {"datacontenttype", "application/json"},
                        {"data", data}};
    return event.dump();
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, rules::Instant now) {
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
    if (value.empty()) return std::nullopt;
    if (std::all_of(value.begin(), value.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
        if (value.size() > 9) return std::chrono::seconds(999'999'999);  // absurdly far; deliver() caps it
        return std::chrono::seconds(std::stoll(std::string(value)));
    }
    const auto at = parse_http_date(value);
    if (!at) return std::nullopt;
    return std::max(std::chrono::seconds(0), std::chrono::ceil<std::chrono::seconds>(*at - now));
}

RetryPolicy webhook_retry_policy() {
    return RetryPolicy{24, std::chrono::seconds(5), std::chrono::hours(4)};
}

OutboundWebhooks::OutboundWebhooks(std::vector<OutboundEndpoint> endpoints, CaseStore& store, WebhookAdmin& admin,
                                   WebhookTransport& transport, const Clock& clock)
    : endpoints_(std::move(endpoints)),
      store_(store),
      admin_(admin),
      transport_(transport),
      clock_(clock),
      policy_(webhook_retry_policy()) {}

void OutboundWebhooks::refresh() {
    auto states = admin_.endpoint_states();
    if (!states) {
        log()->warn("webhook endpoint states unreadable error={}", states.error().message);
        return;
    }
    std::set<std::string> disabled;
    for (const auto& state : *states)
        if (state.disabled) disabled.insert(state.name);
    const std::lock_guard lock(mutex_);
    disabled_ = std::move(disabled);
}

const OutboundEndpoint* OutboundWebhooks::find(const std::string& name) const {
    const auto it = std::find_if(endpoints_.begin(), endpoints_.end(),
                                 [&](const OutboundEndpoint& endpoint) { return endpoint.name == name; });
    return it == endpoints_.end() ? nullptr : &*it;
}

bool OutboundWebhooks::disabled(const std::string& name) const {
    const std::lock_guard lock(mutex_);
    return disabled_.contains(name);
}

void OutboundWebhooks::add_deliveries(const std::string& workflow, const CaseRecord* before, Change& change) const {
    for (const auto& endpoint : endpoints_) {
        if (!endpoint.enabled || disabled(endpoint.name)) continue;
        if (!subscribes(endpoint, workflow, change.event.event)) continue;
        change.outbox.push_back({kWebhookKind, delivery_payload(endpoint.name, new_uuid(), workflow, before, change)});
    }
}

Expected<void> OutboundWebhooks::deliver(const QueuedItem& item) {
    const std::string name = text_of(item.payload, "endpoint");
    const std::string webhook_id = text_of(item.payload, "webhook_id");
    const OutboundEndpoint* endpoint = find(name);
    if (endpoint == nullptr || endpoint->keys.empty())
        return give_up(item, {"unknown_endpoint", "no endpoint '" + name + "' with a secret is configured", {}, {}, {}}, 0);
    if (!endpoint->enabled)
        return give_up(item, {"endpoint_disabled", "endpoint '" + name + "' is disabled in the configuration", {}, {}, {}}, 0);
    refresh();  // another node may have disabled or enabled it
    if (disabled(name))
        return give_up(item, {"endpoint_disabled", "endpoint '" + name + "' answered 410 Gone earlier", {}, {}, {}}, 0);

    const rules::Instant now = clock_.now();
    const std::int64_t timestamp = std::chrono::floor<std::chrono::seconds>(now.time_since_epoch()).count();
    const std::string body = cloud_event_body(item);
    const std::vector<std::pair<std::string, std::string>> headers{
        {"Content-Type", "application/cloudevents+json"},
        {"webhook-id", webhook_id},
        {"webhook-timestamp", std::to_string(timestamp)},
        {"webhook-signature", sign_webhook(endpoint->keys.front(), webhook_id, timestamp, body)},
    };
    auto answer = transport_.post(endpoint->url, headers, body, kTimeout);
    if (!answer) {
        log()->warn("webhook not delivered endpoint={} case={} webhook_id={} attempt={} error={}", name, item.case_id,
                    webhook_id, item.attempts, answer.error().message);
        if (item.attempts >= policy_.max_attempts) return give_up(item, answer.error(), 0);
        return retryable(answer.error());
    }
    const int status = answer->status;
    if (status >= 200 && status < 300) {
        log()->info("webhook delivered endpoint={} case={} webhook_id={} status={} attempt={}", name, item.case_id,
                    webhook_id, status, item.attempts);
        return write_receipt(item, "webhook_delivered",
                             {{"endpoint", name}, {"webhook_id", webhook_id}, {"status", status}, {"attempts", item.attempts}});
    }
    if (status == 410) {
        if (auto off = admin_.disable_endpoint(name, "410 Gone for webhook " + webhook_id, now); !off)
            return Unexpected<Error>{off.error()};  // transient: try again, and disable then
        {
            const std::lock_guard lock(mutex_);
            disabled_.insert(name);
        }
        log()->error("webhook endpoint disabled endpoint={} reason=\"410 Gone\" webhook_id={}", name, webhook_id);
        return give_up(item, {"endpoint_gone", "endpoint '" + name + "' answered 410 Gone; it is disabled", {}, {}, {}},
                       status);
    }
    Error error{"delivery_failed", "endpoint '" + name + "' answered " + std::to_string(status), {}, {}, {}};
    log()->warn("webhook refused endpoint={} case={} webhook_id={} status={} attempt={}", name, item.case_id, webhook_id,
                status, item.attempts);
    if (item.attempts >= policy_.max_attempts) return give_up(item, std::move(error), status);
    // Honoured up to a day, so that a receiver's typo cannot park a delivery for years.
    const auto wait = std::min(parse_retry_after(answer->retry_after, now).value_or(std::chrono::seconds(0)),
                               std::chrono::seconds(kLongestRetryAfter));
    return retryable(std::move(error), wait);
}

// The row will be a dead letter: say so in the case's history, then hand the error back (not
// retryable, so the relay dead-letters it at once).
Expected<void> OutboundWebhooks::give_up(const QueuedItem& item, Error error, int status) {
    Json payload = {{"endpoint", text_of(item.payload, "endpoint")},
                    {"webhook_id", text_of(item.payload, "webhook_id")},
                    {"attempts", item.attempts},
                    {"error", error.code}};
    if (status != 0) payload["status"] = status;
    if (auto written = write_receipt(item, "webhook_failed", std::move(payload)); !written)
        log()->error("webhook failure not recorded case={} outbox_id={} error={}", item.case_id, item.id,
                     written.error().message);
    error.details.clear();  // drop a retry mark: this one is final
    if (is_transient(error.code)) error.code = "delivery_failed";
    return Unexpected<Error>{std::move(error)};
}

// A receipt keeps the case's state and data; it is an event like any other (hash-chained, and
// it bumps the case's version).
Expected<void> OutboundWebhooks::write_receipt(const QueuedItem& item, const std::string& event, Json payload) {
    const rules::Instant now = clock_.now();
    const std::string actor = "webhook:" + text_of(item.payload, "endpoint");
    auto decide = [&](const CaseRecord& current) -> Expected<Change> {
        Change change;
        change.event.event = event;
        change.event.actor = actor;
        change.event.role = "system";
        change.event.from_state = current.state;
        change.event.to_state = current.state;
        change.event.payload = payload;
        change.event.occurred_at = now;
        change.to_state = current.state;
        change.owner_role = current.owner_role;
        change.data = current.data;
        return change;
    };
    auto written = store_.apply(item.case_id, std::nullopt, decide, Respond{});
    if (!written) return Unexpected<Error>{written.error()};
    return {};
}

}  // namespace wg::app
