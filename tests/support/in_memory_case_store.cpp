// The in-memory case store. Each operation mirrors its counterpart in adapters/pg/
// pg_case_store.cpp and wageguard_step() (schemas/sql/0009_checked_case_steps.sql), in the
// same order: claim the idempotency key, read the case, check the version, decide, write. All
// checks run before the first write, so that a failure leaves nothing behind, as a rolled-back
// transaction does.
#include "tests/support/in_memory_case_store.hpp"

#include <algorithm>
#include <cctype>
#include <exception>
#include <set>

#include "adapters/app/audit_hash.hpp"
#include "adapters/app/uuid.hpp"

namespace wg::test {
namespace {

using app::CaseRecord;
using app::Json;

// The canonical spelling of a uuid, in either case; PostgreSQL refuses worse with 22P02.
bool is_uuid(const std::string& text) {
    if (text.size() != 36) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool hyphen = i == 8 || i == 13 || i == 18 || i == 23;
        if (hyphen ? text[i] != '-' : std::isxdigit(static_cast<unsigned char>(text[i])) == 0)
            return false;
    }
    return true;
}

// How PostgreSQL prints a uuid back: lower case.
std::string lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

// The error Database::with_session makes of a failed statement.
Unexpected<Error> database_error(const std::string& sqlstate, const std::string& message) {
    return fail("database", "database error (SQLSTATE " + sqlstate + "): " + message);
}

Expected<void> check_uuid(const std::string& text) {
    if (is_uuid(text)) return {};
    return database_error("22P02", "invalid input syntax for type uuid: \"" + text + "\"");
}

Expected<void> not_found(const std::string& id) {
    return fail("not_found", "no case with id " + id);
}

bool contains(const std::vector<std::string>& items, const std::string& item) {
    return std::find(items.begin(), items.end(), item) != items.end();
}

}  // namespace

Expected<std::optional<app::StoredResponse>> InMemoryCaseStore::check_key(
    const app::Respond& respond) const {
    if (!respond.key) return std::optional<app::StoredResponse>{};
    const auto found = keys_.find({respond.key->scope, respond.key->key});
    if (found == keys_.end()) return std::optional<app::StoredResponse>{};
    if (found->second.request_hash != respond.key->request_hash)
        return fail("idempotency_mismatch", "Idempotency-Key '" + respond.key->key +
                                                "' was already used with a different request");
    return std::optional<app::StoredResponse>{found->second.response};
}

// The constraints wageguard_step() would run into, checked before anything is written.
Expected<void> InMemoryCaseStore::check_change(const app::Change& change) const {
    if (!change.fired_deadline.empty()) {
        if (auto ok = check_uuid(change.fired_deadline); !ok) return ok;
    }
    std::set<std::string> states, ids;
    for (const auto& deadline : change.schedule_deadlines) {
        if (!states.insert(deadline.state).second)
            return database_error("23505",
                                  "duplicate key value violates unique constraint "
                                  "\"deadlines_one_pending_per_state\"");
        if (deadline.id.empty()) continue;
        if (auto ok = check_uuid(deadline.id); !ok) return ok;
        const std::string id = lower(deadline.id);
        const bool taken = std::any_of(deadlines_.begin(), deadlines_.end(),
                                       [&](const StoredDeadline& d) { return d.row.id == id; });
        if (taken || !ids.insert(id).second)
            return database_error(
                "23505", "duplicate key value violates unique constraint \"deadlines_pkey\"");
    }
    if (!change.parties) return {};
    std::set<std::string> fields;
    for (const auto& party : *change.parties)
        if (!fields.insert(party.field).second)
            return database_error(
                "23505", "duplicate key value violates unique constraint \"case_parties_pkey\"");
    return {};
}

// The case with the pending deadline of its current state, like PgCaseStore's read_case().
CaseRecord InMemoryCaseStore::read_case(const StoredCase& stored) const {
    CaseRecord record = stored.record;
    record.deadline.reset();
    for (const auto& deadline : deadlines_) {
        if (deadline.case_id != record.id || deadline.status != DeadlineStatus::kPending ||
            deadline.row.state != record.state)
            continue;
        record.deadline = deadline.row;
        break;
    }
    return record;
}

