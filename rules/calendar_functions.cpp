// Adapts the calendar and period arithmetic (calendar.hpp, period.hpp) to host functions:
// each answer carries the explanation period_arithmetic wrote, for a guard's audit trail.
#include "rules/calendar_functions.hpp"

#include <string>
#include <utility>
#include <vector>

namespace wg::rules {
namespace {

using Arguments = std::span<const Value>;
using SharedCalendar = std::shared_ptr<const Calendar>;

Value explained(Record fields, const Explanation& explanation) {
    fields.set("explanation_zh", Value(explanation.zh));
    fields.set("explanation_en", Value(explanation.en));
    return Value(std::move(fields));
}

// "今日2025-09-20未超过期限（最后一日2025-10-10）。" followed by how the last day was found.
Explanation limitation_explanation(const LimitationCheck& check, Date today) {
    const std::string end = format_date(check.deadline.end);
    const std::string day = format_date(today);
    return {day + (check.within ? "未超过期限" : "已超过期限") + "（最后一日" + end + "）。" +
                check.deadline.explanation.zh,
            day + (check.within ? " is within the period" : " is past the period") +
                ", whose last day is " + end + ". " + check.deadline.explanation.en};
}

const char* kind_text(DayKind kind) {
    switch (kind) {
        case DayKind::weekend: return "weekend";
        case DayKind::public_holiday: return "public_holiday";
        case DayKind::make_up_working_day: return "make_up_working_day";
        case DayKind::working_day: break;
    }
    return "working_day";
}

// "2025-10-01系法定节假日（国庆节、中秋节），非工作日。" and its English form.
Explanation day_explanation(const DayInfo& info) {
    const std::string day = format_date(info.date);
    switch (info.kind) {
        case DayKind::weekend:
            return {day + "系周末休息日，非工作日。",
                    day + " is a weekend rest day, not a working day."};
        case DayKind::public_holiday:
            return {day + "系法定节假日（" + info.name.zh + "），非工作日。",
                    day + " is a public holiday (" + info.name.zh + " " + info.name.en +
                        "), not a working day."};
        case DayKind::make_up_working_day:
            return {day + "系调休上班日（" + info.name.zh + "），是工作日。",
                    day + " is a make-up working day (" + info.name.zh + " " + info.name.en +
                        "): a working day."};
        case DayKind::working_day: break;
    }
    return {day + "是工作日。", day + " is a working day."};
}

HostFunction add_period_function(SharedCalendar calendar, PeriodPolicy policy) {
    return {"add_period",
            {Type::date(), Type::period()},
            deadline_type(),
            [calendar, policy](Arguments a) -> Expected<Value> {
                auto deadline = add_period(*calendar, a[0].as_date(), a[1].as_period(), policy);
                if (!deadline) return Unexpected<Error>{deadline.error()};
                return explained(Record{{"value", Value(deadline->end)}}, deadline->explanation);
            },
            "the last day of a statutory period on the official calendar (DOMAIN.md §5.6)"};
}

HostFunction within_limitation_function(SharedCalendar calendar, PeriodPolicy policy) {
    return {"within_limitation",
            {Type::date(), Type::date(), Type::period()},
            limitation_type(),
            [calendar, policy](Arguments a) -> Expected<Value> {
                auto check = within_limitation(*calendar, a[0].as_date(), a[1].as_date(),
                                               a[2].as_period(), policy);
                if (!check) return Unexpected<Error>{check.error()};
                Record fields{{"value", Value(check->within)},
                              {"deadline", Value(check->deadline.end)}};
                return explained(std::move(fields), limitation_explanation(*check, a[1].as_date()));
            },
            "whether today still lies within a look-back limit that began on start"};
}

HostFunction is_working_day_function(SharedCalendar calendar) {
    return {"is_working_day",
            {Type::date()},
            working_day_type(),
            [calendar](Arguments a) -> Expected<Value> {
                auto info = calendar->day(a[0].as_date());
                if (!info) return Unexpected<Error>{info.error()};
                Record fields{{"value", Value(is_working(info->kind))},
                              {"kind", Value(kind_text(info->kind))}};
                return explained(std::move(fields), day_explanation(*info));
            },
            "whether a day is a working day on the official calendar"};
}

Type explained_type(TypeFields fields) {
    fields.emplace_back("explanation_zh", Type::string());
    fields.emplace_back("explanation_en", Type::string());
    return Type::record(std::move(fields));
}

}  // namespace

Type deadline_type() { return explained_type({{"value", Type::date()}}); }

Type limitation_type() {
    return explained_type({{"value", Type::boolean()}, {"deadline", Type::date()}});
}

Type working_day_type() {
    return explained_type({{"value", Type::boolean()}, {"kind", Type::string()}});
}

Expected<void> register_calendar_functions(FunctionRegistry& functions,
                                           std::shared_ptr<const Calendar> calendar,
                                           PeriodPolicy policy) {
    if (!calendar) return fail("function", "calendar functions need a calendar");
    return functions.add_all({add_period_function(calendar, policy), within_limitation_function(calendar, policy),
                              is_working_day_function(calendar)});
}

}  // namespace wg::rules
