// Wage-deposit sizing, scenario S21 (a)–(e), on a test-local YAML where the shipped Guangdong
// defaults differ (cap, small-project switch), plus the shipped defaults themselves.
#include <doctest/doctest.h>

#include <string>

#include "rules/law_parameters.hpp"
#include "tests/support/shipped_law.hpp"

using namespace wg::rules;

namespace {

const Date kDay = *parse_date("2025-03-10");

Money yuan(const char* text) { return *parse_money(text); }

// 1.5% as in the shipped config, with the local switches on and the rates named in S21.
constexpr const char* kDepositYaml = R"(
deposit_rules:
  - id: test.deposit
    region: "44"
    rate: 1.5%
    concurrent_rate: 0.3%
    concurrent_floor: 0.5%
    small_project_exemption: true
    small_project_below: "3000000.00"
    clean_two_years_rate: 0.75%
    clean_three_years_exemption: true
    recent_arrears_rate: 2.25%
    valid_from: 2021-11-01
    source: {law: test configuration, confidence: GK}
)";

// The same with a ¥500,000 cap for 广州 only.
constexpr const char* kGuangzhouCapYaml = R"(
  - id: test.deposit.guangzhou
    region: "4401"
    rate: 1.5%
    cap: "500000.00"
    concurrent_floor: 0.5%
    small_project_exemption: true
    small_project_below: "3000000.00"
    clean_three_years_exemption: true
    valid_from: 2021-11-01
    source: {law: test configuration, confidence: GK}
)";

const LawParameters& test_law() {
    static const LawParameters law = wg::test::law_from(std::string(kDepositYaml) + kGuangzhouCapYaml);
    return law;
}

Money deposit(Money contract, const ContractorRecord& record, const char* region = "4418") {
    auto ruling = deposit_amount(test_law(), contract, record, region, kDay);
    REQUIRE_MESSAGE(ruling, ruling.error().message);
    return ruling->value;
}

const ContractorRecord kNewContractor{};  // no arrears, no clean years yet, no other projects

}  // namespace

TEST_SUITE("law deposit") {

TEST_CASE("S21a: a 2,800,000 yuan contract of a contractor without arrears last year is exempt") {
    auto ruling = deposit_amount(test_law(), yuan("2800000.00"), kNewContractor, "4418", kDay);
    REQUIRE(ruling);
    CHECK(ruling->value == Money{});
    CHECK(ruling->explanation.starts_with("exempt"));
    const ContractorRecord arrears{.arrears_in_prior_year = true, .arrears_in_prior_two_years = true};
    CHECK(deposit(yuan("2800000.00"), arrears) == yuan("63000.00"));  // 2.25% after arrears
}

TEST_CASE("S21b: a 50,000,000 yuan contract needs 750,000 yuan at 1.5%, or 500,000 yuan under a cap") {
    CHECK(deposit(yuan("50000000.00"), kNewContractor) == yuan("750000.00"));
    auto capped = deposit_amount(test_law(), yuan("50000000.00"), kNewContractor, "440111", kDay);
    REQUIRE(capped);
    CHECK(capped->value == yuan("500000.00"));
    CHECK(capped->rule_id == "test.deposit.guangzhou");
    CHECK(capped->explanation.find("capped at ¥500,000.00") != std::string::npos);
}

TEST_CASE("S21c: a second concurrent project in the area gets a reduced rate but never below 0.5%") {
    const ContractorRecord second{.concurrent_projects_in_area = 1};
    CHECK(deposit(yuan("50000000.00"), second) == yuan("250000.00"));  // 0.3% floored at 0.5%
}

TEST_CASE("S21d: a contractor with arrears in the last 2 years pays the raised rate") {
    const ContractorRecord arrears{.arrears_in_prior_two_years = true, .clean_years = 1,
                                   .concurrent_projects_in_area = 1};
    CHECK(deposit(yuan("50000000.00"), arrears) == yuan("1125000.00"));  // 2.25%, no concurrency cut
}

TEST_CASE("S21e: 3 clean years with systems in place exempt a new project, without systems only 2-year relief") {
    const ContractorRecord clean{.clean_years = 3, .systems_in_place = true};
    CHECK(deposit(yuan("50000000.00"), clean) == Money{});
    const ContractorRecord no_systems{.clean_years = 3, .systems_in_place = false};
    CHECK(deposit(yuan("50000000.00"), no_systems) == yuan("375000.00"));  // 0.75%
}

TEST_CASE("a contractor record that contradicts itself is refused") {
    const ContractorRecord contradiction{.arrears_in_prior_year = true, .clean_years = 2};
    CHECK(deposit_amount(test_law(), yuan("1.00"), contradiction, "4418", kDay).error().code ==
          "inconsistent_record");
    CHECK(deposit_amount(test_law(), yuan("-1.00"), kNewContractor, "4418", kDay).error().code ==
          "negative_amount");
}

TEST_CASE("the shipped Guangdong default is 1.5% without a cap and without the small-project switch") {
    auto shipped = deposit_amount(wg::test::shipped_law(), yuan("50000000.00"), kNewContractor, "4401", kDay);
    REQUIRE(shipped);
    CHECK(shipped->value == yuan("750000.00"));
    CHECK(shipped->source.find("[GK]") != std::string::npos);
    CHECK(deposit_amount(wg::test::shipped_law(), yuan("2800000.00"), kNewContractor, "4401", kDay)->value ==
          yuan("42000.00"));
}

TEST_CASE("a deposit before the 2021 deposit rules is an error") {
    CHECK(deposit_amount(test_law(), yuan("1.00"), kNewContractor, "4418", *parse_date("2021-10-31"))
              .error().code == "no_rule");
}

}  // TEST_SUITE
