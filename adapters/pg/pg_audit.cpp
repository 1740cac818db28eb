// SQL for `wageguard audit`. Cases are walked in id order with keyset pagination (`id > last`),
// never OFFSET and never all at once, so verifying millions of cases takes bounded memory.
#include "adapters/pg/pg_audit.hpp"

#include "adapters/pg/sql_text.hpp"

#include <soci/soci.h>

#include <unordered_map>

namespace wg::pg {
namespace {

using app::ChainHead;
using app::EventRecord;
using app::Json;


// A case's head and its events must come from one snapshot, or an append in between would
// look like a broken head.
constexpr const char* kSnapshot = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";

constexpr const char* kFirstCases =
    "SELECT id::text, head_seq, head_hash FROM cases ORDER BY id LIMIT :limit";
constexpr const char* kNextCases =
    "SELECT id::text, head_seq, head_hash FROM cases WHERE id > CAST(:after AS uuid) "
    "ORDER BY id LIMIT :limit";
constexpr const char* kOneCase =
    "SELECT id::text, head_seq, head_hash FROM cases WHERE id = CAST(:id AS uuid)";

// The events of a batch: the batch is a contiguous run of case ids, so its events are the
// range between its first and last id, read on the primary key (case_id, seq).
constexpr const char* kEventsInRange =
    "SELECT case_id::text, seq, event, actor, role, coalesce(from_state, ''), from_state IS NULL, "
    "to_state, payload::text, " WG_UTC_TEXT("occurred_at") ", prev_hash, hash FROM case_events "
    "WHERE case_id BETWEEN CAST(:first AS uuid) AND CAST(:last AS uuid) ORDER BY case_id, seq";

// Each case's last event before the end of the day; uuid order is the order of the ids' text.
constexpr const char* kFirstHeadsBefore =
    "SELECT DISTINCT ON (case_id) case_id::text, seq, hash FROM case_events "
    "WHERE occurred_at < CAST(:end AS timestamptz) ORDER BY case_id, seq DESC LIMIT :limit";
constexpr const char* kNextHeadsBefore =
    "SELECT DISTINCT ON (case_id) case_id::text, seq, hash FROM case_events "
    "WHERE occurred_at < CAST(:end AS timestamptz) AND case_id > CAST(:after AS uuid) "
    "ORDER BY case_id, seq DESC LIMIT :limit";
constexpr const char* kCountEventsBefore =
    "SELECT count(*) FROM case_events WHERE occurred_at < CAST(:end AS timestamptz)";

ChainHead head_of(const soci::row& row) {
    return ChainHead{row.get<std::string>(0), row.get<long long>(1), row.get<std::string>(2)};
}

std::vector<ChainHead> heads_of(soci::rowset<soci::row>& rows) {
    std::vector<ChainHead> heads;
    for (const auto& row : rows) heads.push_back(head_of(row));
    return heads;
}

// The stored heads of the next `limit` cases after `after` ("" for the first batch).
std::vector<ChainHead> read_case_heads(soci::session& sql, const std::string& after, int limit) {
    if (after.empty()) {
        soci::rowset<soci::row> rows = (sql.prepare << kFirstCases, soci::use(limit, "limit"));
        return heads_of(rows);
    }
    soci::rowset<soci::row> rows =
        (sql.prepare << kNextCases, soci::use(after, "after"), soci::use(limit, "limit"));
    return heads_of(rows);
}

EventRecord event_of(const soci::row& row) {
    EventRecord event;
    event.case_id = row.get<std::string>(0);
    event.seq = row.get<long long>(1);
    event.event = row.get<std::string>(2);
    event.actor = row.get<std::string>(3);
    event.role = row.get<std::string>(4);
    if (row.get<int>(6) == 0) event.from_state = row.get<std::string>(5);
    event.to_state = row.get<std::string>(7);
    event.payload = Json::parse(row.get<std::string>(8));
    event.occurred_at = instant_of(row.get<std::string>(9));
    event.prev_hash = row.get<std::string>(10);
    event.hash = row.get<std::string>(11);
    return event;
}

// Fills each chain's events. The foreign key guarantees every event row has its case.
void attach_events(soci::session& sql, std::vector<StoredChain>& chains) {
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < chains.size(); ++i) index.emplace(chains[i].head.case_id, i);
    const std::string& first = chains.front().head.case_id;
    const std::string& last = chains.back().head.case_id;
    soci::rowset<soci::row> rows =
        (sql.prepare << kEventsInRange, soci::use(first, "first"), soci::use(last, "last"));
    for (const auto& row : rows) {
        auto event = event_of(row);
        const auto it = index.find(event.case_id);
        if (it != index.end()) chains[it->second].events.push_back(std::move(event));
    }
}

std::vector<StoredChain> read_chains(soci::session& sql, const std::string& after, int limit) {
    soci::transaction tx(sql);
    sql << kSnapshot;
    std::vector<StoredChain> chains;
    for (auto& head : read_case_heads(sql, after, limit)) chains.push_back({std::move(head), {}});
    if (!chains.empty()) attach_events(sql, chains);
    tx.commit();
    return chains;
}

std::vector<ChainHead> read_heads_before(soci::session& sql, const std::string& end,
                                         const std::string& after, int limit) {
    if (after.empty()) {
        soci::rowset<soci::row> rows =
            (sql.prepare << kFirstHeadsBefore, soci::use(end, "end"), soci::use(limit, "limit"));
        return heads_of(rows);
    }
    soci::rowset<soci::row> rows = (sql.prepare << kNextHeadsBefore, soci::use(end, "end"),
                                    soci::use(after, "after"), soci::use(limit, "limit"));
    return heads_of(rows);
}

// Streams every head as of `end` into `builder`, batch by batch.
Expected<void> fold_heads_before(soci::session& sql, const std::string& end, int limit,
                                 app::MerkleBuilder& builder) {
    std::string after;
    for (;;) {
        const auto heads = read_heads_before(sql, end, after, limit);
        for (const auto& head : heads)
            if (auto added = builder.add(head); !added) return added;
        if (heads.size() < static_cast<std::size_t>(limit)) return {};
        after = heads.back().case_id;
    }
}

}  // namespace

