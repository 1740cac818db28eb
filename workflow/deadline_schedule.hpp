// Computing when a state's deadline falls due, on the calendar, with its explanation.
#pragma once

#include "rules/expected.hpp"
#include "rules/expr/context.hpp"
#include "workflow/definition.hpp"
#include "workflow/engine.hpp"

namespace wg::workflow {

/// The deadline of `state` entered at `context.now`: `within` a period, or `until` the date
/// its expression gives (evaluated in `scope`). The period ends when its last day ends in China
/// Standard Time, or exactly, for hours.
Expected<ScheduleDeadline> schedule_deadline(const State& state, const Deadline& deadline,
                                             const rules::Context& scope, const FireContext& context);

/// The deadline moved by its extension, counted from the current due day.
Expected<ScheduleDeadline> extend_deadline(const State& state, const Deadline& deadline,
                                           const ActiveDeadline& current, const FireContext& context);

}  // namespace wg::workflow
