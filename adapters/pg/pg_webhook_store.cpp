// Statements of the webhook tables. Holds re-check, under a lock, the condition that made the
// message wait, so that a release can never fall between the refusal and the hold.
#include "adapters/pg/pg_webhook_store.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include "adapters/app/uuid.hpp"
#include "adapters/pg/database.hpp"

namespace wg::pg {
namespace {

constexpr const char* kDeclareField =
    "INSERT INTO webhook_reference_fields (source, field) VALUES (:source, :field) "
    "ON CONFLICT DO NOTHING RETURNING 1";

// Once, when a (source, field) pair is new: the cases that already hold a number.
constexpr const char* kBackfillReferences =
    "INSERT INTO case_references (source, reference, case_id, origin, created_at) "
    "SELECT :source, data ->> CAST(:field AS text), id, 'data', updated_at FROM cases "
    "WHERE jsonb_typeof(data -> CAST(:field AS text)) = 'string' AND data ->> CAST(:field AS text) "
    "<> '' "
    "ON CONFLICT (source, reference) DO NOTHING";

constexpr const char* kFindReference =
    "SELECT case_id::text FROM case_references WHERE source = :source AND reference = :reference";

// Inserts the mapping unless the number is known; either way returns the case it names (a
// mapping committed by another transaction during this statement is read again after it).
constexpr const char* kLearnReference =
    "WITH added AS (INSERT INTO case_references (source, reference, case_id, origin, created_at) "
    "VALUES (:source, :reference, CAST(:case_id AS uuid), 'event', CAST(:at AS timestamptz)) "
    "ON CONFLICT (source, reference) DO NOTHING RETURNING case_id) "
    "SELECT case_id::text FROM added UNION ALL "
    "SELECT case_id::text FROM case_references WHERE source = :source AND reference = :reference "
    "LIMIT 1";

constexpr const char* kOpenTask =
    "INSERT INTO operator_tasks (id, kind, source, reference, message_id, detail, created_at) "
    "VALUES (CAST(:id AS uuid), :kind, :source, NULLIF(:reference, ''), :message_id, CAST(:detail "
    "AS jsonb), "
    "CAST(:at AS timestamptz)) ON CONFLICT (kind, source, message_id) DO NOTHING";

constexpr const char* kCloseTasks =
    "UPDATE operator_tasks SET status = 'closed', closed_at = CAST(:at AS timestamptz) "
    "WHERE source = :source AND message_id = :message_id AND status = 'open'";

// FOR SHARE waits for a step in progress on the case and then re-reads its version: a case
// that moved meanwhile is not held for (the step's trigger would have found nothing to
// release). A step that starts after the hold waits for it, and its trigger releases it.
// next_attempt_at is set to the hold's time, so that a released message is due at once.
constexpr const char* kHoldForCase =
    "WITH current_case AS (SELECT id FROM cases WHERE id = CAST(:case_id AS uuid) AND version = "
    ":version "
    "FOR SHARE) "
    "UPDATE inbox SET status = 'held', held_case_id = CAST(:case_id AS uuid), last_error = "
    ":reason, "
    "next_attempt_at = CAST(:at AS timestamptz), lease_owner = NULL, lease_until = NULL "
    "WHERE source = :source AND message_id = :message_id AND status = 'pending' "
    "AND EXISTS (SELECT 1 FROM current_case) RETURNING 1";

// The same advisory lock as the release trigger on case_references; the reference is looked
// for after the lock is taken, in a statement of its own (a fresh snapshot).
constexpr const char* kLockReference =
    "SELECT pg_advisory_xact_lock(hashtextextended(:source || '/' || :reference, 0))";

constexpr const char* kHoldForReference =
    "UPDATE inbox SET status = 'held', held_reference = :reference, last_error = :reason, "
    "next_attempt_at = CAST(:at AS timestamptz), lease_owner = NULL, lease_until = NULL "
    "WHERE source = :source AND message_id = :message_id AND status = 'pending' "
    "AND NOT EXISTS (SELECT 1 FROM case_references WHERE source = :source AND reference = "
    ":reference) "
    "RETURNING 1";

}  // namespace

Expected<void> PgWebhookStore::declare_reference_fields(
    const std::map<std::string, std::string>& fields) {
    return database_.with_session([&](soci::session& sql) -> Expected<void> {
        for (const auto& [source, field] : fields) {
            soci::transaction tx(sql);
            int added = 0;
            sql << kDeclareField, soci::use(source, "source"), soci::use(field, "field"),
                soci::into(added);
            if (sql.got_data())
                sql << kBackfillReferences, soci::use(source, "source"), soci::use(field, "field");
            tx.commit();
        }
        return {};
    });
}

Expected<std::optional<std::string>> PgWebhookStore::find_reference(const std::string& source,
                                                                    const std::string& reference) {
    std::optional<std::string> found;
    auto done = database_.with_session([&](soci::session& sql) -> Expected<void> {
        std::string case_id;
        sql << kFindReference, soci::use(source, "source"), soci::use(reference, "reference"),
            soci::into(case_id);
        if (sql.got_data()) found = case_id;
        return {};
    });
    if (!done) return Unexpected<Error>{done.error()};
    return found;
}

Expected<std::string> PgWebhookStore::learn_reference(const std::string& source,
                                                      const std::string& reference,
                                                      const std::string& case_id,
                                                      rules::Instant at) {
    std::string named;
    auto done = database_.with_session([&](soci::session& sql) -> Expected<void> {
        const std::string when = rules::format_instant(at);
        sql << kLearnReference, soci::use(source, "source"), soci::use(reference, "reference"),
            soci::use(case_id, "case_id"), soci::use(when, "at"), soci::into(named);
        if (!sql.got_data())
            sql << kFindReference, soci::use(source, "source"), soci::use(reference, "reference"),
                soci::into(named);
        return {};
    });
    if (!done) return Unexpected<Error>{done.error()};
    return named;
}

Expected<void> PgWebhookStore::open_task(const app::OperatorTask& task, rules::Instant at) {
    return database_.with_session([&](soci::session& sql) -> Expected<void> {
        const std::string id = app::new_uuid(), when = rules::format_instant(at),
                          detail = task.detail.dump();
        sql << kOpenTask, soci::use(id, "id"), soci::use(task.kind, "kind"),
            soci::use(task.source, "source"), soci::use(task.reference, "reference"),
            soci::use(task.message_id, "message_id"), soci::use(detail, "detail"),
            soci::use(when, "at");
        return {};
    });
}

Expected<void> PgWebhookStore::close_tasks(const std::string& source, const std::string& message_id,
                                           rules::Instant at) {
    return database_.with_session([&](soci::session& sql) -> Expected<void> {
        const std::string when = rules::format_instant(at);
        sql << kCloseTasks, soci::use(when, "at"), soci::use(source, "source"),
            soci::use(message_id, "message_id");
        return {};
    });
}

Expected<bool> PgWebhookStore::hold_for_case(const std::string& source,
                                             const std::string& message_id,
                                             const std::string& case_id, std::int64_t version,
                                             const std::string& reason, rules::Instant at) {
    bool held = false;
    auto done = database_.with_session([&](soci::session& sql) -> Expected<void> {
        const std::string when = rules::format_instant(at);
        long long seen = version;
        int one = 0;
        sql << kHoldForCase, soci::use(case_id, "case_id"), soci::use(seen, "version"),
            soci::use(reason, "reason"), soci::use(when, "at"), soci::use(source, "source"),
            soci::use(message_id, "message_id"), soci::into(one);
        held = sql.got_data();
        return {};
    });
    if (!done) return Unexpected<Error>{done.error()};
    return held;
}

Expected<bool> PgWebhookStore::hold_for_reference(const std::string& source,
                                                  const std::string& message_id,
                                                  const std::string& reference,
                                                  const std::string& reason, rules::Instant at) {
    bool held = false;
    auto done = database_.with_session([&](soci::session& sql) -> Expected<void> {
        soci::transaction tx(sql);
        sql << kLockReference, soci::use(source, "source"), soci::use(reference, "reference");
        const std::string when = rules::format_instant(at);
        int one = 0;
        sql << kHoldForReference, soci::use(reference, "reference"), soci::use(reason, "reason"),
            soci::use(when, "at"), soci::use(source, "source"), soci::use(message_id, "message_id"),
            soci::into(one);
        held = sql.got_data();
        tx.commit();
        return {};
    });
    if (!done) return Unexpected<Error>{done.error()};
    return held;
}

}  // namespace wg::pg
