// Request validation, the call into the pure core, and the JSON view of a case.
#include "adapters/app/case_service.hpp"

#include <cctype>
#include <set>

#include "adapters/app/audit_hash.hpp"
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

std::vector<std::string> field_names(const Json& data) {
    std::vector<std::string> names;
    for (const auto& [key, value] : data.items())
        if (!value.is_null()) names.push_back(key);
    return names;
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

Expected<Json> CaseService::open_case(const Json& body, const Actor& actor) {
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
    const workflow::Definition* definition = workflows_.find(name);
    if (definition == nullptr) return fail("unknown_workflow", "no workflow named '" + name + "'", "workflow");
    if (!definition->has_role(actor.role))
        return fail("role_not_allowed", "role '" + actor.role + "' takes no part in workflow '" + name + "'");

    CaseRecord fields;
    fields.workflow = definition->name;
    fields.workflow_version = definition->version;
    fields.workflow_hash = definition->content_hash;
    fields.state = definition->initial;
    fields.data = body.value("data", Json::object());
    fields.region = body.value("region", "");
    fields.created_at = clock_.now();
    fields.updated_at = fields.created_at;
    EventRecord opening{.event = "opened", .actor = actor.id, .role = actor.role,
                        .to_state = fields.state, .payload = fields.data, .occurred_at = fields.created_at};
    auto created = store_.create(std::move(fields), std::move(opening));
    if (!created) return Unexpected<Error>{created.error()};
    return view(*created, actor);
}

Expected<Json> CaseService::fire_event(const std::string& case_id, const Json& body, const Actor& actor,
                                       std::optional<std::int64_t> expected_version) {
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
    const Json payload = body.value("data", Json::object());
    const rules::Instant now = clock_.now();

    auto decide = [&](const CaseRecord& current) -> Expected<Change> {
        const workflow::Definition* definition = workflows_.find(current.workflow);
        if (definition == nullptr || definition->content_hash != current.workflow_hash)
            return fail("internal", "case " + current.id + " started on a workflow version this server does not hold");
        auto step = workflow::fire(*definition, {current.state, current.version},
                                   {event, actor.role, field_names(payload)});
        if (!step) return Unexpected<Error>{step.error()};
        Change change;
        change.to_state = step->to;
        change.data = current.data;
        change.data.update(payload);
        change.event = EventRecord{.event = event, .actor = actor.id, .role = actor.role,
                                   .from_state = step->from, .to_state = step->to,
                                   .payload = payload, .occurred_at = now};
        return change;
    };
    auto updated = store_.apply(case_id, expected_version, decide);
    if (!updated) return Unexpected<Error>{updated.error()};
    return view(*updated, actor);
}

Expected<Json> CaseService::get_case(const std::string& case_id, const Actor& actor) {
    if (!is_case_id(case_id)) return fail("not_found", "no case with id " + case_id);
    auto found = store_.find(case_id);
    if (!found) return Unexpected<Error>{found.error()};
    return view(*found, actor);
}

Expected<Json> CaseService::view(const CaseRecord& record, const Actor& actor) {
    auto history = store_.events(record.id);
    if (!history) return Unexpected<Error>{history.error()};
    Json events = Json::array();
    for (const auto& event : *history) events.push_back(event_json(event));
    Json out = {{"id", record.id},
                {"workflow", record.workflow},
                {"workflow_version", record.workflow_version},
                {"state", record.state},
                {"data", record.data},
                {"region", record.region.empty() ? Json(nullptr) : Json(record.region)},
                {"version", record.version},
                {"created_at", rules::format_instant(record.created_at)},
                {"updated_at", rules::format_instant(record.updated_at)},
                {"history", events}};
    if (const auto* definition = workflows_.find(record.workflow)) {
        if (const auto* state = definition->find_state(record.state)) {
            out["state_label"] = label_json(state->label);
            out["final"] = state->final;
        }
        out["allowed_events"] = workflow::allowed_events(*definition, record.state, actor.role);
    }
    return out;
}

}  // namespace wg::app
