// Inbound webhooks (DESIGN.md §7): POST /webhooks/{source} from a court, an arbitration
// commission or the national wage-arrears clue platform. receive() verifies the Standard
// Webhooks signature on the raw bytes, checks the CloudEvents 1.0 body and stores the message
// in the inbox (deduplicated on webhook-id forever); apply() is the inbox relay's handler that
// correlates the message with a case and fires the configured workflow event.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "adapters/app/case_service.hpp"
#include "adapters/app/clock.hpp"
#include "adapters/app/webhook_config.hpp"
#include "adapters/app/work_queues.hpp"

namespace wg::app {

/// Work for people that no workflow owns (operator_tasks).
struct OperatorTask {
    std::string kind;  // unknown_case_number, unknown_case, reference_conflict
    std::string source;
    std::string reference;  // the source's case number, "" when none
    std::string message_id;
    Json detail = Json::object();
};

/// The webhook tables (PgWebhookStore): case numbers, operator tasks, held inbox messages.
class WebhookStore {
public:
    virtual ~WebhookStore() = default;
    /// Declares which case data field holds each source's case number (source → field), so that
    /// the database indexes those values; a newly declared pair indexes existing cases once.
    virtual Expected<void> declare_reference_fields(
        const std::map<std::string, std::string>& fields) = 0;
    /// The case a source's case number names, if it is known.
    virtual Expected<std::optional<std::string>> find_reference(const std::string& source,
                                                                const std::string& reference) = 0;
    /// Records that `reference` names `case_id` unless it names a case already; returns the
    /// case it names now (another one when it was known before).
    virtual Expected<std::string> learn_reference(const std::string& source,
                                                  const std::string& reference,
                                                  const std::string& case_id,
                                                  rules::Instant at) = 0;
    /// Opens the task unless one of its kind exists for the message.
    virtual Expected<void> open_task(const OperatorTask& task, rules::Instant at) = 0;
    /// Closes the open tasks of a message (it has been applied).
    virtual Expected<void> close_tasks(const std::string& source, const std::string& message_id,
                                       rules::Instant at) = 0;
    /// Parks a pending inbox message (status 'held') until its case leaves `version`. False,
    /// with nothing changed, when the case is past `version` already.
    virtual Expected<bool> hold_for_case(const std::string& source, const std::string& message_id,
                                         const std::string& case_id, std::int64_t version,
                                         const std::string& reason, rules::Instant at) = 0;
    /// Parks a pending inbox message until `reference` becomes known. False, with nothing
    /// changed, when it is known already.
    virtual Expected<bool> hold_for_reference(const std::string& source,
                                              const std::string& message_id,
                                              const std::string& reference,
                                              const std::string& reason, rules::Instant at) = 0;
};

/// Request headers with lower-cased names, as the HTTP adapter has them.
using HeaderList = std::vector<std::pair<std::string, std::string>>;

/// A CloudEvents 1.0 type → workflow event, correlation keys in `data` (case_id, case_number)
/// and the accepted media types are described in README ("Webhooks (inbound)").
class InboundWebhooks {
public:
    /// The ports must outlive this object.
    InboundWebhooks(std::vector<InboundSource> sources, Inbox& inbox, WebhookStore& store,
                    CaseService& service, CaseStore& cases, const Clock& clock);

    /// Verifies and stores one delivery. Nothing is written unless the signature is valid.
    /// Codes: not_found (unknown source), signature and timestamp (401), unsupported_media_type,
    /// bad_json, validation (not a CloudEvents 1.0 JSON object), and the inbox's.
    Expected<Received> receive(const std::string& source, const HeaderList& headers,
                               const std::string& body);

    /// The inbox relay's handler (kind = source name). Success when the event was applied, or
    /// when the message was held (its case cannot take it yet, or its case number is not known
    /// yet: an operator task is opened). Codes after which the message is dead: unknown_event_type,
    /// no_correlation, bad_message, not_found, and the case service's refusals; transient codes
    /// are retried.
    Expected<void> apply(const QueuedItem& item);

    /// The configured source names (the inbox kinds this node applies).
    [[nodiscard]] std::vector<std::string> source_names() const;

    /// True once for an item apply() has just held, so that the relay's completion is skipped
    /// (see HoldAwareInbox).
    bool take_held(const std::string& item_id);

private:
    [[nodiscard]] const InboundSource* find(const std::string& name) const;
    // One inbox message on its way to a case.
    struct Message {
        const InboundSource& source;
        std::string id;       // webhook-id
        std::string item_id;  // "source/webhook-id"
        std::string type;     // CloudEvents type
        std::string event;    // the workflow event it maps to
    };
    Expected<void> prepare();
    Expected<void> apply_by_reference(const Message& message, const std::string& reference,
                                      const Json& data);
    Expected<void> learn(const Message& message, const std::string& reference,
                         const std::string& case_id);
    Expected<void> apply_to_case(const Message& message, const std::string& case_id,
                                 const Json& data);
    void held(const std::string& item_id);

    std::vector<InboundSource> sources_;
    Inbox& inbox_;
    WebhookStore& store_;
    CaseService& service_;
    CaseStore& cases_;
    const Clock& clock_;
    std::mutex mutex_;
    bool prepared_ = false;
    std::set<std::string> just_held_;
};

/// The inbox as the relay sees it: completing an item that apply() has just held does nothing,
/// so that a release racing with the completion (the case moved a moment later) is never
/// mistaken for an application. Everything else goes to the inbox.
class HoldAwareInbox final : public ItemQueue {
public:
    HoldAwareInbox(ItemQueue& inbox, InboundWebhooks& webhooks)
        : inbox_(inbox), webhooks_(webhooks) {}
    Expected<std::vector<QueuedItem>> claim(const std::string& owner,
                                            const std::vector<std::string>& kinds,
                                            rules::Instant now, std::chrono::seconds lease,
                                            std::size_t limit) override {
        return inbox_.claim(owner, kinds, now, lease, limit);
    }
    Expected<void> complete(const std::string& id, rules::Instant at) override {
        if (webhooks_.take_held(id)) return {};
        return inbox_.complete(id, at);
    }
    Expected<void> retry(const std::string& id, const std::string& error,
                         rules::Instant next_attempt) override {
        return inbox_.retry(id, error, next_attempt);
    }
    Expected<void> dead(const std::string& id, const std::string& error,
                        rules::Instant at) override {
        return inbox_.dead(id, error, at);
    }
    Expected<std::optional<rules::Instant>> next_due(const std::vector<std::string>& kinds,
                                                     rules::Instant now) override {
        return inbox_.next_due(kinds, now);
    }

private:
    ItemQueue& inbox_;
    InboundWebhooks& webhooks_;
};

/// Which case a message concerns: our case id, or else the source's case number.
struct Correlation {
    std::string case_id;
    std::string reference;
};

/// Our case id from `subject` or data.case_id; the source's case number from data.case_number
/// (or a `subject` that is not a case id). Removes case_id and case_number from `data`: they
/// are not workflow data. Code `no_correlation` when neither is given or case_id is malformed.
Expected<Correlation> correlate(const Json& event, Json& data);

/// Checks a CloudEvents 1.0 structured-mode JSON body: specversion "1.0", non-empty id, source
/// and type, optional subject and time (RFC 3339) strings, optional data object. Code
/// `validation` with one detail per field.
Expected<void> check_cloud_event(const Json& event);

}  // namespace wg::app
