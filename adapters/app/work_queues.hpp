// Ports of the durable work queues: due deadlines, outbox rows and inbox messages. Rows are
// claimed with a lease (FOR UPDATE SKIP LOCKED in PostgreSQL), so any number of nodes can work
// the same queue; a row whose node dies returns to the pool when its lease ends.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "adapters/app/case_store.hpp"

namespace wg::app {

/// A claimed deadline: fire `fires` on `case_id` (if it is still pending in `state`).
struct DueDeadline {
    std::string id;
    std::string case_id;
    std::string state;
    std::string fires;
    rules::Instant due_at{};
};

class DeadlineQueue {
public:
    virtual ~DeadlineQueue() = default;
    /// Leases up to `limit` pending deadlines due at `now`, earliest first, to `owner`.
    virtual Expected<std::vector<DueDeadline>> claim(const std::string& owner, rules::Instant now,
                                                     std::chrono::seconds lease, std::size_t limit) = 0;
    /// A transient failure: the deadline stays pending; it may be claimed again after `retry_at`.
    virtual Expected<void> retry(const std::string& id, const std::string& error, rules::Instant retry_at) = 0;
    /// A permanent failure (the workflow refused the event): status `failed`, kept for people.
    virtual Expected<void> fail(const std::string& id, const std::string& error, rules::Instant at) = 0;
    /// Closes a deadline left pending in a state its case has left (status `cancelled`).
    virtual Expected<void> cancel_stale(const std::string& id, rules::Instant at) = 0;
    /// The earliest due time of a pending, unleased deadline, if any.
    virtual Expected<std::optional<rules::Instant>> next_due(rules::Instant now) = 0;
};

/// A claimed outbox row (an effect to carry out) or inbox message (to apply).
struct QueuedItem {
    std::string id;       // outbox: uuid; inbox: "source/message_id"
    std::string case_id;  // outbox only
    std::string kind;     // outbox: notify, alert, open_child…; inbox: the source
    Json payload = Json::object();
    std::string body;     // inbox: the raw bytes as received
    int attempts = 0;     // including this one
};

/// The outbox or the inbox: the same claim, complete, retry and dead-letter cycle.
class ItemQueue {
public:
    virtual ~ItemQueue() = default;
    /// Leases up to `limit` pending items of the given kinds (all kinds when empty) that are due.
    virtual Expected<std::vector<QueuedItem>> claim(const std::string& owner, const std::vector<std::string>& kinds,
                                                    rules::Instant now, std::chrono::seconds lease,
                                                    std::size_t limit) = 0;
    virtual Expected<void> complete(const std::string& id, rules::Instant at) = 0;
    virtual Expected<void> retry(const std::string& id, const std::string& error, rules::Instant next_attempt) = 0;
    virtual Expected<void> dead(const std::string& id, const std::string& error, rules::Instant at) = 0;
    /// The earliest next attempt of a pending, unleased item of the kinds, if any.
    virtual Expected<std::optional<rules::Instant>> next_due(const std::vector<std::string>& kinds,
                                                             rules::Instant now) = 0;
};

/// Whether an inbound message was new or a repeat of one already stored (deduplicated forever).
enum class Received { stored, duplicate };

class Inbox : public ItemQueue {
public:
    /// Stores the raw message as evidence unless (source, message_id) was seen before.
    virtual Expected<Received> receive(const std::string& source, const std::string& message_id,
                                       const Json& headers, const std::string& body, rules::Instant at) = 0;
};

}  // namespace wg::app