// Fills seq and the hash chain from the case's head, renders the response, then writes the
// whole change in the order of wageguard_step(). Creates the case when it is new.
CaseRecord InMemoryCaseStore::write_change(const CaseRecord& current, app::Change& change,
                                           const app::Respond& respond,
                                           app::StoredResponse& response) {
    app::EventRecord& event = change.event;
    event.case_id = current.id;
    event.seq = current.head_seq + 1;
    event.prev_hash = current.head_seq == 0 ? app::kGenesisHash : current.head_hash;
    event.hash = app::event_hash(event.prev_hash, event);
    for (auto& deadline : change.schedule_deadlines)
        if (deadline.id.empty()) deadline.id = app::new_uuid();
    CaseRecord written = app::record_after(current, change);
    response = {respond.status, respond.render ? respond.render(written) : Json::object()};

    const std::string id = lower(current.id);
    StoredCase& stored = cases_[id];
    stored.record = written;
    stored.record.id = id;
    stored.record.parent_id = lower(written.parent_id);
    stored.record.deadline.reset();
    stored.events.push_back(event);

    const std::string fired = lower(change.fired_deadline);
    std::vector<std::string> cancel = change.cancel_deadlines;
    for (const auto& deadline : change.schedule_deadlines) cancel.push_back(deadline.state);
    for (auto& deadline : deadlines_) {
        if (deadline.status != DeadlineStatus::kPending) continue;
        if (!fired.empty() && deadline.row.id == fired) {
            deadline.status = DeadlineStatus::kFired;  // by id alone, as the SQL does
            continue;
        }
        if (deadline.case_id == id && contains(cancel, deadline.row.state))
            deadline.status = DeadlineStatus::kCancelled;
    }
    for (const auto& deadline : change.schedule_deadlines) {
        StoredDeadline row{id, deadline, DeadlineStatus::kPending};
        row.row.id = lower(deadline.id);
        deadlines_.push_back(std::move(row));
    }
    for (const auto& row : change.outbox) stored.outbox.push_back(row);
    if (change.parties) stored.parties = *change.parties;
    if (respond.key)
        keys_[{respond.key->scope, respond.key->key}] = {respond.key->request_hash, response};
    return written;
}

Expected<app::Written> InMemoryCaseStore::create(CaseRecord fields, app::Change opening,
                                                 const app::Respond& respond) {
    std::lock_guard lock(mutex_);
    try {
        app::Written written;
        auto stored = check_key(respond);
        if (!stored) return Unexpected<Error>{stored.error()};
        if (*stored) {
            written.response = std::move(**stored);
            written.replayed = true;
            return written;
        }
        if (fields.id.empty()) fields.id = app::new_uuid();
        if (auto ok = check_uuid(fields.id); !ok) return Unexpected<Error>{ok.error()};
        if (cases_.contains(lower(fields.id)))
            return database_error("23505",
                                  "duplicate key value violates unique constraint \"cases_pkey\"");
        if (!fields.parent_id.empty()) {
            if (auto ok = check_uuid(fields.parent_id); !ok) return Unexpected<Error>{ok.error()};
            if (!cases_.contains(lower(fields.parent_id)))
                return database_error("23503",
                                      "insert or update on table \"cases\" violates "
                                      "foreign key constraint \"cases_parent_id_fkey\"");
        }
        if (auto ok = check_change(opening); !ok) return Unexpected<Error>{ok.error()};
        fields.version = 0;
        fields.head_seq = 0;
        fields.state = opening.to_state;
        fields.updated_at = fields.created_at;
        written.record = write_change(fields, opening, respond, written.response);
        return written;
    } catch (const std::exception& e) {
        return fail("database", std::string("database error: ") + e.what());
    }
}

Expected<app::Written> InMemoryCaseStore::apply(const std::string& case_id,
                                                std::optional<std::int64_t> expected_version,
                                                const app::Decide& decide,
                                                const app::Respond& respond) {
    std::lock_guard lock(mutex_);
    try {
        app::Written written;
        auto stored = check_key(respond);
        if (!stored) return Unexpected<Error>{stored.error()};
        if (*stored) {
            written.response = std::move(**stored);
            written.replayed = true;
            return written;
        }
        if (auto ok = check_uuid(case_id); !ok) return Unexpected<Error>{ok.error()};
        const auto found = cases_.find(lower(case_id));
        if (found == cases_.end()) return Unexpected<Error>{not_found(case_id).error()};
        const CaseRecord current = read_case(found->second);
        if (expected_version && *expected_version != current.version)
            return fail("version_mismatch", "case is at version " +
                                                std::to_string(current.version) + ", not " +
                                                std::to_string(*expected_version));
        auto change = decide(current);
        if (!change) return Unexpected<Error>{change.error()};
        if (auto ok = check_change(*change); !ok) return Unexpected<Error>{ok.error()};
        written.record = write_change(current, *change, respond, written.response);
        return written;
    } catch (const std::exception& e) {
        return fail("database", std::string("database error: ") + e.what());
    }
}

