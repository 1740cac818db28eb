// The intake's rules on plain values: what a duplicate is, which complaints form a collective
// case (劳动争议调解仲裁法 Art. 7: ten workers), and what the collective case records.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "adapters/app/complaint_matching.hpp"

using namespace wg;
using namespace wg::app;

namespace {

rules::Date day(const char* text) {
    return *rules::parse_date(text);
}

FiledComplaint filed(const std::string& id, const std::string& worker,
                     const char* from = "2025-06-01", const char* to = "2025-08-31") {
    FiledComplaint one;
    one.case_id = id;
    one.state = "pending_acceptance";
    one.region = "440111";
    one.worker_hash = worker;
    one.employer = {"甲公司", ""};
    one.period_from = day(from);
    one.period_to = day(to);
    one.amount = *rules::parse_money("1000.00");
    one.received_on = day("2025-09-15");
    one.open = true;
    one.mergeable = true;
    return one;
}

NewComplaint complaint(const std::string& worker, const char* from = "2025-06-01",
                       const char* to = "2025-08-31") {
    return {worker, {"甲公司", ""}, "440111", day(from), day(to)};
}

}  // namespace

TEST_CASE(
    "complaint matching: the employer is compared by USCC when both have one, else by exact name") {
    CHECK(same_employer({"甲公司", "U1"}, {"甲有限公司", "U1"}));
    CHECK_FALSE(same_employer({"甲公司", "U1"}, {"甲公司", "U2"}));
    CHECK(same_employer({"甲公司", "U1"}, {"甲公司", ""}));
    CHECK_FALSE(same_employer({"甲公司", ""}, {"甲有限公司", "U1"}));
}

TEST_CASE(
    "complaint matching: a duplicate is the same worker and employer, overlapping, still being "
    "handled") {
    std::vector<FiledComplaint> cases{filed("a", "w1")};
    CHECK(find_duplicate(cases, complaint("w1", "2025-08-31", "2025-09-10")) ==
          &cases[0]);  // one shared day
    CHECK(find_duplicate(cases, complaint("w1", "2025-09-01", "2025-09-10")) == nullptr);
    CHECK(find_duplicate(cases, complaint("w2")) == nullptr);
    cases[0].open = false;  // closed
    CHECK(find_duplicate(cases, complaint("w1")) == nullptr);
    cases[0].in_open_collective = true;  // merged into a collective case that is still open
    CHECK(find_duplicate(cases, complaint("w1")) == &cases[0]);
    cases[0].period_from.reset();  // an unknown period overlaps every period
    cases[0].period_to.reset();
    CHECK(find_duplicate(cases, complaint("w1", "2020-01-01", "2020-02-01")) == &cases[0]);
}

TEST_CASE(
    "complaint matching: members are open, mergeable, single-worker complaints in the district") {
    std::vector<FiledComplaint> cases;
    for (int i = 0; i < 12; ++i)
        cases.push_back(filed("c" + std::to_string(i), "w" + std::to_string(i)));
    cases[0].region = "440106";
    cases[1].state = "investigating";
    cases[1].mergeable = false;
    cases[2].claimants = 30;  // a group complaint has its own representatives
    cases[3].collective = true;
    cases[4].worker_hash = "w5";  // the same worker twice counts once
    const auto members = collective_members(cases, complaint("w99"));
    CHECK(members.size() == 8);
    CHECK(count_workers(members) == 7);
}

TEST_CASE(
    "complaint matching: the collective case carries the count, the sum and the earliest receipt") {
    std::vector<FiledComplaint> cases;
    for (int i = 0; i < 10; ++i)
        cases.push_back(filed("c" + std::to_string(i), "w" + std::to_string(i)));
    cases[3].received_on = day("2025-09-12");
    cases[4].period_from = day("2025-03-01");
    cases[5].employer.uscc = "91350100M000100Y43";
    const auto members = collective_members(cases, complaint("w0"));
    const auto data = collective_data(members, complaint("w0"));
    CHECK(data["collective"] == true);
    CHECK(data["claimants"] == 10);
    CHECK(data["amount"] == "10000.00");
    CHECK(data["received_on"] == "2025-09-12");
    CHECK(data["period_from"] == "2025-03-01");
    CHECK(data["period_to"] == "2025-08-31");
    CHECK(data["employer"] == "甲公司");
    CHECK(data["employer_uscc"] == "91350100M000100Y43");
}

TEST_CASE("complaint matching: the open collective case of the employer in the district is found") {
    std::vector<FiledComplaint> cases{filed("a", ""), filed("b", "")};
    cases[0].collective = true;
    cases[0].region = "440106";
    CHECK(find_open_collective(cases, complaint("w1")) == nullptr);
    cases[1].collective = true;
    CHECK(find_open_collective(cases, complaint("w1")) == &cases[1]);
    cases[1].open = false;
    CHECK(find_open_collective(cases, complaint("w1")) == nullptr);
}
