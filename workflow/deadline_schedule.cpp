// Due instants: a day-based period ends at 24:00 China time of its last day (民诉法 Art. 85).
#include "workflow/deadline_schedule.hpp"

namespace wg::workflow {
namespace {

constexpr auto kChinaOffset = std::chrono::hours{8};

rules::Instant end_of_legal_day(rules::Date day) {
    const auto next_midnight_local = std::chrono::sys_days{day} + std::chrono::days{1};
    return rules::Instant{next_midnight_local - kChinaOffset};
}

/// `period` from `start`; day-based periods count from `start_day` when given (the start day
/// itself not counted), else from the legal date of `start`.
Expected<ScheduleDeadline> from_period(const State& state, const Deadline& deadline, rules::Period period,
                                       rules::Instant start, const FireContext& context,
                                       std::optional<rules::Date> start_day = std::nullopt) {
    ScheduleDeadline out{state.name, deadline.fires, {}, std::nullopt, deadline.basis, {}, 0};
    if (period.unit == rules::PeriodUnit::hours) {
        auto end = rules::add_hours(start, period);
        if (!end) return Unexpected<Error>{end.error()};
        out.due_at = end->end;
        out.explanation = std::make_shared<const rules::Explanation>(std::move(end->explanation));
        return out;
    }
    if (context.calendar == nullptr) return fail("calendar_range", "no calendar was given for a day-based deadline");
    const rules::Date from = start_day ? *start_day : rules::legal_date(start);
    if (context.memo != nullptr) {
        auto end = context.memo->add_period(*context.calendar, from, period);
        if (!end) return Unexpected<Error>{end.error()};
        out.last_day = (*end)->deadline.end;
        out.due_at = end_of_legal_day((*end)->deadline.end);
        out.explanation = (*end)->explanation;
        return out;
    }
    auto end = rules::add_period(*context.calendar, from, period);
    if (!end) return Unexpected<Error>{end.error()};
    out.last_day = end->end;
    out.due_at = end_of_legal_day(end->end);
    out.explanation = std::make_shared<const rules::Explanation>(std::move(end->explanation));
    return out;
}

}  // namespace

Expected<ScheduleDeadline> schedule_deadline(const State& state, const Deadline& deadline,
                                             const rules::Context& scope, const FireContext& context) {
    if (deadline.within && deadline.from) {
        auto day = deadline.from->compiled.evaluate(scope);
        if (!day) return Unexpected<Error>{day.error()};
        if (!day->is_null()) return from_period(state, deadline, *deadline.within, context.now, context, day->as_date());
    }
    if (deadline.within) return from_period(state, deadline, *deadline.within, context.now, context);
    auto value = deadline.until->compiled.evaluate(scope);
    if (!value) return Unexpected<Error>{value.error()};
    ScheduleDeadline out{state.name, deadline.fires, {}, std::nullopt, deadline.basis, {}, 0};
    if (value->is_null()) return fail("null_value", "the deadline of state '" + state.name + "' needs " +
                                                        deadline.until->source + ", which has no value");
    if (value->kind() == rules::ValueKind::timestamp) {
        out.due_at = value->as_timestamp();
        out.explanation = std::make_shared<const rules::Explanation>(
            rules::Explanation{"截止" + rules::format_instant(out.due_at), "due " + rules::format_instant(out.due_at)});
        return out;
    }
    const rules::Date day = value->as_date();
    out.last_day = day;
    out.due_at = end_of_legal_day(day);
    out.explanation = std::make_shared<const rules::Explanation>(rules::Explanation{
        "截止" + rules::format_date(day) + "（" + deadline.until->source + "）当日24时",
                       "due at the end of " + rules::format_date(day) + " (" + deadline.until->source + ")"});
    return out;
}

Expected<ScheduleDeadline> extend_deadline(const State& state, const Deadline& deadline,
                                           const ActiveDeadline& current, const FireContext& context) {
    const rules::Period by = deadline.extend->by;
    Expected<ScheduleDeadline> moved = [&]() -> Expected<ScheduleDeadline> {
        if (by.unit == rules::PeriodUnit::hours || !current.last_day)
            return from_period(state, deadline, by, current.due_at, context);
        if (context.calendar == nullptr) return fail("calendar_range", "no calendar was given for a day-based deadline");
        auto end = rules::add_period(*context.calendar, *current.last_day, by);
        if (!end) return Unexpected<Error>{end.error()};
        return ScheduleDeadline{state.name, deadline.fires, end_of_legal_day(end->end), end->end,
                                deadline.basis, std::make_shared<const rules::Explanation>(std::move(end->explanation)), 0};
    }();
    if (!moved) return moved;
    moved->extensions_used = current.extensions_used + 1;
    return moved;
}

}  // namespace wg::workflow
