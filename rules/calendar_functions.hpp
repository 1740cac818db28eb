// The official calendar and statutory-period arithmetic offered to expressions as host
// functions, each answering with a record of the value and its explanation in Chinese and English.
#pragma once

#include <memory>

#include "rules/calendar.hpp"
#include "rules/expected.hpp"
#include "rules/expr/functions.hpp"
#include "rules/expr/type.hpp"
#include "rules/period.hpp"

namespace wg::rules {

/// record{explanation_en: string, explanation_zh: string, value: date}: add_period's result.
Type deadline_type();

/// record{deadline: date, explanation_en: string, explanation_zh: string, value: bool}:
/// within_limitation's result; `deadline` is the limit's last day.
Type limitation_type();

/// record{explanation_en: string, explanation_zh: string, kind: string, value: bool}:
/// is_working_day's result; `kind` is working_day, weekend, public_holiday or make_up_working_day.
Type working_day_type();

/// Registers, over `calendar` (shared by every compiled expression that calls them) and `policy`:
///   add_period(start: date, period: period) -> deadline  (rules::add_period)
///   within_limitation(start: date, today: date, period: period) -> limitation
///   is_working_day(day: date) -> working day
/// At run time a date outside the calendar fails with `calendar_range` and an hours period with
/// `period_unit` (hours need a timestamp). Fails with code `function`, registering nothing, when
/// `calendar` is null or a name is taken.
Expected<void> register_calendar_functions(FunctionRegistry& functions,
                                           std::shared_ptr<const Calendar> calendar,
                                           PeriodPolicy policy = {});

}  // namespace wg::rules
