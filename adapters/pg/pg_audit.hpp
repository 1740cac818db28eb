// Reading the audit chains out of PostgreSQL for `wageguard audit`: every case's chain with its
// stored head, streamed in batches, and the chain heads as of the end of a legal day.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "adapters/app/audit_chain.hpp"
#include "adapters/pg/database.hpp"

namespace wg::pg {

/// One case's chain as stored: the head on its case row and its events in seq order.
struct StoredChain {
    app::ChainHead head;
    std::vector<app::EventRecord> events;
};

class PgAudit {
public:
    /// Reads `batch_size` cases (with all their events) at a time.
    explicit PgAudit(Database& database, std::size_t batch_size = 500);

    using ChainVisitor = std::function<void(const StoredChain&)>;

    /// Calls `visit` with every case's chain in case-id order. Each batch is read in one
    /// repeatable-read snapshot, so a case's head and events agree even while the server
    /// appends. Codes: those of Database::with_session.
    Expected<void> for_each_chain(const ChainVisitor& visit);

    /// One case's chain. Codes: `not_found`, and those of Database::with_session.
    Expected<StoredChain> chain(const std::string& case_id);

    /// The digest of `date` (a legal day, China time): for each case, its last event that
    /// occurred before the day's end, folded into the Merkle root; the number of such cases and
    /// of events before the day's end. Read in one repeatable-read snapshot.
    Expected<app::DailyDigest> daily_digest(rules::Date date);

private:
    Database& database_;
    int batch_size_;
};

}  // namespace wg::pg
