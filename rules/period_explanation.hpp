// Plain accounts, in Chinese and English, of how a deadline was computed: days skipped and why,
// the roll, and the rule applied. Used by period_arithmetic.cpp.
#pragma once

#include "rules/period.hpp"

namespace wg::rules {

/// For add_period results: working-day counts and calendar-day/month/year periods.
Explanation explain_added(const DateDeadline& deadline);

/// For latest_before results (`start` is the event, `end` the latest day of notice).
Explanation explain_latest_before(const DateDeadline& deadline);

/// For add_hours results.
Explanation explain_hours(const InstantDeadline& deadline);

}  // namespace wg::rules
