// Law parameters from the shipped config: criminal thresholds (S4), minimum wages and
// final-award caps, penalty ranges and 加付赔偿金; every answer names its rule.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "rules/law_parameters.hpp"
#include "tests/support/shipped_law.hpp"

using namespace wg::rules;
using wg::test::shipped_law;

namespace {

const Date kDay = *parse_date("2025-09-15");

Money yuan(const char* text) { return *parse_money(text); }

// `workers` workers each owed `amount` over `months` months.
std::vector<WorkerClaim> claims(int workers, const char* amount, int months) {
    return std::vector<WorkerClaim>(static_cast<std::size_t>(workers), WorkerClaim{yuan(amount), months});
}

bool eligible(const std::vector<WorkerClaim>& list, const char* region) {
    auto ruling = meets_criminal_threshold(shipped_law(), list, region, kDay);
    REQUIRE_MESSAGE(ruling, ruling.error().message);
    return ruling->value;
}

constexpr const char* kGuangdongCities[] = {"4401", "4402", "4403", "4404", "4405", "4406", "4407",
                                            "4408", "4409", "4412", "4413", "4414", "4415", "4416",
                                            "4417", "4418", "4419", "4420", "4451", "4452", "4453"};

}  // namespace

TEST_SUITE("law criminal threshold") {

TEST_CASE("S4a: in 清远 one worker owed 9,999.99 yuan over 3 months is not referred") {
    CHECK_FALSE(eligible(claims(1, "9999.99", 3), "4418"));
}

TEST_CASE("S4b: in 清远 one worker owed 10,002.00 yuan over 3 months is eligible") {
    CHECK(eligible(claims(1, "10002.00", 3), "4418"));
}

TEST_CASE("S4c: in 清远 one worker owed 12,000 yuan over only 2 months is not referred") {
    CHECK_FALSE(eligible(claims(1, "12000.00", 2), "4418"));
}

TEST_CASE("S4d: in 清远 ten workers owed 60,000 yuan in total are eligible under the group rule") {
    CHECK(eligible(claims(10, "6000.00", 1), "4418"));
    CHECK_FALSE(eligible(claims(9, "6600.00", 1), "4418"));         // ¥59,400 and only 9 workers
    CHECK_FALSE(eligible(claims(10, "5999.99", 1), "4418"));        // ¥59,999.90
}

TEST_CASE("in 广州 an individual claim of exactly 20,000.00 yuan over 3 months is eligible") {
    CHECK(eligible(claims(1, "20000.00", 3), "4401"));
    CHECK_FALSE(eligible(claims(1, "19999.99", 3), "4401"));
    CHECK(eligible(claims(1, "20000.00", 3), "440111"));  // 白云区 is looked up by its city
}

TEST_CASE("S1: thirty workers owed 630,000 yuan in 广州 reach the group threshold and the ruling says why") {
    auto ruling = meets_criminal_threshold(shipped_law(), claims(30, "21000.00", 3), "440111", kDay);
    REQUIRE(ruling);
    CHECK(ruling->value);
    CHECK(ruling->rule_id == "gd.criminal_threshold.class_1.2015");
    CHECK(ruling->source.find("粤高法发〔2015〕4号") != std::string::npos);
    CHECK(ruling->explanation.find("广州 (4401)") != std::string::npos);
}

TEST_CASE("workers with nothing owed do not count toward the ten workers of the group rule") {
    auto list = claims(9, "12000.00", 1);
    list.push_back(WorkerClaim{Money{}, 0});
    CHECK_FALSE(eligible(list, "4418"));
}

TEST_CASE("a criminal threshold before the Guangdong notice took effect is an error, not a guess") {
    auto ruling = meets_criminal_threshold(shipped_law(), claims(1, "20000.00", 3), "4401", *parse_date("2014-12-31"));
    REQUIRE_FALSE(ruling);
    CHECK(ruling.error().code == "no_rule");
    CHECK(ruling.error().message.find("2015-03-03") != std::string::npos);
}

TEST_CASE("a criminal threshold outside Guangdong or for a malformed region is refused") {
    CHECK(meets_criminal_threshold(shipped_law(), claims(1, "1.00", 3), "1101", kDay).error().code == "no_rule");
    CHECK(meets_criminal_threshold(shipped_law(), claims(1, "1.00", 3), "44", kDay).error().code == "region");
    CHECK(meets_criminal_threshold(shipped_law(), claims(1, "1.00", 3), "44o1", kDay).error().code == "region");
}

TEST_CASE("a negative claim is refused") {
    auto list = claims(1, "-1.00", 3);
    CHECK(meets_criminal_threshold(shipped_law(), list, "4401", kDay).error().code == "negative_amount");
}

TEST_CASE("every Guangdong city has exactly one criminal class and one minimum-wage class") {
    for (const char* city : kGuangdongCities) {
        CHECK_MESSAGE(meets_criminal_threshold(shipped_law(), {}, city, kDay).has_value(), city);
        CHECK_MESSAGE(minimum_wage(shipped_law(), city, kDay).has_value(), city);
    }
    std::set<std::string> listed;
    for (const auto& threshold : shipped_law().criminal_thresholds)
        for (const auto& city : threshold.cities) listed.insert(city.first);
    CHECK(listed.size() == 21);
}

}  // TEST_SUITE

