// A worker's complaint from outside (DESIGN.md §7, POST /api/v1/complaints): validated field by
// field (complaint_validation), filed by the intake (complaint_intake: duplicates, collective
// cases, redirection), and answered with a tracking number and an access code with which the
// worker follows the case without an account.
#pragma once

#include <string>

#include "adapters/app/case_service.hpp"
#include "adapters/app/complaint_intake.hpp"

namespace wg::app {

/// The tracking number of a case: "WG-" and the first 12 hex digits of its id, upper case
/// (e.g. WG-3F2A9C1B-7E4D). Short enough to read out on the phone.
std::string tracking_number(const std::string& case_id);

class ComplaintService {
public:
    /// `pepper` keys the access codes (HMAC), so that none is stored and none can be guessed,
    /// and the workers' hashes (the party index's pepper).
    ComplaintService(CaseService& cases, CaseStore& store, ComplaintIndex& index, const WorkflowRegistry& workflows,
                     const Clock& clock, std::string pepper)
        : cases_(cases), store_(store), intake_(cases, index, workflows, clock, pepper), clock_(clock),
          pepper_(std::move(pepper)) {}

    /// Body: {project_district | region, employer, employer_uscc?, project?, claimants?, amount,
    /// period_from, period_to, dispute_pending_in?, complainant: {name, id_number, phone}}.
    /// Replies 201 {case_id, tracking_no, access_code, state, state_label, final, deadlines,
    /// linked: false, warnings, collective?} when a case was filed, or 200 with the worker's open
    /// complaint on the same dispute and `linked: true`. Codes: validation (field paths such as
    /// complainant.id_number, employer_uscc, period_to; codes such as checksum, charset,
    /// future; messages in Chinese), and the intake's.
    Expected<Reply> file(const Json& body, const std::optional<IdempotencyKey>& key);

    /// The status a worker may see: state, its label, deadlines, last update, and for a
    /// complaint merged into a collective case that case's status; never data. `not_found` for
    /// an unknown tracking number or a wrong access code (the same answer, so that neither can
    /// be probed).
    Expected<Json> track(const std::string& tracking_no, const std::string& access_code);

    /// The access code of a case: 8 characters from HMAC-SHA256(pepper, case id).
    [[nodiscard]] std::string access_code(const std::string& case_id) const;

private:
    /// The public view of a case (and of its collective case, when merged into one).
    Expected<Json> public_status(const std::string& case_id);

    CaseService& cases_;
    CaseStore& store_;
    ComplaintIntake intake_;
    const Clock& clock_;
    std::string pepper_;
};

}  // namespace wg::app