PgAudit::PgAudit(Database& database, std::size_t batch_size)
    : database_(database), batch_size_(static_cast<int>(batch_size == 0 ? 1 : batch_size)) {}

Expected<void> PgAudit::for_each_chain(const ChainVisitor& visit) {
    std::string after;
    for (;;) {
        std::vector<StoredChain> batch;
        auto read = database_.with_session([&](soci::session& sql) -> Expected<void> {
            batch = read_chains(sql, after, batch_size_);
            return {};
        });
        if (!read) return read;
        for (const auto& chain : batch) visit(chain);
        if (batch.size() < static_cast<std::size_t>(batch_size_)) return {};
        after = batch.back().head.case_id;
    }
}

Expected<StoredChain> PgAudit::chain(const std::string& case_id) {
    std::vector<StoredChain> chains;
    auto read = database_.with_session([&](soci::session& sql) -> Expected<void> {
        soci::transaction tx(sql);
        sql << kSnapshot;
        soci::rowset<soci::row> rows = (sql.prepare << kOneCase, soci::use(case_id, "id"));
        for (auto& head : heads_of(rows)) chains.push_back({std::move(head), {}});
        if (!chains.empty()) attach_events(sql, chains);
        tx.commit();
        return {};
    });
    if (!read) return Unexpected<Error>{read.error()};
    if (chains.empty()) return fail("not_found", "no case with id " + case_id);
    return std::move(chains.front());
}

Expected<app::DailyDigest> PgAudit::daily_digest(rules::Date date) {
    app::DailyDigest digest;
    digest.date = date;
    digest.as_of = app::end_of_legal_day(date);
    const std::string end = rules::format_instant(digest.as_of);
    app::MerkleBuilder builder;
    auto read = database_.with_session([&](soci::session& sql) -> Expected<void> {
        soci::transaction tx(sql);
        sql << kSnapshot;
        long long events = 0;
        sql << kCountEventsBefore, soci::use(end, "end"), soci::into(events);
        digest.events = events;
        if (auto folded = fold_heads_before(sql, end, batch_size_, builder); !folded) return folded;
        tx.commit();
        return {};
    });
    if (!read) return Unexpected<Error>{read.error()};
    digest.cases = builder.leaves();
    digest.root = builder.root();
    return digest;
}

}  // namespace wg::pg
