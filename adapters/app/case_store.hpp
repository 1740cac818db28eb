// The case store port: where cases and their event history live. PgCaseStore is the real one;
// InMemoryCaseStore (tests/support) is its fake, and one contract test runs against both.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rules/date.hpp"
#include "rules/expected.hpp"

namespace wg::app {

using Json = nlohmann::json;

/// A pending deadline, as stored: at `due_at` the engine fires `fires` on the case.
struct DeadlineRow {
    std::string id;  // assigned by the store when empty
    std::string state;
    std::string fires;
    rules::Instant due_at{};
    std::optional<rules::Date> last_day;
    std::string basis;
    std::string explanation_zh;
    std::string explanation_en;
    int extensions_used = 0;
};

/// An effect for later delivery (notification, alert, child case, parent signal, ledger
/// posting), written in the transaction of the step that asked for it.
struct OutboxRow {
    std::string kind;
    Json payload = Json::object();
};

struct CaseRecord {
    std::string id;
    std::string workflow;
    std::string workflow_version;
    std::string workflow_hash;
    std::string state;
    Json data = Json::object();
    std::string region;
    std::int64_t version = 0;
    std::string owner_role;     // the role responsible in the current state ("" for none)
    std::string parent_id;      // the case whose step opened this one ("" for none)
    std::int64_t head_seq = 0;  // the chain head: seq and hash of the last event
    std::string head_hash;
    rules::Instant created_at{};
    rules::Instant updated_at{};
    std::optional<DeadlineRow> deadline;  // the pending deadline of the current state, if any
};

/// One entry of a case's history. `seq`, `prev_hash` and `hash` are set by the store when it
/// appends the event.
struct EventRecord {
    std::string case_id;
    std::int64_t seq = 0;
    std::string event;
    std::string actor;
    std::string role;
    std::optional<std::string> from_state;
    std::string to_state;
    Json payload = Json::object();
    rules::Instant occurred_at{};
    std::string prev_hash;
    std::string hash;
};

/// A party of the case found by a hashed ID number (never the plain number): `field` is its
/// data path, e.g. "complainant.id_number".
struct PartyRow {
    std::string field;
    std::string id_hash;
};

/// What a decision asks the store to write: the event to append, the case's new state and data,
/// the deadline it fires (if a deadline fired it), deadlines to cancel (by state) and to
/// schedule, outbox rows, and the party index of the new data (nullopt: unchanged).
struct Change {
    EventRecord event;
    std::string to_state;
    std::string owner_role;
    Json data = Json::object();
    std::string fired_deadline;  // id of the pending deadline this step fires, or ""
    std::vector<std::string> cancel_deadlines;
    std::vector<DeadlineRow> schedule_deadlines;
    std::vector<OutboxRow> outbox;
    std::optional<std::vector<PartyRow>> parties;
};

/// The case as `change` leaves it, without reading it back: state, owner, data, version, chain
/// head (the change's event must carry its seq and hash) and the pending deadline of the new
/// state — a scheduled one for it wins, else the old one if it was for that state and neither
/// fired nor cancelled. Every store returns this from a write.
CaseRecord record_after(CaseRecord record, const Change& change);

/// Decides a change from the case as locked by the store; a failure aborts the transaction.
using Decide = std::function<Expected<Change>(const CaseRecord&)>;

/// An Idempotency-Key: unique within `scope` (the caller and the route). `request_hash`
/// fingerprints the request, so that the same key with another request is refused.
struct IdempotencyKey {
    std::string scope;
    std::string key;
    std::string request_hash;
};

/// The response stored with an idempotency key and returned again on a repeat.
struct StoredResponse {
    int status = 200;
    Json body = Json::object();
};

/// How the store makes and keeps the response of a write: `render` builds the response body from
/// the case as written (inside the transaction, so that it is stored atomically with the
/// change), and `key`, when present, keeps it for repeats.
struct Respond {
    int status = 200;
    std::function<Json(const CaseRecord&)> render;
    std::optional<IdempotencyKey> key;
};

/// The result of a write: the case as written and its response, or (`replayed`) the response
/// stored for the same idempotency key, in which case nothing was written.
struct Written {
    CaseRecord record;
    StoredResponse response;
    bool replayed = false;
};

class CaseStore {
public:
    virtual ~CaseStore() = default;

    /// Creates the case (its id is assigned here unless given) with its opening event,
    /// deadlines and outbox rows, atomically. `opening.to_state` and `opening.data` are the
    /// case's first state and data. Codes: `idempotency_mismatch` (the key was used with
    /// another request).
    virtual Expected<Written> create(CaseRecord fields, Change opening, const Respond& respond) = 0;

    /// The pending deadlines of a case (for views).
    virtual Expected<std::vector<DeadlineRow>> deadlines(const std::string& case_id) = 0;

    /// Locks the case, calls `decide`, and writes the change (event appended with its hash,
    /// state and data updated, version bumped, chain head moved, deadlines, outbox, parties,
    /// the response under its idempotency key) in one transaction. `expected_version`, when
    /// given, must match the stored version (`version_mismatch` otherwise). A repeated key
    /// returns the stored response without calling `decide`. Codes: `not_found`,
    /// `idempotency_mismatch`, and any error of `decide` (nothing is written then).
    virtual Expected<Written> apply(const std::string& case_id, std::optional<std::int64_t> expected_version,
                                    const Decide& decide, const Respond& respond) = 0;

    /// The case, or `not_found`.
    virtual Expected<CaseRecord> find(const std::string& case_id) = 0;

    /// The case's history in order: events with seq > `after_seq`, at most `limit`.
    virtual Expected<std::vector<EventRecord>> events(const std::string& case_id, std::int64_t after_seq = 0,
                                                      std::size_t limit = 1000) = 0;

    /// Ids of the cases whose id starts with `prefix` ("8-4" hex digits with the dash, lower
    /// case), for tracking numbers.
    virtual Expected<std::vector<std::string>> ids_with_prefix(const std::string& prefix) = 0;

    /// Whether the store can serve requests now.
    virtual bool ready() = 0;
};

}  // namespace wg::app
