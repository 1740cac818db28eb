// The one rule for what a write leaves behind, shared by PgCaseStore and the in-memory fake.
#include "adapters/app/case_store.hpp"

#include <algorithm>

namespace wg::app {

CaseRecord record_after(CaseRecord record, const Change& change) {
    std::optional<DeadlineRow> kept;
    const bool cancelled = std::find(change.cancel_deadlines.begin(), change.cancel_deadlines.end(), change.to_state) !=
                           change.cancel_deadlines.end();
    if (record.deadline && record.deadline->state == change.to_state && record.deadline->id != change.fired_deadline &&
        !cancelled)
        kept = record.deadline;
    for (const auto& deadline : change.schedule_deadlines)
        if (deadline.state == change.to_state) kept = deadline;
    record.deadline = std::move(kept);
    record.state = change.to_state;
    record.owner_role = change.owner_role;
    record.data = change.data;
    record.version += 1;
    record.updated_at = change.event.occurred_at;
    record.head_seq = change.event.seq;
    record.head_hash = change.event.hash;
    return record;
}

}  // namespace wg::app
