// Request validation, the call into the pure core, and the JSON view of a case.
#include "adapters/app/case_service.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "adapters/app/access.hpp"
#include "adapters/app/audit_hash.hpp"
#include "adapters/app/case_parties.hpp"
#include "adapters/app/step_change.hpp"
#include "adapters/app/value_json.hpp"
#include "workflow/engine.hpp"

namespace wg::app {
namespace {

Error validation_error(Errors details) {
    Error error{"validation", "the request has invalid fields", {}, {}};
    error.details = std::move(details);
    return error;
}

void require_object(const Json& body, Errors& errors) {
    if (!body.is_object()) errors.push_back({"type", "the request body must be a JSON object", "", {}});
}

void check_known_fields(const Json& body, const std::set<std::string>& known, Errors& errors) {
    for (const auto& [key, value] : body.items())
        if (!known.contains(key)) errors.push_back({"unknown_field", "unknown field '" + key + "'", key, {}});
}

void check_string(const Json& body, const char* field, bool required, Errors& errors) {
    if (!body.contains(field)) {
        if (required) errors.push_back({"required", std::string(field) + " is required", field, {}});
        return;
    }
    if (!body[field].is_string() || body[field].get_ref<const std::string&>().empty())
        errors.push_back({"type", std::string(field) + " must be a non-empty string", field, {}});
}

void check_object(const Json& body, const char* field, Errors& errors) {
    if (body.contains(field) && !body[field].is_object())
        errors.push_back({"type", std::string(field) + " must be a JSON object", field, {}});
}

// An administrative division code (GB/T 2260): six digits, e.g. 440111 for 白云区.
void check_region(const Json& body, Errors& errors) {
    if (!body.contains("region")) return;
    const Json& region = body["region"];
    const bool ok = region.is_string() && region.get_ref<const std::string&>().size() == 6 &&
                    region.get_ref<const std::string&>().find_first_not_of("0123456789") == std::string::npos;
    if (!ok) errors.push_back({"format", "region must be a six-digit division code like 440111", "region", {}});
}

Json label_json(const workflow::Label& label) { return {{"zh", label.zh}, {"en", label.en}}; }

Json event_json(const EventRecord& event) {
    Json out = event_document(event);
    out.erase("case_id");
    out["prev_hash"] = event.prev_hash;
    out["hash"] = event.hash;
    return out;
}

Json deadline_json(const DeadlineRow& deadline) {
    return {{"state", deadline.state},
            {"fires", deadline.fires},
            {"due_at", rules::format_instant(deadline.due_at)},
            {"last_day", deadline.last_day ? Json(rules::format_date(*deadline.last_day)) : Json(nullptr)},
            {"basis", deadline.basis},
            {"explanation", {{"zh", deadline.explanation_zh}, {"en", deadline.explanation_en}}},
            {"extensions_used", deadline.extensions_used}};
}

// Engine errors about payload fields name them "data.x"; a validation error lists them.
Error as_problem(Error error) {
    if (error.code == "validation" || error.field.empty()) return error;
    Error wrapper{error.code == "required" ? "required" : "validation", error.message, {}, {}};
    wrapper.details.push_back(std::move(error));
    return wrapper;
}

// Each worker thread remembers the period additions it made: cases opened or moved on the same
// day share their due dates, so the calendar is walked once per (day, period).
rules::PeriodMemo& thread_memo() {
    thread_local rules::PeriodMemo memo;
    return memo;
}

}  // namespace

bool is_case_id(const std::string& text) {
    if (text.size() != 36) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash != (text[i] == '-')) return false;
        if (!dash && !std::isxdigit(static_cast<unsigned char>(text[i]))) return false;
    }
    return true;
}

