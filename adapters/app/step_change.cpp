// Effects become rows: deadlines in `deadlines`, everything else in `outbox` for the relay.
#include "adapters/app/step_change.hpp"

#include "adapters/app/value_json.hpp"

namespace wg::app {
namespace {

struct EffectWriter {
    Change& change;

    void operator()(const workflow::ScheduleDeadline& e) const {
        change.schedule_deadlines.push_back({"", std::string(e.state), std::string(e.fires), e.due_at, e.last_day,
                                             std::string(e.basis), e.explanation->zh, e.explanation->en,
                                             e.extensions_used});
    }
    void operator()(const workflow::CancelDeadline& e) const { change.cancel_deadlines.emplace_back(e.state); }
    void operator()(const workflow::OpenChild& e) const {
        change.outbox.push_back({"open_child", {{"workflow", std::string(e.workflow)}, {"data", value_to_json(rules::Value(e.data))}}});
    }
    void operator()(const workflow::SignalParent& e) const {
        change.outbox.push_back({"signal_parent", {{"event", std::string(e.event)}}});
    }
    void operator()(const workflow::Notify& e) const {
        change.outbox.push_back({e.alert ? "alert" : "notify", {{"role", std::string(e.role)}, {"message", std::string(e.message)}}});
    }
    void operator()(const workflow::LedgerPosting& e) const {
        change.outbox.push_back({"ledger_posting", {{"amount", rules::format_money(e.amount)},
                                                    {"from", std::string(e.from_account)}, {"to", std::string(e.to_account)}}});
    }
};

}  // namespace

Change change_from_step(const workflow::Step& step, const std::string& actor_id, const std::string& role,
                        rules::Instant now, const rules::Record& payload) {
    Change change;
    change.to_state = std::string(step.to);
    change.data = value_to_json(rules::Value(step.data));
    change.event.event = std::string(step.event);
    change.event.actor = actor_id;
    change.event.role = role;
    if (!step.from.empty()) change.event.from_state = std::string(step.from);
    change.event.to_state = std::string(step.to);
    change.event.payload = value_to_json(rules::Value(payload));
    change.event.occurred_at = now;
    const EffectWriter writer{change};
    for (const auto& effect : step.effects) std::visit(writer, effect);
    return change;
}

Expected<workflow::CaseSnapshot> snapshot_of(const CaseRecord& record, const workflow::Definition& definition) {
    auto data = record_from_json(record.data, definition.data_type(), "data");
    if (!data) return Unexpected<Error>{data.error()};
    workflow::CaseSnapshot snapshot;
    snapshot.id = record.id;
    snapshot.state = record.state;
    snapshot.version = record.version;
    snapshot.data = std::move(*data);
    snapshot.region = record.region;
    snapshot.has_parent = !record.parent_id.empty();  // a final state may then signal the parent
    if (record.deadline)
        snapshot.deadline = workflow::ActiveDeadline{record.deadline->fires, record.deadline->due_at,
                                                     record.deadline->last_day, record.deadline->extensions_used};
    return snapshot;
}

}  // namespace wg::app