TEST_SUITE("law minimum wage") {

TEST_CASE("final-award caps are twelve monthly minimum wages: 广州 27,600, 深圳 28,320, class 4 19,440") {
    CHECK(final_award_cap(shipped_law(), "4401", kDay)->value == yuan("27600.00"));
    CHECK(final_award_cap(shipped_law(), "4403", kDay)->value == yuan("28320.00"));
    CHECK(final_award_cap(shipped_law(), "4418", kDay)->value == yuan("19440.00"));  // 清远, class 4
}

TEST_CASE("a final-award cap names the cap rule and the minimum-wage rule it used") {
    auto cap = final_award_cap(shipped_law(), "440106", kDay);
    REQUIRE(cap);
    CHECK(cap->rule_id == "ldmal.art47.final_award_cap");
    CHECK(cap->source.find("劳动争议调解仲裁法") != std::string::npos);
    CHECK(cap->explanation.find("gd.min_wage.2021.guangzhou") != std::string::npos);
    CHECK(cap->explanation.find("¥27,600.00") != std::string::npos);
}

TEST_CASE("minimum wages by city follow the 2021 Guangdong classes") {
    CHECK(minimum_wage(shipped_law(), "4401", kDay)->value == yuan("2300.00"));
    CHECK(minimum_wage(shipped_law(), "4403", kDay)->value == yuan("2360.00"));
    CHECK(minimum_wage(shipped_law(), "4419", kDay)->value == yuan("1900.00"));  // 东莞
    CHECK(minimum_wage(shipped_law(), "4413", kDay)->value == yuan("1720.00"));  // 惠州
    CHECK(minimum_wage(shipped_law(), "4453", kDay)->value == yuan("1620.00"));  // 云浮
    CHECK(minimum_wage(shipped_law(), "4401", kDay)->rule_id == "gd.min_wage.2021.guangzhou");
}

TEST_CASE("a minimum wage before the 2021 adjustment is not in the config and is an error") {
    auto wage = minimum_wage(shipped_law(), "4401", *parse_date("2021-11-30"));
    REQUIRE_FALSE(wage);
    CHECK(wage.error().code == "no_rule");
    CHECK(final_award_cap(shipped_law(), "4401", *parse_date("2021-11-30")).error().code == "no_rule");
}

}  // TEST_SUITE

TEST_SUITE("law penalties") {

TEST_CASE("penalty ranges of the Regulation and the inspection regulation come with their article") {
    auto unit = penalty_range(shipped_law(), "reg724.art54.unit", kDay);
    REQUIRE(unit);
    CHECK(unit->value == MoneyRange{yuan("20000"), yuan("50000")});
    CHECK(unit->source.find("art. 54 [V]") != std::string::npos);
    CHECK(penalty_range(shipped_law(), "reg724.art54.person", kDay)->value == MoneyRange{yuan("10000"), yuan("30000")});
    CHECK(penalty_range(shipped_law(), "reg724.art57", kDay)->value == MoneyRange{yuan("50000"), yuan("100000")});
    CHECK(penalty_range(shipped_law(), "reg724.art58", kDay)->value == MoneyRange{yuan("20000"), yuan("50000")});
    CHECK(penalty_range(shipped_law(), "inspection.art30", kDay)->value == MoneyRange{yuan("2000"), yuan("20000")});
}

TEST_CASE("a penalty under the Regulation before it came into force is an error") {
    CHECK(penalty_range(shipped_law(), "reg724.art55", *parse_date("2020-04-30")).error().code == "no_rule");
    CHECK(penalty_range(shipped_law(), "no.such.key", kDay).error().code == "no_rule");
}

TEST_CASE("加付赔偿金 is 50% to 100% of the amount due, to the fen") {
    auto range = additional_compensation(shipped_law(), yuan("630000.00"), kDay);
    REQUIRE(range);
    CHECK(range->value == MoneyRange{yuan("315000.00"), yuan("630000.00")});
    CHECK(additional_compensation(shipped_law(), yuan("0.03"), kDay)->value == MoneyRange{yuan("0.02"), yuan("0.03")});
    CHECK(range->rule_id == "lcl.art85.additional_compensation");
}

}  // TEST_SUITE
