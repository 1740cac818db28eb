// The complaint index port: what the intake reads about complaints already filed, and the lock
// that makes "look, then file" one step for complaints against the same employer. PgComplaintIndex
// is the real one (adapters/pg).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "adapters/app/case_store.hpp"
#include "adapters/app/complaint_matching.hpp"

namespace wg::app {

/// Which complaints to read: the workflow, and the states in which a case is still open.
struct ComplaintLookup {
    std::string workflow;
    Employer employer;
    std::vector<std::string> open_states;
};

/// A stored case as the index reads it: `data` without the complainant (the worker is only
/// `worker_hash`, the peppered hash of complainant.id_number from case_parties).
struct ComplaintRow {
    std::string case_id;
    std::string state;
    std::string region;
    Json data = Json::object();
    std::string worker_hash;
    rules::Date created_on{};
    bool in_open_collective = false;
};

/// A response kept under an idempotency key, and the fingerprint of the request that made it.
struct KeptResponse {
    std::string request_hash;
    StoredResponse response;
};

class ComplaintIndex {
public:
    virtual ~ComplaintIndex() = default;

    /// Runs `work` while holding every lock named in `names` (e.g. "employer-name:…"), waiting
    /// for whoever holds one of them. Two intakes that share a name run one after the other, on
    /// every node. Returns what `work` returns; the locks are released whatever happens.
    virtual Expected<void> exclusive(const std::vector<std::string>& names,
                                     const std::function<Expected<void>()>& work) = 0;

    /// The cases of `lookup.workflow` against the employer (same USCC, or same name) that are
    /// open, or merged into a collective case that is open, oldest first.
    virtual Expected<std::vector<ComplaintRow>> against_employer(const ComplaintLookup& lookup) = 0;

    /// The response kept for an idempotency key by the request that used it, with that
    /// request's fingerprint; nullopt when the key is unused.
    virtual Expected<std::optional<KeptResponse>> kept_response(const IdempotencyKey& key) = 0;
};

}  // namespace wg::app