Expected<CaseRecord> InMemoryCaseStore::find(const std::string& case_id) {
    std::lock_guard lock(mutex_);
    if (auto ok = check_uuid(case_id); !ok) return Unexpected<Error>{ok.error()};
    const auto found = cases_.find(lower(case_id));
    if (found == cases_.end()) return Unexpected<Error>{not_found(case_id).error()};
    return read_case(found->second);
}

Expected<std::vector<app::EventRecord>> InMemoryCaseStore::events(const std::string& case_id,
                                                                  std::int64_t after_seq,
                                                                  std::size_t limit) {
    std::lock_guard lock(mutex_);
    if (auto ok = check_uuid(case_id); !ok) return Unexpected<Error>{ok.error()};
    std::vector<app::EventRecord> history;
    const auto found = cases_.find(lower(case_id));
    if (found == cases_.end()) return history;  // like the SELECT: no rows, no error
    for (const auto& event : found->second.events) {
        if (history.size() >= limit) break;
        if (event.seq <= after_seq) continue;
        history.push_back(event);
        history.back().case_id = case_id;  // PgCaseStore echoes the id it was asked for
    }
    return history;
}

Expected<std::vector<app::DeadlineRow>> InMemoryCaseStore::deadlines(const std::string& case_id) {
    std::lock_guard lock(mutex_);
    if (auto ok = check_uuid(case_id); !ok) return Unexpected<Error>{ok.error()};
    const std::string id = lower(case_id);
    std::vector<app::DeadlineRow> rows;
    for (const auto& deadline : deadlines_)
        if (deadline.case_id == id && deadline.status == DeadlineStatus::kPending)
            rows.push_back(deadline.row);
    std::stable_sort(
        rows.begin(), rows.end(),
        [](const app::DeadlineRow& a, const app::DeadlineRow& b) { return a.due_at < b.due_at; });
    return rows;
}

Expected<std::vector<std::string>> InMemoryCaseStore::ids_with_prefix(const std::string& prefix) {
    std::lock_guard lock(mutex_);
    std::vector<std::string> ids;
    if (prefix.size() != 13 || prefix[8] != '-') return ids;
    for (auto it = cases_.lower_bound(prefix); it != cases_.end() && it->first.rfind(prefix, 0) == 0; ++it)
        ids.push_back(it->first);
    return ids;
}

bool InMemoryCaseStore::ready() {
    std::lock_guard lock(mutex_);
    return ready_;
}

void InMemoryCaseStore::set_ready(bool ready) {
    std::lock_guard lock(mutex_);
    ready_ = ready;
}

std::size_t InMemoryCaseStore::case_count() const {
    std::lock_guard lock(mutex_);
    return cases_.size();
}

std::vector<app::OutboxRow> InMemoryCaseStore::outbox_rows(const std::string& case_id) const {
    std::lock_guard lock(mutex_);
    const auto found = cases_.find(lower(case_id));
    return found == cases_.end() ? std::vector<app::OutboxRow>{} : found->second.outbox;
}

std::optional<DeadlineStatus> InMemoryCaseStore::deadline_status(
    const std::string& deadline_id) const {
    std::lock_guard lock(mutex_);
    const std::string id = lower(deadline_id);
    for (const auto& deadline : deadlines_)
        if (deadline.row.id == id) return deadline.status;
    return std::nullopt;
}

std::vector<app::PartyRow> InMemoryCaseStore::party_rows(const std::string& case_id) const {
    std::lock_guard lock(mutex_);
    const auto found = cases_.find(lower(case_id));
    return found == cases_.end() ? std::vector<app::PartyRow>{} : found->second.parties;
}

std::optional<app::StoredResponse> InMemoryCaseStore::stored_response(
    const std::string& scope, const std::string& key) const {
    std::lock_guard lock(mutex_);
    const auto found = keys_.find({scope, key});
    if (found == keys_.end()) return std::nullopt;
    return found->second.response;
}

}  // namespace wg::test
