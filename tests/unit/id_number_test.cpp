// Citizen ID numbers (GB 11643): the standard's examples, scenario S8, the legacy 15-digit
// policy, age warnings and masking.
#include <doctest/doctest.h>

#include <string>

#include "rules/id_number.hpp"

using namespace wg::rules;

namespace {

const Date kToday = *parse_date("2025-09-15");

std::string code_of(const char* number, LegacyIdPolicy legacy = LegacyIdPolicy::reject) {
    auto id = validate_id_number(number, kToday, legacy);
    REQUIRE_MESSAGE(!id, number << " was accepted");
    return id.error().code;
}

bool has_warning(const IdNumber& id, const std::string& code) {
    for (const auto& warning : id.warnings)
        if (warning.code == code) return true;
    return false;
}

}  // namespace

TEST_SUITE("identity id_number") {

TEST_CASE("the standard's example ID number is valid and names a woman born 1949-12-31") {
    auto id = validate_id_number("11010519491231002X", kToday);
    REQUIRE(id);
    CHECK(id->normalised == "11010519491231002X");
    CHECK(format_date(id->birth_date) == "1949-12-31");
    CHECK(id->sex == Sex::female);
    CHECK(id->warnings.empty());
}

TEST_CASE("S8: a wrong check character is refused with code checksum naming the expected X") {
    auto id = validate_id_number("11010519491231002Y", kToday);
    REQUIRE_FALSE(id);
    CHECK(id.error().code == "checksum");
    CHECK(id.error().message.find("'X'") != std::string::npos);
    CHECK(code_of("110105194912310021") == "checksum");
}

TEST_CASE("S8: a lower-case x is accepted and stored as upper-case X, spaces trimmed") {
    auto id = validate_id_number(" 11010519491231002x ", kToday);
    REQUIRE(id);
    CHECK(id->normalised == "11010519491231002X");
}

TEST_CASE("S8: a man born 1880 is accepted with an implausible_age warning only") {
    auto id = validate_id_number("440524188001010014", kToday);
    REQUIRE(id);
    CHECK(id->sex == Sex::male);
    CHECK(format_date(id->birth_date) == "1880-01-01");
    CHECK(has_warning(*id, "implausible_age"));
}

TEST_CASE("S8: a birth date of 30 February is refused with code birth_date") {
    CHECK(code_of("110105194902300021") == "birth_date");
}

TEST_CASE("a birth date after today is refused with code birth_date") {
    CHECK(code_of("110105202601010027") == "birth_date");
}

TEST_CASE("a holder younger than 16 is accepted with an implausible_age warning") {
    auto child = validate_id_number("440106201003011239", kToday);
    REQUIRE(child);
    CHECK(has_warning(*child, "implausible_age"));
    auto sixteen_today = validate_id_number("440106200909151233", kToday);
    REQUIRE(sixteen_today);
    CHECK(sixteen_today->warnings.empty());
}

TEST_CASE("an ID number of the wrong length is refused with code format") {
    for (const char* number : {"", "   ", "1101051949123100", "11010519491231002X1", "1234567890123456"})
        CHECK_MESSAGE(code_of(number) == "format", std::string(number));
}

TEST_CASE("letters inside an ID number or non-ASCII characters are refused with code charset") {
    CHECK(code_of("1101051949123A002X") == "charset");
    CHECK(code_of("11010519491231002-") == "charset");
    CHECK(code_of("１１０１０５19491231002X") == "charset");
    auto id = validate_id_number("110105 19491231002X", kToday);
    REQUIRE_FALSE(id);
    CHECK(id.error().message.find("position 7") != std::string::npos);
}

TEST_CASE("an ID number whose first two digits name no province is refused with code province") {
    CHECK(code_of("990105194912310023") == "province");
}

TEST_CASE("a 15-digit legacy number is refused by default with code legacy_15_digit") {
    CHECK(code_of("110105491231002") == "legacy_15_digit");
}

TEST_CASE("a 15-digit legacy number is converted when the policy says so, with a warning") {
    auto id = validate_id_number("110105491231002", kToday, LegacyIdPolicy::convert);
    REQUIRE(id);
    CHECK(id->normalised == "11010519491231002X");
    CHECK(has_warning(*id, "converted_from_15_digit"));
    CHECK(code_of("110105490230002", LegacyIdPolicy::convert) == "birth_date");
}

TEST_CASE("the check character follows ISO 7064 MOD 11-2") {
    CHECK(id_number_check_character("11010519491231002") == 'X');
    CHECK(id_number_check_character("44052418800101001") == '4');
}

TEST_CASE("masking an ID number hides the birth date and keeps the ends") {
    CHECK(mask_id_number("11010519491231002X") == "110105********002X");
    CHECK(mask_id_number("110105491231002") == "110105******002");
    CHECK(mask_id_number("not an id") == "*********");
    CHECK(mask_id_number("") == "");
}

}  // TEST_SUITE
