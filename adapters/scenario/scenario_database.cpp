// Throwaway databases and the runner's read-only queries, through SOCI.
#include "adapters/scenario/scenario_database.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <stdexcept>

#include "adapters/pg/sql_text.hpp"

namespace wg::scenario {
namespace {

constexpr const char* kPrefix = "wg_scenario_";
constexpr const char* kQuiet = " options='-c client_min_messages=warning'";

const char* const kIdle =
    "SELECT (SELECT count(*) FROM deadlines WHERE status = 'pending' AND (lease_owner IS NOT NULL OR "
    "        (due_at <= CAST(:now AS timestamptz) AND (lease_until IS NULL OR lease_until < CAST(:now AS timestamptz))))) "
    "     + (SELECT count(*) FROM outbox WHERE status = 'pending' AND (lease_owner IS NOT NULL OR "
    "        (next_attempt_at <= CAST(:now AS timestamptz) AND (lease_until IS NULL OR lease_until < CAST(:now AS timestamptz))))) "
    "     + (SELECT count(*) FROM inbox WHERE status = 'pending' AND (lease_owner IS NOT NULL OR "
    "        (next_attempt_at <= CAST(:now AS timestamptz) AND (lease_until IS NULL OR lease_until < CAST(:now AS timestamptz)))))";

}  // namespace

std::string with_database(const std::string& dsn, const std::string& name) {
    const auto at = dsn.find("dbname=");
    if (at == std::string::npos) return dsn + " dbname=" + name;
    const auto end = dsn.find(' ', at);
    return dsn.substr(0, at) + "dbname=" + name + (end == std::string::npos ? "" : dsn.substr(end));
}

ScenarioDatabase::ScenarioDatabase(const std::string& admin_dsn, const std::string& name)
    : admin_dsn_(admin_dsn), name_(name), dsn_(with_database(admin_dsn, name)) {
    if (name_.rfind(kPrefix, 0) != 0) throw std::runtime_error("a scenario database is named wg_scenario_…");
    soci::session admin(soci::postgresql, admin_dsn_ + kQuiet);
    admin << "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)";
    admin << "CREATE DATABASE " + name_;
}

ScenarioDatabase::~ScenarioDatabase() {
    session_.reset();
    if (keep_) return;
    try {
        soci::session admin(soci::postgresql, admin_dsn_ + kQuiet);
        admin << "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)";
    } catch (...) {
        // A leftover wg_scenario_ database is harmless and dropped by the next run of that name.
    }
}

soci::session& ScenarioDatabase::session() {
    if (!session_) session_ = std::make_unique<soci::session>(soci::postgresql, dsn_ + kQuiet);
    return *session_;
}

bool ScenarioDatabase::idle(rules::Instant now) {
    const std::string at = rules::format_instant(now);
    long long busy = 0;
    session() << kIdle, soci::use(at, "now"), soci::into(busy);
    return busy == 0;
}

std::optional<rules::Instant> ScenarioDatabase::next_due() {
    std::string due;
    soci::indicator ind = soci::i_null;
    session() << "SELECT " WG_UTC_TEXT("min(greatest(due_at, coalesce(lease_until, due_at)))")
                 " FROM deadlines WHERE status = 'pending' AND lease_owner IS NULL",
        soci::into(due, ind);
    if (ind != soci::i_ok) return std::nullopt;
    return pg::instant_of(due);
}

std::vector<std::string> ScenarioDatabase::deadline_errors(const std::string& case_id) {
    std::vector<std::string> out;
    soci::rowset<soci::row> rows = (session().prepare << "SELECT fires || ': ' || last_error FROM deadlines "
                                                          "WHERE case_id = CAST(:id AS uuid) AND last_error IS NOT NULL "
                                                          "ORDER BY due_at",
                                    soci::use(case_id, "id"));
    for (const auto& row : rows) out.push_back(row.get<std::string>(0));
    return out;
}

std::vector<ChildCase> ScenarioDatabase::children(const std::string& case_id) {
    std::vector<ChildCase> out;
    // Oldest first (the runner moves the clock a millisecond after each step, so the children of
    // different steps never share created_at); those one step opens, by workflow name.
    soci::rowset<soci::row> rows = (session().prepare << "SELECT id::text, workflow, state FROM cases "
                                                          "WHERE parent_id = CAST(:id AS uuid) "
                                                          "ORDER BY created_at, workflow, id",
                                    soci::use(case_id, "id"));
    for (const auto& row : rows) out.push_back({row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(2)});
    return out;
}

std::vector<CaseMessage> ScenarioDatabase::messages(const std::string& case_id) {
    std::vector<CaseMessage> out;
    soci::rowset<soci::row> rows =
        (session().prepare << "SELECT id::text, kind, coalesce(payload ->> 'message', '') FROM outbox "
                              "WHERE case_id = CAST(:id AS uuid) AND kind IN ('alert', 'notify') ORDER BY created_at, id",
         soci::use(case_id, "id"));
    for (const auto& row : rows) out.push_back({row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(2)});
    return out;
}

long long ScenarioDatabase::case_count() {
    long long count = 0;
    session() << "SELECT count(*) FROM cases", soci::into(count);
    return count;
}

std::vector<std::string> ScenarioDatabase::message_ids() {
    std::vector<std::string> out;
    soci::rowset<std::string> rows = (session().prepare << "SELECT id::text FROM outbox");
    for (const auto& id : rows) out.push_back(id);
    return out;
}

}  // namespace wg::scenario
