// The database side of a scenario run: a throwaway database created for one scenario and
// dropped after it, and the read-only questions the runner asks of it (is the server idle,
// when is the next deadline due, which child cases and alerts does a case have).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rules/date.hpp"
#include "rules/expected.hpp"

namespace soci {
class session;
}

namespace wg::scenario {

/// A message the case's steps queued: an alert or a notice, by outbox row.
struct CaseMessage {
    std::string id;
    std::string kind;     // alert | notify
    std::string message;  // the message id
};

struct ChildCase {
    std::string id;
    std::string workflow;
    std::string state;
};

class ScenarioDatabase {
public:
    /// Creates the database `name` (which must start with "wg_scenario_") on the server of
    /// `admin_dsn`. Throws std::runtime_error when it cannot.
    ScenarioDatabase(const std::string& admin_dsn, const std::string& name);
    ~ScenarioDatabase();  // drops it, unless keep()
    ScenarioDatabase(const ScenarioDatabase&) = delete;
    ScenarioDatabase& operator=(const ScenarioDatabase&) = delete;

    [[nodiscard]] const std::string& dsn() const { return dsn_; }
    [[nodiscard]] const std::string& name() const { return name_; }
    void keep() { keep_ = true; }

    /// No due work is waiting or running at `now`: no due or leased pending deadline, outbox
    /// row or inbound message.
    bool idle(rules::Instant now);
    /// The earliest time a pending deadline that no worker holds can fire: its due time, or for
    /// one that failed, its retry time.
    std::optional<rules::Instant> next_due();
    /// Why deadlines of the case could not fire (their last errors), for reports.
    std::vector<std::string> deadline_errors(const std::string& case_id);
    std::vector<ChildCase> children(const std::string& case_id);
    std::vector<CaseMessage> messages(const std::string& case_id);
    /// How many cases the database holds.
    long long case_count();
    /// Every outbox row id so far (to tell which messages a step raised).
    std::vector<std::string> message_ids();

private:
    soci::session& session();

    std::string admin_dsn_;
    std::string name_;
    std::string dsn_;
    bool keep_ = false;
    std::unique_ptr<soci::session> session_;
};

/// `dsn` with its dbname replaced (or added).
std::string with_database(const std::string& dsn, const std::string& name);

}  // namespace wg::scenario
