// Claim, complete, retry and dead-letter statements. Times come from the application's clock,
// so a test or a scenario that controls time controls the queues too.
#include "adapters/pg/pg_work_queues.hpp"

#include <openssl/evp.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include "adapters/pg/database.hpp"
#include "adapters/pg/sql_text.hpp"

#include <algorithm>
#include <functional>

namespace wg::pg {


const char* const kClaimDeadlinesSql =
    "UPDATE deadlines d SET lease_owner = :owner, lease_until = CAST(:until AS timestamptz), "
    "attempts = d.attempts + 1 "
    "FROM (SELECT id FROM deadlines WHERE status = 'pending' AND due_at <= CAST(:now AS timestamptz) "
    "AND (lease_until IS NULL OR lease_until < CAST(:now AS timestamptz)) "
    "ORDER BY due_at LIMIT :limit FOR UPDATE SKIP LOCKED) due "
    "WHERE d.id = due.id "
    "RETURNING d.id::text, d.case_id::text, d.state, d.fires, " WG_UTC_TEXT("d.due_at");

namespace {

constexpr const char* kDeadlineRetry =
    "UPDATE deadlines SET lease_owner = NULL, lease_until = CAST(:until AS timestamptz), last_error = :error "
    "WHERE id = CAST(:id AS uuid) AND status = 'pending'";

constexpr const char* kDeadlineFail =
    "UPDATE deadlines SET status = 'failed', closed_at = CAST(:at AS timestamptz), last_error = :error, "
    "lease_owner = NULL, lease_until = NULL WHERE id = CAST(:id AS uuid) AND status = 'pending'";

// Only a deadline whose state the case has left: one still current was handled by its step.
constexpr const char* kDeadlineCancelStale =
    "UPDATE deadlines d SET status = 'cancelled', closed_at = CAST(:at AS timestamptz), "
    "last_error = 'the case had left the state', lease_owner = NULL, lease_until = NULL "
    "FROM cases c WHERE d.id = CAST(:id AS uuid) AND d.status = 'pending' AND c.id = d.case_id "
    "AND c.state <> d.state";

constexpr const char* kDeadlineNextDue =
    "SELECT " WG_UTC_TEXT("due_at") " FROM deadlines WHERE status = 'pending' "
    "AND (lease_until IS NULL OR lease_until < CAST(:now AS timestamptz)) ORDER BY due_at LIMIT 1";

std::string base64(const std::string& bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::string unbase64(const std::string& text) {
    std::string clean;
    for (char c : text)
        if (c != '\n' && c != '\r') clean += c;
    std::string out(3 * clean.size() / 4 + 3, '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(clean.data()), static_cast<int>(clean.size()));
    if (n < 0) return {};
    std::size_t size = static_cast<std::size_t>(n);
    if (!clean.empty() && clean.back() == '=') --size;  // EVP_DecodeBlock counts padding as data
    if (clean.size() > 1 && clean[clean.size() - 2] == '=') --size;
    out.resize(size);
    return out;
}

Expected<void> run(Database& database, const std::function<void(soci::session&)>& work) {
    return database.with_session([&](soci::session& sql) -> Expected<void> {
        work(sql);
        return {};
    });
}

Expected<std::optional<rules::Instant>> first_instant(Database& database, const std::string& query,
                                                      const std::string& now) {
    std::optional<rules::Instant> next;
    auto done = run(database, [&](soci::session& sql) {
        std::string at;
        soci::indicator ind = soci::i_null;
        sql << query, soci::use(now, "now"), soci::into(at, ind);
        if (sql.got_data() && ind == soci::i_ok) next = instant_of(at);
    });
    if (!done) return Unexpected<Error>{done.error()};
    return next;
}

}  // namespace

Expected<std::vector<app::DueDeadline>> PgDeadlineQueue::claim(const std::string& owner, rules::Instant now,
                                                               std::chrono::seconds lease, std::size_t limit) {
    std::vector<app::DueDeadline> due;
    auto done = run(database_, [&](soci::session& sql) {
        const std::string at = rules::format_instant(now), until = rules::format_instant(now + lease);
        long long max_rows = static_cast<long long>(limit);
        soci::rowset<soci::row> rows = (sql.prepare << kClaimDeadlinesSql, soci::use(owner, "owner"),
                                        soci::use(until, "until"), soci::use(at, "now"), soci::use(max_rows, "limit"));
        for (const auto& row : rows)
            due.push_back({row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(2),
                           row.get<std::string>(3), instant_of(row.get<std::string>(4))});
    });
    if (!done) return Unexpected<Error>{done.error()};
    std::sort(due.begin(), due.end(), [](const auto& a, const auto& b) { return a.due_at < b.due_at; });
    return due;
}

Expected<void> PgDeadlineQueue::retry(const std::string& id, const std::string& error, rules::Instant retry_at) {
    return run(database_, [&](soci::session& sql) {
        const std::string until = rules::format_instant(retry_at);
        sql << kDeadlineRetry, soci::use(until, "until"), soci::use(error, "error"), soci::use(id, "id");
    });
}

Expected<void> PgDeadlineQueue::fail(const std::string& id, const std::string& error, rules::Instant at) {
    return run(database_, [&](soci::session& sql) {
        const std::string when = rules::format_instant(at);
        sql << kDeadlineFail, soci::use(when, "at"), soci::use(error, "error"), soci::use(id, "id");
    });
}

Expected<void> PgDeadlineQueue::cancel_stale(const std::string& id, rules::Instant at) {
    return run(database_, [&](soci::session& sql) {
        const std::string when = rules::format_instant(at);
        sql << kDeadlineCancelStale, soci::use(when, "at"), soci::use(id, "id");
    });
}

Expected<std::optional<rules::Instant>> PgDeadlineQueue::next_due(rules::Instant now) {
    return first_instant(database_, kDeadlineNextDue, rules::format_instant(now));
}

// --- outbox and inbox -------------------------------------------------------------------------

namespace {

struct TableSql {
    const char* claim;
    const char* complete;
    const char* retry;
    const char* dead;
    const char* next_due;
};

// The inbox's key is (source, message_id); its item id is "source/message_id" (sources are
// configured names without '/').
const TableSql kOutboxSql{
    "UPDATE outbox o SET lease_owner = :owner, lease_until = CAST(:until AS timestamptz), attempts = o.attempts + 1 "
    "FROM (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= CAST(:now AS timestamptz) "
    "AND (lease_until IS NULL OR lease_until < CAST(:now AS timestamptz)) AND kind = ANY (CAST(:kinds AS text[])) "
    "ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED) due WHERE o.id = due.id "
    "RETURNING o.id::text, o.case_id::text, o.kind, o.payload::text, '', o.attempts",
    "UPDATE outbox SET status = 'done', done_at = CAST(:at AS timestamptz), lease_owner = NULL, lease_until = NULL "
    "WHERE id = CAST(:id AS uuid) AND status = 'pending'",
    "UPDATE outbox SET next_attempt_at = CAST(:at AS timestamptz), last_error = :error, lease_owner = NULL, "
    "lease_until = NULL WHERE id = CAST(:id AS uuid) AND status = 'pending'",
    "UPDATE outbox SET status = 'dead', done_at = CAST(:at AS timestamptz), last_error = :error, lease_owner = NULL, "
    "lease_until = NULL WHERE id = CAST(:id AS uuid) AND status = 'pending'",
    "SELECT " WG_UTC_TEXT("min(next_attempt_at)") " FROM outbox WHERE status = 'pending' "
    "AND (lease_until IS NULL OR lease_until < CAST(:now AS timestamptz)) AND kind = ANY (CAST(:kinds AS text[]))",
};

const TableSql kInboxSql{
    "UPDATE inbox i SET lease_owner = :owner, lease_until = CAST(:until AS timestamptz), attempts = i.attempts + 1 "
    "FROM (SELECT source, message_id FROM inbox WHERE status = 'pending' "
    "AND next_attempt_at <= CAST(:now AS timestamptz) "
    "AND (lease_until IS NULL OR lease_until < CAST(:now AS timestamptz)) AND source = ANY (CAST(:kinds AS text[])) "
    "ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED) due "
    "WHERE i.source = due.source AND i.message_id = due.message_id "
    "RETURNING i.source || '/' || i.message_id, '', i.source, i.headers::text, encode(i.body, 'base64'), i.attempts",
    "UPDATE inbox SET status = 'applied', applied_at = CAST(:at AS timestamptz), lease_owner = NULL, "
    "lease_until = NULL WHERE source || '/' || message_id = :id AND status = 'pending'",
    "UPDATE inbox SET next_attempt_at = CAST(:at AS timestamptz), last_error = :error, lease_owner = NULL, "
    "lease_until = NULL WHERE source || '/' || message_id = :id AND status = 'pending'",
    "UPDATE inbox SET status = 'dead', applied_at = CAST(:at AS timestamptz), last_error = :error, "
    "lease_owner = NULL, lease_until = NULL WHERE source || '/' || message_id = :id AND status = 'pending'",
    "SELECT " WG_UTC_TEXT("min(next_attempt_at)") " FROM inbox WHERE status = 'pending' "
    "AND (lease_until IS NULL OR lease_until < CAST(:now AS timestamptz)) AND source = ANY (CAST(:kinds AS text[]))",
};

constexpr const char* kInboxReceive =
    "INSERT INTO inbox (source, message_id, received_at, headers, body, next_attempt_at) "
    "VALUES (:source, :id, CAST(:at AS timestamptz), CAST(:headers AS jsonb), decode(:body, 'base64'), "
    "CAST(:at AS timestamptz)) ON CONFLICT (source, message_id) DO NOTHING RETURNING 1";

}  // namespace

Expected<std::vector<app::QueuedItem>> PgItemQueue::claim(const std::string& owner,
                                                          const std::vector<std::string>& kinds, rules::Instant now,
                                                          std::chrono::seconds lease, std::size_t limit) {
    const TableSql& q = table_ == Table::outbox ? kOutboxSql : kInboxSql;
    std::vector<app::QueuedItem> items;
    auto done = run(database_, [&](soci::session& sql) {
        const std::string at = rules::format_instant(now), until = rules::format_instant(now + lease);
        const std::string kind_array = text_array(kinds);
        long long max_rows = static_cast<long long>(limit);
        soci::rowset<soci::row> rows =
            (sql.prepare << q.claim, soci::use(owner, "owner"), soci::use(until, "until"), soci::use(at, "now"),
             soci::use(kind_array, "kinds"), soci::use(max_rows, "limit"));
        for (const auto& row : rows) {
            app::QueuedItem item;
            item.id = row.get<std::string>(0);
            item.case_id = row.get<std::string>(1);
            item.kind = row.get<std::string>(2);
            item.payload = app::Json::parse(row.get<std::string>(3), nullptr, false);
            item.body = unbase64(row.get<std::string>(4));
            item.attempts = row.get<int>(5);
            items.push_back(std::move(item));
        }
    });
    if (!done) return Unexpected<Error>{done.error()};
    return items;
}

Expected<void> PgItemQueue::complete(const std::string& id, rules::Instant at) {
    const TableSql& q = table_ == Table::outbox ? kOutboxSql : kInboxSql;
    return run(database_, [&](soci::session& sql) {
        const std::string when = rules::format_instant(at);
        sql << q.complete, soci::use(when, "at"), soci::use(id, "id");
    });
}

Expected<void> PgItemQueue::retry(const std::string& id, const std::string& error, rules::Instant next_attempt) {
    const TableSql& q = table_ == Table::outbox ? kOutboxSql : kInboxSql;
    return run(database_, [&](soci::session& sql) {
        const std::string when = rules::format_instant(next_attempt);
        sql << q.retry, soci::use(when, "at"), soci::use(error, "error"), soci::use(id, "id");
    });
}

Expected<void> PgItemQueue::dead(const std::string& id, const std::string& error, rules::Instant at) {
    const TableSql& q = table_ == Table::outbox ? kOutboxSql : kInboxSql;
    return run(database_, [&](soci::session& sql) {
        const std::string when = rules::format_instant(at);
        sql << q.dead, soci::use(when, "at"), soci::use(error, "error"), soci::use(id, "id");
    });
}

Expected<std::optional<rules::Instant>> PgItemQueue::next_due(const std::vector<std::string>& kinds,
                                                              rules::Instant now) {
    const TableSql& q = table_ == Table::outbox ? kOutboxSql : kInboxSql;
    std::optional<rules::Instant> next;
    auto done = run(database_, [&](soci::session& sql) {
        const std::string at = rules::format_instant(now), kind_array = text_array(kinds);
        std::string first;
        soci::indicator ind = soci::i_null;
        sql << q.next_due, soci::use(at, "now"), soci::use(kind_array, "kinds"), soci::into(first, ind);
        if (sql.got_data() && ind == soci::i_ok) next = instant_of(first);
    });
    if (!done) return Unexpected<Error>{done.error()};
    return next;
}

Expected<app::Received> PgItemQueue::receive(const std::string& source, const std::string& message_id,
                                             const app::Json& headers, const std::string& body, rules::Instant at) {
    if (table_ != Table::inbox) return fail("internal", "only the inbox receives messages");
    bool stored = false;
    auto done = run(database_, [&](soci::session& sql) {
        const std::string when = rules::format_instant(at), header_text = headers.dump(), encoded = base64(body);
        int one = 0;
        sql << kInboxReceive, soci::use(source, "source"), soci::use(message_id, "id"), soci::use(when, "at"),
            soci::use(header_text, "headers"), soci::use(encoded, "body"), soci::into(one);
        stored = sql.got_data();
    });
    if (!done) return Unexpected<Error>{done.error()};
    return stored ? app::Received::stored : app::Received::duplicate;
}

}  // namespace wg::pg
