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

/// What a decision asks the store to write: the event to append, the case's new state and data,
/// deadlines to cancel (by state) and to schedule, and outbox rows.
struct Change {
    EventRecord event;
    std::string to_state;
    Json data = Json::object();
    std::vector<std::string> cancel_deadlines;
    std::vector<DeadlineRow> schedule_deadlines;
    std::vector<OutboxRow> outbox;
};

/// Decides a change from the case as locked by the store; a failure aborts the transaction.
using Decide = std::function<Expected<Change>(const CaseRecord&)>;

class CaseStore {
public:
    virtual ~CaseStore() = default;

    /// Creates the case (its id is assigned here) with its opening event, deadlines and outbox
    /// rows, atomically. `opening.to_state` and `opening.data` are the case's first state and data.
    virtual Expected<CaseRecord> create(CaseRecord fields, Change opening) = 0;

    /// The pending deadlines of a case (for views).
    virtual Expected<std::vector<DeadlineRow>> deadlines(const std::string& case_id) = 0;

    /// Locks the case, calls `decide`, and writes the change (event appended with its hash,
    /// state and data updated, version bumped) in one transaction. `expected_version`, when
    /// given, must match the stored version (`version_mismatch` otherwise). Codes: `not_found`.
    virtual Expected<CaseRecord> apply(const std::string& case_id,
                                       std::optional<std::int64_t> expected_version,
                                       const Decide& decide) = 0;

    /// The case, or `not_found`.
    virtual Expected<CaseRecord> find(const std::string& case_id) = 0;

    /// The case's history in order.
    virtual Expected<std::vector<EventRecord>> events(const std::string& case_id) = 0;

    /// Whether the store can serve requests now.
    virtual bool ready() = 0;
};

}  // namespace wg::app
