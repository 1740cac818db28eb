// Inbound webhooks: verification and storage on the request path; correlation, holding and
// application on the inbox relay's thread.
#include "adapters/app/inbound_webhooks.hpp"

#include <spdlog/spdlog.h>

#include "adapters/app/standard_webhooks.hpp"

namespace wg::app {
namespace {

std::shared_ptr<spdlog::logger> log() {
    auto logger = spdlog::get("app");
    return logger ? logger : spdlog::default_logger();
}

std::string header(const HeaderList& headers, const std::string& name) {
    for (const auto& [key, value] : headers)
        if (key == name) return value;
    return {};
}

// What is kept with the raw body as evidence: the webhook headers and who sent it, never
// anything else (no cookies, no proxies' headers).
Json evidence_headers(const HeaderList& headers) {
    Json kept = Json::object();
    for (const auto& [key, value] : headers)
        if (key.rfind("webhook-", 0) == 0 || key == "content-type" || key == "user-agent")
            kept[key] = value;
    return kept;
}

bool json_media_type(const std::string& content_type) {
    const std::string type = content_type.substr(0, content_type.find(';'));
    return type == "application/json" || type == "application/cloudevents+json";
}

void check_text(const Json& event, const char* field, bool required, Errors& errors) {
    if (!event.contains(field)) {
        if (required)
            errors.push_back({"required", std::string(field) + " is required", field, {}});
        return;
    }
    if (!event[field].is_string() || event[field].get_ref<const std::string&>().empty())
        errors.push_back({"type", std::string(field) + " must be a non-empty string", field, {}});
}

std::string text_field(const Json& object, const char* field) {
    if (!object.is_object() || !object.contains(field) || !object[field].is_string()) return {};
    return object[field].get<std::string>();
}

// The error with its per-field details in the message, which is all a dead letter keeps.
Error with_details(Error error) {
    std::string fields;
    for (const auto& detail : error.details)
        fields += (fields.empty() ? "" : "; ") + detail.field + ": " + detail.message;
    if (!fields.empty()) error.message += " (" + fields + ")";
    return error;
}

// The keys of `data` that say which case a message concerns; they are not workflow data.
constexpr const char* kCaseIdKey = "case_id";
constexpr const char* kCaseNumberKey = "case_number";

}  // namespace

Expected<void> check_cloud_event(const Json& event) {
    if (!event.is_object())
        return fail("validation", "the body must be a CloudEvents 1.0 JSON object");
    Errors errors;
    if (!event.contains("specversion")) {
        errors.push_back({"required", "specversion is required", "specversion", {}});
    } else if (event["specversion"] != "1.0") {
        errors.push_back({"format", "specversion must be \"1.0\"", "specversion", {}});
    }
    check_text(event, "id", true, errors);
    check_text(event, "source", true, errors);
    check_text(event, "type", true, errors);
    check_text(event, "subject", false, errors);
    check_text(event, "time", false, errors);
    if (event.contains("time") && event["time"].is_string() &&
        !rules::parse_instant(event["time"].get<std::string>()))
        errors.push_back({"format", "time must be an RFC 3339 timestamp", "time", {}});
    if (event.contains("data") && !event["data"].is_object())
        errors.push_back({"type", "data must be a JSON object", "data", {}});
    if (event.contains("data_base64"))
        errors.push_back(
            {"unsupported", "binary data (data_base64) is not accepted", "data_base64", {}});
    if (errors.empty()) return {};
    Error error{
        "validation", "the body is not a CloudEvents 1.0 event this server accepts", {}, {}};
    error.details = std::move(errors);
    return Unexpected<Error>{std::move(error)};
}

InboundWebhooks::InboundWebhooks(std::vector<InboundSource> sources, Inbox& inbox,
                                 WebhookStore& store, CaseService& service, CaseStore& cases,
                                 const Clock& clock)
    : sources_(std::move(sources)),
      inbox_(inbox),
      store_(store),
      service_(service),
      cases_(cases),
      clock_(clock) {}

const InboundSource* InboundWebhooks::find(const std::string& name) const {
    for (const auto& source : sources_)
        if (source.name == name) return &source;
    return nullptr;
}

std::vector<std::string> InboundWebhooks::source_names() const {
    std::vector<std::string> names;
    for (const auto& source : sources_) names.push_back(source.name);
    return names;
}

Expected<Received> InboundWebhooks::receive(const std::string& source_name,
                                            const HeaderList& headers, const std::string& body) {
    const InboundSource* source = find(source_name);
    if (source == nullptr)
        return fail("not_found", "no webhook source named '" + source_name + "'");
    const std::string id = header(headers, "webhook-id");
    auto verified = verify_webhook(source->keys, id, header(headers, "webhook-timestamp"),
                                   header(headers, "webhook-signature"), body, clock_.now());
    if (!verified) {
        log()->warn("webhook refused source={} code={} reason=\"{}\"", source->name,
                    verified.error().code, verified.error().message);
        return Unexpected<Error>{verified.error()};
    }
    if (id.size() > 255) return fail("bad_request", "webhook-id must be at most 255 characters");
    if (!json_media_type(header(headers, "content-type")))
        return fail("unsupported_media_type",
                    "send the CloudEvent as application/cloudevents+json or application/json");
    const Json event = Json::parse(body, nullptr, false);
    if (event.is_discarded()) return fail("bad_json", "the request body is not valid JSON");
    if (auto checked = check_cloud_event(event); !checked)
        return Unexpected<Error>{checked.error()};
    auto stored = inbox_.receive(source->name, id, evidence_headers(headers), body, clock_.now());
    if (!stored) return Unexpected<Error>{stored.error()};
    log()->info("webhook received source={} id={} type={} outcome={}", source->name, id,
                event["type"].get<std::string>(),
                *stored == Received::stored ? "stored" : "duplicate");
    return *stored;
}

Expected<void> InboundWebhooks::prepare() {
    std::lock_guard lock(mutex_);
    if (prepared_) return {};
    std::map<std::string, std::string> fields;
    for (const auto& source : sources_)
        if (!source.reference_field.empty()) fields[source.name] = source.reference_field;
    if (auto declared = store_.declare_reference_fields(fields); !declared) return declared;
    prepared_ = true;
    return {};
}

void InboundWebhooks::held(const std::string& item_id) {
    std::lock_guard lock(mutex_);
    just_held_.insert(item_id);
}

bool InboundWebhooks::take_held(const std::string& item_id) {
    std::lock_guard lock(mutex_);
    return just_held_.erase(item_id) > 0;
}

Expected<void> InboundWebhooks::apply(const QueuedItem& item) {
    const InboundSource* source = find(item.kind);
    if (source == nullptr)
        return fail("unknown_source", "no webhook source named '" + item.kind + "' on this node");
    if (auto ready = prepare(); !ready) return ready;
    const std::string message_id = item.id.substr(item.kind.size() + 1);
    const Json event = Json::parse(item.body, nullptr, false);
    if (event.is_discarded() || !check_cloud_event(event))
        return fail("bad_message", "the stored body is not a CloudEvents 1.0 JSON object");
    const std::string type = event["type"];
    const auto mapped = source->events.find(type);
    if (mapped == source->events.end())
        return fail("unknown_event_type",
                    "source '" + source->name + "' maps no workflow event to type '" + type + "'");
    Json data = event.value("data", Json::object());
    auto target = correlate(event, data);
    if (!target) return Unexpected<Error>{target.error()};
    Message message{*source, message_id, item.id, type, mapped->second};
    if (target->case_id.empty()) return apply_by_reference(message, target->reference, data);
    if (!target->reference.empty()) {
        auto learned = learn(message, target->reference, target->case_id);
        if (!learned) return learned;
    }
    return apply_to_case(message, target->case_id, data);
}

Expected<Correlation> correlate(const Json& event, Json& data) {
    const std::string subject = text_field(event, "subject");
    Correlation target;
    target.case_id = is_case_id(subject) ? subject : text_field(data, kCaseIdKey);
    target.reference = text_field(data, kCaseNumberKey);
    if (target.reference.empty() && !subject.empty() && !is_case_id(subject))
        target.reference = subject;
    data.erase(kCaseIdKey);
    data.erase(kCaseNumberKey);
    if (!target.case_id.empty() && !is_case_id(target.case_id))
        return fail("no_correlation", "data.case_id '" + target.case_id + "' is not a case id");
    if (target.case_id.empty() && target.reference.empty())
        return fail("no_correlation",
                    "the message names no case: give subject or data.case_id (our case id) or "
                    "data.case_number (the source's)");
    return target;
}

// A case number nobody knows yet: an operator task, and the message waits for the number.
Expected<void> InboundWebhooks::apply_by_reference(const Message& message,
                                                   const std::string& reference, const Json& data) {
    auto known = store_.find_reference(message.source.name, reference);
    if (!known) return Unexpected<Error>{known.error()};
    if (*known) return apply_to_case(message, **known, data);
    const rules::Instant now = clock_.now();
    OperatorTask task{"unknown_case_number",
                      message.source.name,
                      reference,
                      message.id,
                      {{"type", message.type}, {"event", message.event}}};
    if (auto opened = store_.open_task(task, now); !opened) return opened;
    const std::string reason =
        "held: no case is known by " + message.source.name + " case number " + reference;
    auto parked =
        store_.hold_for_reference(message.source.name, message.id, reference, reason, now);
    if (!parked) return Unexpected<Error>{parked.error()};
    if (!*parked) return fail("conflict", "the case number became known meanwhile; trying again");
    held(message.item_id);
    log()->warn("webhook held source={} id={} reason=unknown_case_number", message.source.name,
                message.id);
    return {};
}

// A message with both our case id and the source's number teaches the mapping; a number
// already mapped to another case is left as it is, for an operator to look at.
Expected<void> InboundWebhooks::learn(const Message& message, const std::string& reference,
                                      const std::string& case_id) {
    const rules::Instant now = clock_.now();
    auto named = store_.learn_reference(message.source.name, reference, case_id, now);
    if (!named) return Unexpected<Error>{named.error()};
    if (*named == case_id) return {};
    OperatorTask task{"reference_conflict",
                      message.source.name,
                      reference,
                      message.id,
                      {{"case_id", case_id}, {"known_case_id", *named}}};
    return store_.open_task(task, now);
}

Expected<void> InboundWebhooks::apply_to_case(const Message& message, const std::string& case_id,
                                              const Json& data) {
    const InboundSource& source = message.source;
    const std::string& message_id = message.id;
    const std::string& event = message.event;
    const rules::Instant now = clock_.now();
    auto current = cases_.find(case_id);
    if (!current) {
        if (current.error().code != "not_found") return Unexpected<Error>{current.error()};
        OperatorTask task{
            "unknown_case", source.name, "", message_id, {{"case_id", case_id}, {"event", event}}};
        if (auto opened = store_.open_task(task, now); !opened) return opened;
        return Unexpected<Error>{current.error()};
    }
    // The item id is the idempotency key: if this node dies after the step but before the inbox
    // row is marked applied, the next attempt replays the step's answer instead of firing again.
    const Actor actor{source.name + ":" + message_id, source.role};
    auto fired =
        service_.fire_event(case_id, {{"event", event}, {"data", data}}, actor, std::nullopt,
                            IdempotencyKey{"inbox", message.item_id, message.item_id});
    if (fired) {
        if (auto closed = store_.close_tasks(source.name, message_id, now); !closed)
            log()->warn("operator tasks not closed source={} id={} error={}", source.name,
                        message_id, closed.error().message);
        log()->info("webhook applied source={} id={} case={} event={}", source.name, message_id,
                    case_id, event);
        return {};
    }
    if (fired.error().code != "not_allowed_in_state")
        return Unexpected<Error>{with_details(fired.error())};
    const std::string reason = "held: " + fired.error().message;
    auto parked =
        store_.hold_for_case(source.name, message_id, case_id, current->version, reason, now);
    if (!parked) return Unexpected<Error>{parked.error()};
    if (!*parked) return fail("conflict", "case " + case_id + " moved meanwhile; trying again");
    held(message.item_id);
    log()->info("webhook held source={} id={} case={} event={} state={}", source.name, message_id,
                case_id, event, current->state);
    return {};
}

}  // namespace wg::app
