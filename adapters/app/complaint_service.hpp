// A worker's complaint from outside (DESIGN.md §7, POST /api/v1/complaints): validated field by
// field, filed as a wage_complaint case by the role `worker`, and answered with a tracking number
// and an access code with which the worker follows the case without an account.
#pragma once

#include <string>

#include "adapters/app/case_service.hpp"

namespace wg::app {

/// The tracking number of a case: "WG-" and the first 12 hex digits of its id, upper case
/// (e.g. WG-3F2A9C1B-7E4D). Short enough to read out on the phone.
std::string tracking_number(const std::string& case_id);

class ComplaintService {
public:
    /// `pepper` keys the access codes (HMAC), so that none is stored and none can be guessed.
    ComplaintService(CaseService& cases, CaseStore& store, const Clock& clock, std::string pepper)
        : cases_(cases), store_(store), clock_(clock), pepper_(std::move(pepper)) {}

    /// Body: {region, employer, project?, claimants?, amount, complainant: {name, id_number,
    /// phone}}. Replies 201 {case_id, tracking_no, access_code, state, state_label, deadlines}.
    /// Codes: validation (with field paths such as complainant.id_number and codes such as
    /// checksum), and open_case's.
    Expected<Reply> file(const Json& body, const std::optional<IdempotencyKey>& key);

    /// The status a worker may see: state, its label, deadlines, last update; never data.
    /// `not_found` for an unknown tracking number or a wrong access code (the same answer, so
    /// that neither can be probed).
    Expected<Json> track(const std::string& tracking_no, const std::string& access_code);

    /// The access code of a case: 8 characters from HMAC-SHA256(pepper, case id).
    [[nodiscard]] std::string access_code(const std::string& case_id) const;

private:
    CaseService& cases_;
    CaseStore& store_;
    const Clock& clock_;
    std::string pepper_;
};

}  // namespace wg::app
