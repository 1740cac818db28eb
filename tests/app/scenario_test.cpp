// Scenario files as plain values: what the loader reads and refuses, and how expectations
// compare with what a step left behind. No server, no database.
#include <doctest/doctest.h>

#include "adapters/scenario/scenario_expectations.hpp"
#include "adapters/scenario/scenario_loader.hpp"

using namespace wg;
using namespace wg::scenario;

namespace {

Scenario loaded(const std::string& text) {
    auto scenario = load_scenario(text, "s.yaml");
    if (!scenario) FAIL(scenario.error().front().to_string());
    return *scenario;
}

std::vector<std::string> errors_of(const std::string& text) {
    auto scenario = load_scenario(text, "s.yaml");
    REQUIRE_FALSE(scenario.has_value());
    std::vector<std::string> out;
    for (const auto& error : scenario.error()) out.push_back(error.to_string());
    return out;
}

Observed case_with(const Json& view) {
    Observed observed;
    observed.case_view = view;
    return observed;
}

}  // namespace

TEST_CASE("scenario loader: times are China time, bodies keep amounts and dates as text") {
    const Scenario s = loaded(R"(
scenario: t
start: 2025-09-15
region: "440111"
steps:
  - complain: {amount: 21000.00, claimants: 30, region: "440111", period_to: 2025-08-31, collective: false}
    save_as: a
  - at: 2025-09-19T10:00
  - fire: accept
    as: {role: inspector, region: "440100"}
    data: {amount: "1.50"}
    expect:
      - {state: investigating, deadlines: {investigation_overdue: 2025-12-18}, alerts: []}
      - {case: b, final: true, children: [{workflow: criminal_referral, state: reported}]}
)");
    CHECK(rules::format_instant(s.start) == "2025-09-15T01:00:00.000Z");  // 09:00 in China
    REQUIRE(s.steps.size() == 3);
    const Json& body = s.steps[0].body;
    CHECK(body["amount"] == "21000.00");
    CHECK(body["claimants"] == 30);
    CHECK(body["region"] == "440111");
    CHECK(body["period_to"] == "2025-08-31");
    CHECK(body["collective"] == false);
    CHECK(s.steps[0].save_as == "a");
    CHECK(rules::format_instant(s.steps[1].at) == "2025-09-19T02:00:00.000Z");
    const Step& fire = s.steps[2];
    CHECK(fire.event == "accept");
    CHECK(fire.actor.role == "inspector");
    CHECK(fire.actor.region == "440100");
    CHECK(fire.data["amount"] == "1.50");
    REQUIRE(fire.expectations.size() == 2);
    CHECK(fire.expectations[0].deadlines->at("investigation_overdue") == *rules::parse_date("2025-12-18"));
    CHECK(fire.expectations[0].alerts->empty());
    CHECK(fire.expectations[1].case_name == "b");
    CHECK(fire.expectations[1].children->front().first == "criminal_referral");
}

TEST_CASE("scenario loader: every mistake is reported with its place, none ignored") {
    const auto errors = errors_of(R"(scenario: t
start: 2025-09-15
steps:
  - complian: {}
  - fire: accept
  - at: 2025-09-01
  - fire: accept
    as: inspector
    expect: {state: x, deadline: {}}
  - import: roster.csv
)");
    const std::vector<std::string> expected{
        "s.yaml:4:5: error: unknown key 'complian' in a step (did you mean 'complain'?)",
        "s.yaml:4:5: error: a step needs one of: complain, open, fire, at, webhook, child, linked",
        "s.yaml:5:5: error: this step needs 'as' (the role acting)",
        "s.yaml:6:9: error: the clock only moves forward: this is before the previous time",
        "s.yaml:9:24: error: unknown key 'deadline' in 'expect' (did you mean 'deadlines'?)",
        "s.yaml:10:5: error: unknown key 'import' in a step",
        "s.yaml:10:5: error: a step needs one of: complain, open, fire, at, webhook, child, linked",
    };
    CHECK(errors == expected);
}

TEST_CASE("scenario expectations: each difference is named with both values") {
    Expectation e;
    e.state = "investigating";
    e.deadlines = std::map<std::string, rules::Date>{{"investigation_overdue", *rules::parse_date("2025-12-18")}};
    e.data = {{"amount", "21000"}, {"complainant.name", "张三"}};
    const Json view = {{"state", "pending_acceptance"},
                       {"deadlines", Json::array({{{"fires", "acceptance_overdue"}, {"last_day", "2025-09-22"}}})},
                       {"data", {{"amount", "21000.00"}, {"complainant", {{"name", "李四"}}}}}};
    const std::vector<std::string> expected{
        "state: expected investigating, got pending_acceptance",
        "deadlines: expected {investigation_overdue: 2025-12-18}, got {acceptance_overdue: 2025-09-22}",
        "data.complainant.name: expected 张三, got 李四",  // 21000 and 21000.00 are the same amount
    };
    CHECK(compare(e, case_with(view)) == expected);
}

TEST_CASE("scenario expectations: errors match a field error by its path's end, alerts exactly") {
    Observed o;
    o.status = 422;
    o.problem = {{"type", "urn:wageguard:problem:validation"},
                 {"errors", Json::array({{{"field", "complainant.id_number"}, {"code", "checksum"}}})}};
    Expectation e;
    e.status = 422;
    e.error = "id_number.checksum";
    CHECK(compare(e, o).empty());
    e.error = "validation";
    CHECK(compare(e, o).empty());
    e.error = "number.checksum";  // not a whole path segment
    CHECK(compare(e, o) == std::vector<std::string>{"error: expected number.checksum, got [validation, complainant.id_number.checksum]"});

    Expectation alerts;
    alerts.alerts = std::vector<std::string>{"order_overdue"};
    Observed raised = case_with({{"state", "order_overdue"}});
    CHECK(compare(alerts, raised) == std::vector<std::string>{"alerts: expected [order_overdue], got []"});
    raised.messages = {{"1", "alert", "order_overdue"}, {"2", "notify", "order_issued"}};
    CHECK(compare(alerts, raised).empty());
}

TEST_CASE("scenario expectations: response fields by path, and the number of cases") {
    Expectation e;
    e.response = {{"linked", true}, {"warnings.0.code", "implausible_age"}, {"warnings.1.code", "x"}};
    e.cases = 1;
    Observed o;
    o.problem = {{"linked", true}, {"warnings", Json::array({{{"code", "implausible_age"}}})}};
    o.cases = 2;
    CHECK(compare(e, o) == std::vector<std::string>{"response.warnings.1.code: expected x, got null",
                                                    "cases: expected 1 in the database, got 2"});
}
