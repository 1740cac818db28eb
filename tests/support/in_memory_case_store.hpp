// The case store's fake: PgCaseStore's semantics kept in memory, for tests that need no
// PostgreSQL. One contract test (tests/integration/case_store_contract_test.cpp) runs against
// both, so that this fake cannot drift from the real store.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "adapters/app/case_store.hpp"

namespace wg::test {

/// The life of a deadline row, as in the `deadlines.status` column.
enum class DeadlineStatus { kPending, kFired, kCancelled };

/// Thread-safe: one mutex guards everything, and `decide` and `render` run under it, which
/// stands for PostgreSQL's lock of the case row (and serialises all cases, which tests do not
/// notice). What PostgreSQL refuses by a constraint (a malformed or unknown uuid, a duplicate
/// case id, two pending deadlines for one state, two parties with one field) fails here with
/// code `database` and writes nothing. Ids are accepted in the canonical 8-4-4-4-12 spelling
/// only (PostgreSQL also takes braces and missing hyphens). One known difference: `events` with
/// a `limit` above INT64_MAX returns everything here, where PgCaseStore's signed LIMIT fails.
class InMemoryCaseStore final : public app::CaseStore {
public:
    Expected<app::Written> create(app::CaseRecord fields, app::Change opening,
                                  const app::Respond& respond) override;
    Expected<std::vector<app::DeadlineRow>> deadlines(const std::string& case_id) override;
    Expected<app::Written> apply(const std::string& case_id,
                                 std::optional<std::int64_t> expected_version,
                                 const app::Decide& decide, const app::Respond& respond) override;
    Expected<app::CaseRecord> find(const std::string& case_id) override;
    Expected<std::vector<app::EventRecord>> events(const std::string& case_id,
                                                   std::int64_t after_seq = 0,
                                                   std::size_t limit = 1000) override;
    Expected<std::vector<std::string>> ids_with_prefix(const std::string& prefix) override;
    bool ready() override;

    // --- inspection and control, for tests ------------------------------------------------

    /// Makes `ready()` answer `ready` (false: as if the database were down).
    void set_ready(bool ready);

    /// The number of cases stored.
    [[nodiscard]] std::size_t case_count() const;

    /// The outbox rows the case's steps queued, oldest first.
    [[nodiscard]] std::vector<app::OutboxRow> outbox_rows(const std::string& case_id) const;

    /// The status of a deadline by id, or nullopt when there is no such deadline.
    [[nodiscard]] std::optional<DeadlineStatus> deadline_status(
        const std::string& deadline_id) const;

    /// The party index of a case, in the order last written.
    [[nodiscard]] std::vector<app::PartyRow> party_rows(const std::string& case_id) const;

    /// The response kept under an idempotency key, or nullopt when the key is free.
    [[nodiscard]] std::optional<app::StoredResponse> stored_response(const std::string& scope,
                                                                     const std::string& key) const;

private:
    struct StoredCase {
        app::CaseRecord record;  // without `deadline`: it is read from deadlines_ like a join
        std::vector<app::EventRecord> events;
        std::vector<app::OutboxRow> outbox;
        std::vector<app::PartyRow> parties;
    };
    struct StoredDeadline {
        std::string case_id;
        app::DeadlineRow row;
        DeadlineStatus status = DeadlineStatus::kPending;
    };
    struct StoredKey {
        std::string request_hash;
        app::StoredResponse response;
    };

    // Each returns the error PgCaseStore would, or writes; called with mutex_ held.
    Expected<std::optional<app::StoredResponse>> check_key(const app::Respond& respond) const;
    Expected<void> check_change(const app::Change& change) const;
    app::CaseRecord read_case(const StoredCase& stored) const;
    app::CaseRecord write_change(const app::CaseRecord& current, app::Change& change,
                                 const app::Respond& respond, app::StoredResponse& response);

    mutable std::mutex mutex_;
    std::map<std::string, StoredCase> cases_;                        // by lower-case id
    std::vector<StoredDeadline> deadlines_;                          // in insertion order
    std::map<std::pair<std::string, std::string>, StoredKey> keys_;  // by (scope, key)
    bool ready_ = true;
};

}  // namespace wg::test
