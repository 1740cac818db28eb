// Unified social credit codes (GB 32100): the standard's example and scenario S9.
#include <doctest/doctest.h>

#include <string>

#include "rules/uscc.hpp"

using namespace wg::rules;

namespace {

std::string code_of(const char* text) {
    auto uscc = validate_uscc(text);
    REQUIRE_MESSAGE(!uscc, text << " was accepted");
    return uscc.error().code;
}

}  // namespace

TEST_SUITE("identity uscc") {

TEST_CASE("S9: the standard's example USCC is valid without warnings") {
    auto uscc = validate_uscc("91350100M000100Y43");
    REQUIRE(uscc);
    CHECK(uscc->normalised == "91350100M000100Y43");
    CHECK(uscc->warnings.empty());
}

TEST_CASE("S9: a wrong check character is refused with code checksum naming the expected 3") {
    auto uscc = validate_uscc("91350100M000100Y4Z");
    REQUIRE_FALSE(uscc);
    CHECK(uscc.error().code == "checksum");
    CHECK(uscc.error().message.find("'3'") != std::string::npos);
}

TEST_CASE("S9: a letter I is refused with code charset and the message names it") {
    auto uscc = validate_uscc("91350100M000100I43");
    REQUIRE_FALSE(uscc);
    CHECK(uscc.error().code == "charset");
    CHECK(uscc.error().message.find("'I'") != std::string::npos);
    CHECK(uscc.error().message.find("position 16") != std::string::npos);
}

TEST_CASE("S9: a lower-case USCC is upper-cased before checking") {
    auto uscc = validate_uscc(" 91350100m000100y43 ");
    REQUIRE(uscc);
    CHECK(uscc->normalised == "91350100M000100Y43");
}

TEST_CASE("a USCC of the wrong length or with letters in the division code is refused with code format") {
    for (const char* text : {"", "91350100M000100Y4", "91350100M000100Y431", "9135A100M000100Y43"})
        CHECK_MESSAGE(code_of(text) == "format", std::string(text));
}

TEST_CASE("a USCC with O, S, V, Z or punctuation in the body is refused with code charset") {
    for (const char* text : {"91350100O000100Y43", "91350100S000100Y43", "91350100V000100Y43",
                             "91350100Z000100Y43", "91350100-000100Y43", "91350100M000100Y4?"})
        CHECK_MESSAGE(code_of(text) == "charset", std::string(text));
}

TEST_CASE("a USCC whose inner organisation code fails its own check is accepted with a warning") {
    auto uscc = validate_uscc("91350100M000100Y56");
    REQUIRE(uscc);
    REQUIRE(uscc->warnings.size() == 1);
    CHECK(uscc->warnings[0].code == "organisation_code_checksum");
}

TEST_CASE("the USCC check character is 31 minus the weighted sum modulo 31") {
    CHECK(uscc_check_character("91350100M000100Y4") == '3');
}

}  // TEST_SUITE