Expected<Reply> CaseService::open_case(const Json& body, const Actor& actor, const std::optional<IdempotencyKey>& key,
                                       const std::string& parent_id) {
    Errors errors;
    require_object(body, errors);
    if (errors.empty()) {
        check_known_fields(body, {"workflow", "region", "data"}, errors);
        check_string(body, "workflow", true, errors);
        check_region(body, errors);
        check_object(body, "data", errors);
    }
    if (!errors.empty()) return Unexpected<Error>{validation_error(std::move(errors))};
    const std::string name = body["workflow"];
    const rules::Instant now = clock_.now();
    const workflow::Definition* definition = workflows_.in_force(name, rules::legal_date(now));
    if (definition == nullptr) return fail("unknown_workflow", "no workflow named '" + name + "' is in force", "workflow");
    if (!definition->has_role(actor.role))
        return fail("role_not_allowed", "role '" + actor.role + "' takes no part in workflow '" + name + "'");
    auto data = record_from_json(body.value("data", Json::object()), definition->data_type(), "data");
    if (!data) return Unexpected<Error>{data.error()};

    workflow::CaseSnapshot fresh;
    fresh.data = std::move(*data);
    fresh.region = body.value("region", "");
    // A caller bound to a district files there by default; a case outside its area it cannot open.
    if (fresh.region.empty() && actor.region.size() == 6 && !actor.region.ends_with("00")) fresh.region = actor.region;
    if (!region_covers(actor.region, fresh.region))
        return fail("region_not_allowed", "region " + (fresh.region.empty() ? std::string("(none)") : fresh.region) +
                                              " is outside your region " + actor.region, "region");
    auto step = workflow::open(*definition, fresh, {now, &calendar_, &thread_memo()});
    if (!step) return Unexpected<Error>{as_problem(step.error())};

    CaseRecord fields;
    fields.workflow = definition->name;
    fields.workflow_version = definition->version;
    fields.workflow_hash = definition->content_hash;
    fields.region = fresh.region;
    fields.parent_id = parent_id;
    fields.created_at = now;
    fields.updated_at = now;
    Respond respond{201, [&](const CaseRecord& written) { return view(written, actor); }, key};
    auto created = store_.create(std::move(fields), step_change(*definition, *step, nullptr, actor, now, fresh.data), respond);
    if (!created) return Unexpected<Error>{created.error()};
    return Reply{created->response.status, std::move(created->response.body), created->replayed};
}

Expected<Reply> CaseService::fire_event(const std::string& case_id, const Json& body, const Actor& actor,
                                        std::optional<std::int64_t> expected_version,
                                        const std::optional<IdempotencyKey>& key) {
    if (!is_case_id(case_id)) return fail("not_found", "no case with id " + case_id);
    Errors errors;
    require_object(body, errors);
    if (errors.empty()) {
        check_known_fields(body, {"event", "data"}, errors);
        check_string(body, "event", true, errors);
        check_object(body, "data", errors);
    }
    if (!errors.empty()) return Unexpected<Error>{validation_error(std::move(errors))};
    const std::string event = body["event"];
    const Json payload_json = body.value("data", Json::object());
    const rules::Instant now = clock_.now();

    auto decide = [&](const CaseRecord& current) -> Expected<Change> {
        if (!region_covers(actor.region, current.region)) return fail("not_found", "no case with id " + case_id);
        const workflow::Definition* definition = workflows_.version(current.workflow, current.workflow_hash);
        if (definition == nullptr)
            return fail("internal", "case " + current.id + " started on a workflow version this server does not hold");
        auto payload = record_from_json(payload_json, definition->data_type(), "data");
        if (!payload) return Unexpected<Error>{payload.error()};
        auto snapshot = snapshot_of(current, *definition);
        if (!snapshot) return Unexpected<Error>{snapshot.error()};
        auto step = workflow::fire(*definition, *snapshot, {event, actor.role, *payload}, {now, &calendar_, &thread_memo()});
        if (!step) return Unexpected<Error>{as_problem(step.error())};
        return step_change(*definition, *step, &current, actor, now, *payload);
    };
    Respond respond{200, [&](const CaseRecord& written) { return view(written, actor); }, key};
    auto updated = store_.apply(case_id, expected_version, decide, respond);
    if (!updated) return Unexpected<Error>{updated.error()};
    return Reply{updated->response.status, std::move(updated->response.body), updated->replayed};
}

