// The intake's steps, each a normal write through CaseService (so every change is an event in
// the case's chain), taken while the employer's intake locks are held.
#include "adapters/app/complaint_intake.hpp"

#include <spdlog/spdlog.h>

#include <set>

#include "adapters/app/audit_hash.hpp"
#include "adapters/app/party_hash.hpp"

namespace wg::app {
namespace {

const Actor kWorker{"public:complaint-form", "worker", ""};
const Actor kSystem{"system:complaint-intake", "system", ""};
constexpr const char* kMergeEvent = "merge_into_collective";
constexpr const char* kRedirectEvent = "redirect";
// Idempotency keys of the intake's own steps: each names what it may do once, so that a retry
// (after a crash, or a repeated intake) replays instead of merging or redirecting twice.
constexpr const char* kIntakeScope = "system:complaint-intake";

std::shared_ptr<spdlog::logger> log() {
    auto logger = spdlog::get("app");
    return logger ? logger : spdlog::default_logger();
}

IdempotencyKey step_key(const std::string& key, const Json& body) {
    return {kIntakeScope, key, sha256_hex(body.dump())};
}

// The redirect's reason, naming the forum (监察条例 Art. 21).
std::string redirect_reason(const std::string& forum) {
    if (forum == "court")
        return "同一争议已由人民法院受理，请通过诉讼程序解决（《劳动保障监察条例》第二十一条）";
    return "同一争议已在劳动人事争议仲裁程序中，请通过仲裁程序解决（《劳动保障监察条例》第二十一条"
           "）";
}

// The states, in any loaded version of the workflow, in which a case is still open, and those
// in which the system may merge it into a collective case.
struct StateSets {
    std::set<std::string> open;
    std::set<std::string> mergeable;
};

StateSets state_sets(const WorkflowRegistry& workflows) {
    StateSets sets;
    for (const auto* definition : workflows.all()) {
        if (definition->name != kComplaintWorkflow) continue;
        for (const auto& state : definition->states) {
            if (!state.final) sets.open.insert(state.name);
            const auto* merge = state.find_transition(kMergeEvent);
            if (merge != nullptr && merge->allows_role(kSystem.role))
                sets.mergeable.insert(state.name);
        }
    }
    return sets;
}

}  // namespace

Expected<IntakeOutcome> ComplaintIntake::file(const ComplaintForm& form,
                                              const std::optional<IdempotencyKey>& key) {
    const rules::Date today = rules::legal_date(clock_.now());
    const workflow::Definition* definition = workflows_.in_force(kComplaintWorkflow, today);
    if (definition == nullptr)
        return fail("unknown_workflow",
                    std::string("no workflow named '") + kComplaintWorkflow + "' is in force");
    const NewComplaint complaint{party_hash(pepper_, form.id_number),
                                 {form.employer, form.employer_uscc},
                                 form.region,
                                 form.period_from,
                                 form.period_to};
    // Two complaints that could be duplicates or members of one collective case share the
    // employer's name or its USCC (same_employer), hence at least one of these locks.
    std::vector<std::string> locks{"employer-name:" + form.employer};
    if (!form.employer_uscc.empty()) locks.push_back("employer-uscc:" + form.employer_uscc);
    IntakeOutcome outcome;
    auto done = index_.exclusive(locks, [&]() -> Expected<void> {
        auto filed = file_locked(form, complaint, *definition, key);
        if (!filed) return Unexpected<Error>{filed.error()};
        outcome = std::move(*filed);
        return {};
    });
    if (!done) return Unexpected<Error>{done.error()};
    return outcome;
}

Expected<IntakeOutcome> ComplaintIntake::file_locked(const ComplaintForm& form,
                                                     const NewComplaint& complaint,
                                                     const workflow::Definition& definition,
                                                     const std::optional<IdempotencyKey>& key) {
    // A repeated Idempotency-Key answers as the first time, before anything else is looked at.
    if (key) {
        auto first = first_answer(*key);
        if (!first) return Unexpected<Error>{first.error()};
        if (*first) return std::move(**first);
    }
    auto filed = filed_against(complaint, definition);
    if (!filed) return Unexpected<Error>{filed.error()};
    if (const auto* duplicate = find_duplicate(*filed, complaint)) {
        log()->info("complaint linked case={}", duplicate->case_id);
        return IntakeOutcome{duplicate->case_id, 200, true, false};
    }

    const rules::Date today = rules::legal_date(clock_.now());
    Json data = complaint_data(form, today);
    const Json request = {
        {"workflow", kComplaintWorkflow}, {"region", form.region}, {"data", data}};
    auto opened = cases_.open_case(request, kWorker, key);
    if (!opened) return Unexpected<Error>{opened.error()};
    const std::string id = opened->body.value("id", "");
    if (opened->replayed) return IntakeOutcome{id, opened->status, false, true};
    for (const auto& warning : form.warnings)
        log()->info("complaint warning case={} field={} code={}", id, warning.field, warning.code);

    // The case is filed: what follows is the inspectorate's routing of it. If a step fails the
    // complaint stays filed and pending, for an inspector, and the worker still gets the receipt.
    if (!form.dispute_pending_in.empty()) {
        if (auto redirected = redirect(id, form.dispute_pending_in); !redirected)
            log()->error("complaint redirect failed case={} code={} message={}", id,
                         redirected.error().code, redirected.error().message);
        return IntakeOutcome{id, opened->status, false, false};
    }
    data.erase("complainant");
    FiledComplaint mine = filed_complaint(id, opened->body.value("state", ""), form.region, data,
                                          complaint.worker_hash, today, false);
    const StateSets sets = state_sets(workflows_);
    mine.open = sets.open.contains(mine.state);
    mine.mergeable = sets.mergeable.contains(mine.state);
    filed->push_back(std::move(mine));
    if (auto gathered = gather(*filed, complaint); !gathered)
        log()->error("complaint collective failed case={} code={} message={}", id,
                     gathered.error().code, gathered.error().message);
    return IntakeOutcome{id, opened->status, false, false};
}

Expected<std::optional<IntakeOutcome>> ComplaintIntake::first_answer(const IdempotencyKey& key) {
    auto kept = index_.kept_response(key);
    if (!kept) return Unexpected<Error>{kept.error()};
    if (!*kept) return std::optional<IntakeOutcome>{};
    if ((*kept)->request_hash != key.request_hash)
        return fail("idempotency_mismatch",
                    "Idempotency-Key '" + key.key + "' was already used with a different request");
    return std::optional<IntakeOutcome>{IntakeOutcome{(*kept)->response.body.value("id", ""),
                                                      (*kept)->response.status, false, true}};
}

Expected<std::vector<FiledComplaint>> ComplaintIntake::filed_against(
    const NewComplaint& complaint, const workflow::Definition& definition) {
    const StateSets sets = state_sets(workflows_);
    ComplaintLookup lookup{
        definition.name, complaint.employer, {sets.open.begin(), sets.open.end()}};
    auto rows = index_.against_employer(lookup);
    if (!rows) return Unexpected<Error>{rows.error()};
    std::vector<FiledComplaint> filed;
    for (auto& row : *rows) {
        FiledComplaint one =
            filed_complaint(row.case_id, row.state, row.region, row.data, row.worker_hash,
                            row.created_on, row.in_open_collective);
        one.open = sets.open.contains(one.state);
        one.mergeable = sets.mergeable.contains(one.state);
        filed.push_back(std::move(one));
    }
    return filed;
}

Expected<void> ComplaintIntake::redirect(const std::string& case_id, const std::string& forum) {
    const Json body = {{"event", kRedirectEvent}, {"data", {{"reason", redirect_reason(forum)}}}};
    auto fired = cases_.fire_event(case_id, body, kSystem, std::nullopt,
                                   step_key("redirect:" + case_id, body));
    if (!fired) return Unexpected<Error>{fired.error()};
    log()->info("complaint redirected case={} forum={}", case_id, forum);
    return {};
}

// The collective case of the employer in the district: the open one, or a new one when the
// open individual complaints come from enough workers; then every such complaint joins it.
Expected<void> ComplaintIntake::gather(const std::vector<FiledComplaint>& filed,
                                       const NewComplaint& complaint) {
    const auto members = collective_members(filed, complaint);
    if (members.empty()) return {};
    std::string collective_id;
    if (const auto* open = find_open_collective(filed, complaint)) {
        collective_id = open->case_id;
    } else {
        if (count_workers(members) < kCollectiveWorkers) return {};
        const FiledComplaint* earliest = members.front();
        for (const auto* member : members)
            if (member->received_on < earliest->received_on) earliest = member;
        const Json request = {{"workflow", kComplaintWorkflow},
                              {"region", complaint.region},
                              {"data", collective_data(members, complaint)}};
        // One collective case per earliest member: a retry replays it instead of opening another.
        auto opened = cases_.open_case(request, kSystem,
                                       step_key("collective:" + earliest->case_id, request));
        if (!opened) return Unexpected<Error>{opened.error()};
        collective_id = opened->body.value("id", "");
        log()->info("collective complaint opened case={} region={} workers={}", collective_id,
                    complaint.region, count_workers(members));
    }
    // A member an inspector moved on meanwhile (accepted, say) stays an individual case.
    for (const auto* member : members)
        if (auto merged = merge(member->case_id, collective_id); !merged)
            log()->warn("complaint not merged case={} collective={} code={}", member->case_id,
                        collective_id, merged.error().code);
    return {};
}

Expected<void> ComplaintIntake::merge(const std::string& case_id,
                                      const std::string& collective_id) {
    const Json body = {{"event", kMergeEvent}, {"data", {{"collective_case", collective_id}}}};
    // A case is merged at most once: the key names the case, not the collective.
    auto fired =
        cases_.fire_event(case_id, body, kSystem, std::nullopt, step_key("merge:" + case_id, body));
    if (!fired) return Unexpected<Error>{fired.error()};
    return {};
}

}  // namespace wg::app
