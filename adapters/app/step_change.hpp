// Turns a decided step (pure values) into what the store writes: the event, the new data,
// deadline rows and outbox rows.
#pragma once

#include "adapters/app/case_store.hpp"
#include "workflow/engine.hpp"

namespace wg::app {

/// The store's change for `step`, fired by `actor` (id, role) at `now`.
Change change_from_step(const workflow::Step& step, const std::string& actor_id, const std::string& role,
                        rules::Instant now, const rules::Record& payload);

/// The engine's view of a stored case (data converted by the definition's types).
Expected<workflow::CaseSnapshot> snapshot_of(const CaseRecord& record, const workflow::Definition& definition);

}  // namespace wg::app
