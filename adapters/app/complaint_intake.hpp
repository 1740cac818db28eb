// Complaint intake as the inspectorate handles it: one open case per worker and dispute (a
// repeat is linked, not filed again), ten or more workers against one employer in one district
// handled as one collective case, and a dispute already before arbitration or a court
// redirected there (监察条例 Art. 21). See README "Complaints".
#pragma once

#include <optional>
#include <string>

#include "adapters/app/case_service.hpp"
#include "adapters/app/complaint_index.hpp"
#include "adapters/app/complaint_validation.hpp"
#include "adapters/app/workflow_registry.hpp"

namespace wg::app {

/// The workflow complaints are filed as.
inline constexpr const char* kComplaintWorkflow = "wage_complaint";

/// What became of a complaint: the case that answers for it, and how.
struct IntakeOutcome {
    std::string case_id;
    int status = 201;       // 201 a case was filed, 200 linked to the worker's open complaint
    bool linked = false;    // the worker's open complaint on the same dispute answers for it
    bool replayed = false;  // the Idempotency-Key was used before: its first answer
};

class ComplaintIntake {
public:
    /// `pepper` keys the worker's hash (the same as the party index's).
    ComplaintIntake(CaseService& cases, ComplaintIndex& index, const WorkflowRegistry& workflows,
                    const Clock& clock, std::string pepper)
        : cases_(cases),
          index_(index),
          workflows_(workflows),
          clock_(clock),
          pepper_(std::move(pepper)) {}

    /// Files a checked complaint, under the locks of its employer (so that two intakes that
    /// could be duplicates of each other, or count toward one collective case, run one after the
    /// other on every node):
    /// 1. the worker's open complaint against the same employer for an overlapping period — or
    ///    one merged into a collective case still open — answers for it: 200, linked, nothing
    ///    written;
    /// 2. otherwise a case is filed as the role `worker`; when the dispute is pending in
    ///    arbitration or court it is redirected at once (`redirect`, role `system`);
    /// 3. otherwise, when an open collective case exists against the employer in the district,
    ///    or when the open individual complaints there now come from kCollectiveWorkers workers,
    ///    each of them is merged into the collective case (opened first if needed).
    /// Codes: unknown_workflow, idempotency_mismatch, and open_case's.
    Expected<IntakeOutcome> file(const ComplaintForm& form,
                                 const std::optional<IdempotencyKey>& key);

private:
    Expected<IntakeOutcome> file_locked(const ComplaintForm& form, const NewComplaint& complaint,
                                        const workflow::Definition& definition,
                                        const std::optional<IdempotencyKey>& key);
    Expected<std::optional<IntakeOutcome>> first_answer(const IdempotencyKey& key);
    Expected<std::vector<FiledComplaint>> filed_against(const NewComplaint& complaint,
                                                        const workflow::Definition& definition);
    Expected<void> redirect(const std::string& case_id, const std::string& forum);
    Expected<void> gather(const std::vector<FiledComplaint>& filed, const NewComplaint& complaint);
    Expected<void> merge(const std::string& case_id, const std::string& collective_id);

    CaseService& cases_;
    ComplaintIndex& index_;
    const WorkflowRegistry& workflows_;
    const Clock& clock_;
    std::string pepper_;
};

}  // namespace wg::app
