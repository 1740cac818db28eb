// The complaint form's checks as plain values: each bad field named with a stable code and a
// Chinese message (DOMAIN.md §12 S8, S9), the good ones normalised.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "adapters/app/complaint_validation.hpp"

using namespace wg;
using namespace wg::app;
using nlohmann::json;

namespace {

const rules::Date kToday = *rules::parse_date("2025-09-15");

json form() {
    return {{"project_district", "440111"},
            {"employer", " 广州甲建设有限公司 "},
            {"amount", "21000"},
            {"period_from", "2025-06-01"},
            {"period_to", "2025-08-31"},
            {"complainant",
             {{"name", "张三"}, {"id_number", "11010519491231002x"}, {"phone", "138 0013 8000"}}}};
}

std::set<std::string> codes(const Expected<ComplaintForm>& checked) {
    std::set<std::string> out;
    if (checked) return out;
    for (const auto& detail : checked.error().details) out.insert(detail.field + "." + detail.code);
    return out;
}

std::string message(const Expected<ComplaintForm>& checked, const std::string& field) {
    for (const auto& detail : checked.error().details)
        if (detail.field == field) return detail.message;
    return "";
}

}  // namespace

TEST_CASE("complaint form: a good complaint is normalised and becomes the case data") {
    auto checked = validate_complaint(form(), kToday);
    REQUIRE(checked.has_value());
    CHECK(checked->region == "440111");
    CHECK(checked->employer == "广州甲建设有限公司");
    CHECK(checked->amount == "21000.00");
    CHECK(checked->id_number == "11010519491231002X");
    const json data = complaint_data(*checked, kToday);
    CHECK(data["received_on"] == "2025-09-15");
    CHECK(data["period_to"] == "2025-08-31");
    CHECK(data["complainant"]["id_number"] == "11010519491231002X");
    CHECK_FALSE(data.contains("employer_uscc"));
    CHECK_FALSE(data.contains("dispute_pending_in"));
}

TEST_CASE(
    "complaint form: S8 ID numbers - checksum with the expected character, birth date, 1880 only "
    "warned") {
    json body = form();
    body["complainant"]["id_number"] = "11010519491231002Y";
    auto checksum = validate_complaint(body, kToday);
    CHECK(codes(checksum).contains("complainant.id_number.checksum"));
    CHECK(message(checksum, "complainant.id_number") == "身份证号码校验码错误：第18位应为“X”");
    body["complainant"]["id_number"] = "110105194902300021";
    CHECK(codes(validate_complaint(body, kToday)).contains("complainant.id_number.birth_date"));
    body["complainant"]["id_number"] = "440524188001010014";
    auto old = validate_complaint(body, kToday);
    REQUIRE(old.has_value());
    REQUIRE(old->warnings.size() == 1);
    CHECK(old->warnings[0].code == "implausible_age");
}

TEST_CASE("complaint form: S9 USCC - upper-cased first, checksum and charset named") {
    json body = form();
    body["employer_uscc"] = "91350100m000100y43";
    auto lower = validate_complaint(body, kToday);
    REQUIRE(lower.has_value());
    CHECK(lower->employer_uscc == "91350100M000100Y43");
    body["employer_uscc"] = "91350100M000100Y4Z";
    auto checksum = validate_complaint(body, kToday);
    CHECK(codes(checksum).contains("employer_uscc.checksum"));
    CHECK(message(checksum, "employer_uscc") == "统一社会信用代码校验码错误：第18位应为“3”");
    body["employer_uscc"] = "91350100M000100I43";
    auto charset = validate_complaint(body, kToday);
    CHECK(codes(charset).contains("employer_uscc.charset"));
    CHECK(message(charset, "employer_uscc").find("第16位的字符“I”") != std::string::npos);
}

TEST_CASE("complaint form: every bad field is reported at once") {
    json body = form();
    body["project_district"] = "440000";
    body["period_from"] = "2025-09-20";
    body["period_to"] = "2025-02-30";
    body["amount"] = "0.00";
    body["dispute_pending_in"] = "mediation";
    body["complainant"]["phone"] = "12345";
    const auto found = codes(validate_complaint(body, kToday));
    CHECK(found == std::set<std::string>{"project_district.format", "period_from.future",
                                         "period_to.format", "amount.range",
                                         "dispute_pending_in.enum", "complainant.phone.format"});
}

TEST_CASE("complaint form: the period is optional but whole, in order, and not in the future") {
    json body = form();
    body.erase("period_from");
    body.erase("period_to");
    auto none = validate_complaint(body, kToday);
    REQUIRE(none.has_value());
    CHECK_FALSE(complaint_data(*none, kToday).contains("period_from"));
    body["period_from"] = "2025-06-01";
    CHECK(codes(validate_complaint(body, kToday)) == std::set<std::string>{"period_to.required"});
    body["period_to"] = "2025-05-31";
    CHECK(codes(validate_complaint(body, kToday)) == std::set<std::string>{"period_to.order"});
    body["period_to"] = "2025-09-15";  // today is allowed
    CHECK(validate_complaint(body, kToday).has_value());
}

TEST_CASE("complaint form: the district may be given as region, and the two must agree") {
    json body = form();
    body.erase("project_district");
    body["region"] = "441900";  // 东莞: a city without districts
    auto dongguan = validate_complaint(body, kToday);
    REQUIRE(dongguan.has_value());
    CHECK(dongguan->region == "441900");
    body["project_district"] = "440111";
    CHECK(codes(validate_complaint(body, kToday)) ==
          std::set<std::string>{"project_district.conflict"});
    body.erase("project_district");
    body.erase("region");
    CHECK(codes(validate_complaint(body, kToday)) ==
          std::set<std::string>{"project_district.required"});
}