Expected<void> CaseService::fire_deadline(const std::string& case_id, const std::string& deadline_id,
                                          const Actor& system) {
    const rules::Instant now = clock_.now();
    auto decide = [&](const CaseRecord& current) -> Expected<Change> {
        if (!current.deadline || current.deadline->id != deadline_id)
            return fail("deadline_gone", "deadline " + deadline_id + " is no longer pending in the case's state");
        const workflow::Definition* definition = workflows_.version(current.workflow, current.workflow_hash);
        if (definition == nullptr)
            return fail("internal", "case " + current.id + " started on a workflow version this server does not hold");
        auto snapshot = snapshot_of(current, *definition);
        if (!snapshot) return Unexpected<Error>{snapshot.error()};
        auto step = workflow::fire(*definition, *snapshot, {current.deadline->fires, system.role, {}},
                                   {now, &calendar_, &thread_memo()});
        if (!step) return Unexpected<Error>{step.error()};
        Change change = step_change(*definition, *step, &current, system, now, {});
        change.fired_deadline = deadline_id;
        return change;
    };
    auto fired = store_.apply(case_id, std::nullopt, decide, Respond{});
    if (!fired) return Unexpected<Error>{fired.error()};
    return {};
}

Expected<Json> CaseService::get_case(const std::string& case_id, const Actor& actor) {
    if (!is_case_id(case_id)) return fail("not_found", "no case with id " + case_id);
    auto found = store_.find(case_id);
    if (!found) return Unexpected<Error>{found.error()};
    if (!region_covers(actor.region, found->region)) return fail("not_found", "no case with id " + case_id);
    return view(*found, actor);
}

Expected<Json> CaseService::get_events(const std::string& case_id, const Actor& actor, std::int64_t after,
                                      std::size_t limit) {
    if (!is_case_id(case_id)) return fail("not_found", "no case with id " + case_id);
    auto found = store_.find(case_id);  // 404 for an unknown case rather than an empty page
    if (!found) return Unexpected<Error>{found.error()};
    if (!region_covers(actor.region, found->region)) return fail("not_found", "no case with id " + case_id);
    auto history = store_.events(case_id, after, limit);
    if (!history) return Unexpected<Error>{history.error()};
    Json events = Json::array();
    for (const auto& event : *history) events.push_back(event_json(event));
    const bool more = !history->empty() && history->back().seq < found->head_seq;
    return Json{{"events", events},
                {"head_seq", found->head_seq},
                {"next_after", more ? Json(history->back().seq) : Json(nullptr)}};
}

Change CaseService::step_change(const workflow::Definition& definition, const workflow::Step& step,
                                const CaseRecord* before, const Actor& actor, rules::Instant now,
                                const rules::Record& payload) const {
    Change change = change_from_step(step, actor.id, actor.role, now, payload);
    if (const auto* state = definition.find_state(change.to_state)) change.owner_role = state->owner;
    if (step_hook_) step_hook_(definition.name, before, change);
    auto parties = party_rows(change.data, pepper_);
    if (before != nullptr) {
        const auto previous = party_rows(before->data, pepper_);
        const bool same = std::equal(parties.begin(), parties.end(), previous.begin(), previous.end(),
                                     [](const PartyRow& a, const PartyRow& b) {
                                         return a.field == b.field && a.id_hash == b.id_hash;
                                     });
        if (same) return change;  // the index stands: no rewrite on every step
    }
    change.parties = std::move(parties);
    return change;
}

Json CaseService::view(const CaseRecord& record, const Actor& actor) const {
    Json deadlines = Json::array();
    if (record.deadline) deadlines.push_back(deadline_json(*record.deadline));
    Json out = {{"id", record.id},
                {"workflow", record.workflow},
                {"workflow_version", record.workflow_version},
                {"state", record.state},
                {"data", record.data},
                {"region", record.region.empty() ? Json(nullptr) : Json(record.region)},
                {"version", record.version},
                {"created_at", rules::format_instant(record.created_at)},
                {"updated_at", rules::format_instant(record.updated_at)},
                {"deadlines", deadlines},
                {"head", {{"seq", record.head_seq}, {"hash", record.head_hash}}}};
    if (!record.owner_role.empty()) out["owner_role"] = record.owner_role;
    if (!record.parent_id.empty()) out["parent_id"] = record.parent_id;
    if (const auto* definition = workflows_.version(record.workflow, record.workflow_hash)) {
        if (const auto* state = definition->find_state(record.state)) {
            out["state_label"] = label_json(state->label);
            out["final"] = state->final;
        }
        out["allowed_events"] = workflow::allowed_events(*definition, record.state, actor.role);
    }
    return out;
}

}  // namespace wg::app
