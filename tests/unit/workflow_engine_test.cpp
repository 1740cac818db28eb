// fire() and open(): transitions, rejections in their order, payload, guards, set, actions,
// deadlines scheduled on the calendar, extensions and child-case signals.
#include <doctest/doctest.h>

#include "tests/support/workflow_fixture.hpp"

using namespace wg;
using namespace wg::workflow;
using wg::test::at;
using wg::test::definition_from;

namespace {

const char* kComplaint = R"(
workflow: complaint
version: "1"
roles: [worker, inspector, supervisor, system]
data:
  amount: {type: money}
  paid: {type: money}
  due_date: {type: date}
  reason: {type: string}
  accepted_on: {type: date}
  claims: {type: list, of: {type: record, fields: {amount: {type: money}, months_unpaid: {type: integer}}}}
initial: pending
states:
  pending:
    owner: inspector
    deadline: {within: 5 working days, fires: overdue, basis: D1}
    on_exit: [{notify: worker, message: accepted_or_refused}]
    on:
      accept: {to: investigating, roles: [inspector], set: {accepted_on: "today"}}
      refuse: {to: refused, roles: [inspector], requires: [reason]}
      overdue: {to: pending, actions: [{alert: supervisor, message: late}]}
  investigating:
    owner: inspector
    deadline:
      within: 60 working days
      fires: overdue
      basis: D2
      extend: {by: 30 working days, event: extend, roles: [supervisor]}
    on:
      order: {to: ordered, roles: [inspector], requires: [due_date, amount], guard: "data.amount > ¥0.00"}
      overdue: {to: investigating, roles: [system]}
  ordered:
    owner: inspector
    deadline: {until: "data.due_date", fires: order_overdue, basis: D4}
    on:
      record_payment: {to: paid, roles: [inspector], requires: [paid], guard: "data.paid >= data.amount"}
      order_overdue:
        to: overdue_order
        roles: [system]
        actions:
          - open: referral
            when: "meets_criminal_threshold(data.claims, case.region, today).value"
            data: {amount: "data.amount"}
  overdue_order:
    owner: supervisor
    on:
      record_payment: {to: paid, roles: [inspector], requires: [paid], guard: "data.paid >= data.amount"}
  paid: {final: true, signal_parent: paid_in_full}
  refused: {final: true}
)";

const Definition& complaint() {
    static const Definition definition = definition_from(kComplaint);
    return definition;
}

rules::Value money(const char* text) { return rules::Value(*rules::parse_money(text)); }
rules::Value date(const char* text) { return rules::Value(*rules::parse_date(text)); }

template <typename T>
const T* find_effect(const Step& step) {
    for (const auto& effect : step.effects)
        if (const auto* found = std::get_if<T>(&effect)) return found;
    return nullptr;
}

CaseSnapshot in_state(const char* state, rules::Record data = {}) {
    CaseSnapshot snapshot;
    snapshot.id = "c1";
    snapshot.state = state;
    snapshot.version = 3;
    snapshot.data = std::move(data);
    snapshot.region = "441802";  // 清远 清城区
    return snapshot;
}

}  // namespace

