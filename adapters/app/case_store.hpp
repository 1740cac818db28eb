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

/// What a decision asks the store to write: the event to append and the case's new state and
/// data.
struct Change {
    EventRecord event;
    std::string to_state;
    Json data = Json::object();
};

/// Decides a change from the case as locked by the store; a failure aborts the transaction.
using Decide = std::function<Expected<Change>(const CaseRecord&)>;

class CaseStore {
public:
    virtual ~CaseStore() = default;

    /// Creates the case (its id is assigned here) with its opening event, atomically.
    virtual Expected<CaseRecord> create(CaseRecord fields, EventRecord opening) = 0;

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