TEST_SUITE("workflow engine") {

TEST_CASE("opening a case enters the initial state and schedules its deadline on the calendar") {
    auto step = open(complaint(), in_state(""), at("2025-09-15 10:00"));
    REQUIRE(step);
    CHECK(step->to == "pending");
    const auto* deadline = find_effect<ScheduleDeadline>(*step);
    REQUIRE(deadline != nullptr);
    CHECK(deadline->fires == "overdue");
    CHECK(deadline->basis == "D1");
    REQUIRE(deadline->last_day);
    CHECK(rules::format_date(*deadline->last_day) == "2025-09-22");  // S1: 5 working days
    CHECK(rules::format_instant(deadline->due_at) == "2025-09-22T16:00:00.000Z");  // 24:00 China time
    CHECK(deadline->explanation->en.find("2025-09-20..2025-09-21 weekend") != std::string::npos);
}

TEST_CASE("a transition moves the case, applies set, cancels the old deadline and starts the new one") {
    auto step = fire(complaint(), in_state("pending"), {"accept", "inspector", {}}, at("2025-09-19 09:00"));
    REQUIRE(step);
    CHECK(step->from == "pending");
    CHECK(step->to == "investigating");
    REQUIRE(step->data.find("accepted_on") != nullptr);
    CHECK(*step->data.find("accepted_on") == date("2025-09-19"));
    REQUIRE(step->changes.size() == 1);
    CHECK(step->changes[0].field == "accepted_on");
    const auto* cancel = find_effect<CancelDeadline>(*step);
    REQUIRE(cancel != nullptr);
    CHECK(cancel->state == "pending");
    const auto* notify = find_effect<Notify>(*step);
    REQUIRE(notify != nullptr);
    CHECK(notify->role == "worker");
    const auto* deadline = find_effect<ScheduleDeadline>(*step);
    REQUIRE(deadline != nullptr);
    CHECK(rules::format_date(*deadline->last_day) == "2025-12-18");  // S1: 60 working days over National Day
}

TEST_CASE("rejections come in order: closed, not allowed, role, required, guard") {
    CHECK(fire(complaint(), in_state("paid"), {"accept", "inspector", {}}, at("2025-09-19 09:00")).error().code ==
          "case_closed");
    CHECK(fire(complaint(), in_state("pending"), {"order", "inspector", {}}, at("2025-09-19 09:00")).error().code ==
          "not_allowed_in_state");
    CHECK(fire(complaint(), in_state("pending"), {"accept", "worker", {}}, at("2025-09-19 09:00")).error().code ==
          "role_not_allowed");
    auto missing = fire(complaint(), in_state("pending"), {"refuse", "inspector", {}}, at("2025-09-19 09:00"));
    CHECK(missing.error().code == "required");
    CHECK(missing.error().field == "data.reason");
    rules::Record order{{"amount", money("0.00")}, {"due_date", date("2025-10-27")}};
    auto guard = fire(complaint(), in_state("investigating"), {"order", "inspector", order}, at("2025-10-17 09:00"));
    REQUIRE_FALSE(guard);
    CHECK(guard.error().code == "guard_false");
    CHECK(guard.error().message.find("data.amount = ¥0.00") != std::string::npos);
}

TEST_CASE("a payload field the workflow does not record, or of the wrong type, is refused") {
    auto unknown = fire(complaint(), in_state("pending"), {"refuse", "inspector", {{"reason", rules::Value("late")}, {"reasn", rules::Value("x")}}},
                        at("2025-09-19 09:00"));
    CHECK(unknown.error().code == "unknown_field");
    CHECK(unknown.error().message.find("did you mean 'reason'") != std::string::npos);
    auto wrong = fire(complaint(), in_state("pending"), {"refuse", "inspector", {{"reason", rules::Value(std::int64_t{3})}}},
                      at("2025-09-19 09:00"));
    CHECK(wrong.error().code == "type");
}

TEST_CASE("a deadline until a date ends when that day ends in China time") {
    rules::Record order{{"amount", money("630000.00")}, {"due_date", date("2025-10-27")}};
    auto step = fire(complaint(), in_state("investigating"), {"order", "inspector", order}, at("2025-10-17 09:00"));
    REQUIRE(step);
    const auto* deadline = find_effect<ScheduleDeadline>(*step);
    REQUIRE(deadline != nullptr);
    CHECK(deadline->fires == "order_overdue");
    CHECK(rules::format_instant(deadline->due_at) == "2025-10-27T16:00:00.000Z");
}

TEST_CASE("a period may count from a date the case holds (the day of receipt), else from entry") {
    static const Definition received = definition_from(R"(
workflow: received
version: "1"
roles: [inspector, system]
data: {received_on: {type: date}}
initial: pending
states:
  pending:
    owner: inspector
    deadline: {within: 5 working days, from: "data.received_on", fires: overdue, basis: D1}
    on:
      overdue: {to: pending, roles: [system]}
      accept: {to: done, roles: [inspector]}
  done: {final: true}
)");
    // A collective case formed on Friday 2025-09-19 from complaints the first of which came in
    // on Monday the 15th keeps that first clock: 5 working days from the 15th (S1's date).
    auto step = open(received, in_state("", {{"received_on", date("2025-09-15")}}), at("2025-09-19 10:00"));
    REQUIRE(step);
    const auto* deadline = find_effect<ScheduleDeadline>(*step);
    REQUIRE(deadline != nullptr);
    CHECK(rules::format_date(*deadline->last_day) == "2025-09-22");
    // Without the date, the period counts from entering the state.
    auto later = open(received, in_state(""), at("2025-09-19 10:00"));
    REQUIRE(later);
    CHECK(rules::format_date(*find_effect<ScheduleDeadline>(*later)->last_day) == "2025-09-26");
}

TEST_CASE("the system fires a deadline event, a self-transition keeps the clock and raises the alert") {
    auto step = fire(complaint(), in_state("pending"), {"overdue", "system", {}}, at("2025-09-23 00:00"));
    REQUIRE(step);
    CHECK(step->to == "pending");
    CHECK(find_effect<ScheduleDeadline>(*step) == nullptr);
    CHECK(find_effect<CancelDeadline>(*step) == nullptr);
    const auto* alert = find_effect<Notify>(*step);
    REQUIRE(alert != nullptr);
    CHECK(alert->alert);
    CHECK(alert->role == "supervisor");
}

TEST_CASE("an extension moves the due day by its period from the current due day, once") {
    auto current = in_state("investigating");
    current.deadline = ActiveDeadline{"overdue", {}, *rules::parse_date("2025-12-18"), 0};
    auto step = fire(complaint(), current, {"extend", "supervisor", {}}, at("2025-12-10 09:00"));
    REQUIRE(step);
    const auto* moved = find_effect<ScheduleDeadline>(*step);
    REQUIRE(moved != nullptr);
    CHECK(moved->extensions_used == 1);
    CHECK(rules::format_date(*moved->last_day) == "2026-01-30");  // counts 4 Jan, a make-up working day
    CHECK(fire(complaint(), current, {"extend", "inspector", {}}, at("2025-12-10 09:00")).error().code ==
          "role_not_allowed");
    current.deadline->extensions_used = 1;
    CHECK(fire(complaint(), current, {"extend", "supervisor", {}}, at("2025-12-10 09:00")).error().code ==
          "extension_exhausted");
}

TEST_CASE("a child case is opened only when its condition holds (清远, 以上 inclusive)") {
    rules::List claims;
    claims.push_back(rules::Value(rules::Record{{"amount", money("10002.00")}, {"months_unpaid", rules::Value(std::int64_t{3})}}));
    rules::Record data{{"amount", money("10002.00")}, {"due_date", date("2025-10-27")}, {"claims", rules::Value(claims)}};
    auto eligible = fire(complaint(), in_state("ordered", data), {"order_overdue", "system", {}}, at("2025-10-28 00:00"));
    REQUIRE(eligible);
    const auto* child = find_effect<OpenChild>(*eligible);
    REQUIRE(child != nullptr);
    CHECK(child->workflow == "referral");
    CHECK(*child->data.find("amount") == money("10002.00"));

    rules::List small;
    small.push_back(rules::Value(rules::Record{{"amount", money("9999.99")}, {"months_unpaid", rules::Value(std::int64_t{3})}}));
    data.set("claims", rules::Value(small));
    auto below = fire(complaint(), in_state("ordered", data), {"order_overdue", "system", {}}, at("2025-10-28 00:00"));
    REQUIRE(below);
    CHECK(find_effect<OpenChild>(*below) == nullptr);
}

TEST_CASE("entering a final state signals the parent case, when there is one") {
    rules::Record data{{"amount", money("100.00")}};
    auto child = in_state("ordered", data);
    child.has_parent = true;
    auto step = fire(complaint(), child, {"record_payment", "inspector", {{"paid", money("100.00")}}}, at("2025-10-20 09:00"));
    REQUIRE(step);
    const auto* signal = find_effect<SignalParent>(*step);
    REQUIRE(signal != nullptr);
    CHECK(signal->event == "paid_in_full");
    child.has_parent = false;
    auto alone = fire(complaint(), child, {"record_payment", "inspector", {{"paid", money("100.00")}}}, at("2025-10-20 09:00"));
    CHECK(find_effect<SignalParent>(*alone) == nullptr);
}

TEST_CASE("allowed events follow the role, extensions included") {
    CHECK(allowed_events(complaint(), "investigating", "supervisor") == std::vector<std::string>{"extend"});
    CHECK(allowed_events(complaint(), "investigating", "inspector") == std::vector<std::string>{"order"});
    CHECK(allowed_events(complaint(), "paid", "inspector").empty());
}

}
