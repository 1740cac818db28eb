// Loading law parameters: the shipped config loads cleanly; mistakes are all reported, each
// located file:line:col, including overlapping validity for the same city or key.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "rules/law_parameters_loader.hpp"
#include "tests/support/shipped_law.hpp"

using namespace wg::rules;
using wg::Errors;

namespace {

Errors errors_of(const std::string& yaml) {
    const std::vector<NamedText> texts{{"wages.yaml", yaml}};
    auto loaded = load_law_parameters(texts);
    REQUIRE_MESSAGE(!loaded, "the YAML was accepted");
    return loaded.error();
}

bool has(const Errors& errors, const std::string& code, const std::string& where) {
    for (const auto& error : errors)
        if (error.code == code && error.location.to_string() == where) return true;
    return false;
}

std::string all(const Errors& errors) {
    std::string out;
    for (const auto& error : errors) out += error.code + " " + error.to_string() + "\n";
    return out;
}

// Minimum-wage entries for 广州 (4401) with the given validity lines.
std::string wage_entry(const std::string& id, const std::string& validity) {
    return "  - id: " + id + "\n"
           "    label: 广州\n"
           "    cities: {\"4401\": 广州}\n"
           "    monthly: \"2300.00\"\n" +
           validity +
           "    source: {law: test, confidence: S}\n";
}

}  // namespace

TEST_SUITE("law loader") {

TEST_CASE("the shipped law parameters load without errors") {
    auto loaded = load_law_parameters(wg::test::shipped_law_texts());
    REQUIRE_MESSAGE(loaded, (loaded ? std::string() : all(loaded.error())));
    CHECK(loaded->criminal_thresholds.size() == 2);
    CHECK(loaded->minimum_wages.size() == 5);
    CHECK(loaded->final_award_caps.size() == 1);
    CHECK(loaded->deposit_rules.size() == 1);
    CHECK(loaded->penalties.size() == 8);
    CHECK(loaded->compensation.size() == 1);
}

TEST_CASE("rules for the same city whose validity overlaps are an error at the later rule") {
    const auto errors = errors_of("minimum_wages:\n" +
                                  wage_entry("old", "    valid_from: 2018-07-01\n    valid_to: 2021-12-01\n") +
                                  wage_entry("new", "    valid_from: 2021-12-01\n"));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == "overlap");
    CHECK(errors[0].location.to_string() == "wages.yaml:9:5");
    CHECK(errors[0].message.find("'old'") != std::string::npos);
    CHECK(errors[0].message.find("for 4401") != std::string::npos);
}

TEST_CASE("rules for the same city that follow each other without a gap load") {
    const std::vector<NamedText> texts{{"wages.yaml", "minimum_wages:\n" +
        wage_entry("old", "    valid_from: 2018-07-01\n    valid_to: 2021-11-30\n") +
        wage_entry("new", "    valid_from: 2021-12-01\n")}};
    auto loaded = load_law_parameters(texts);
    REQUIRE(loaded);
    CHECK(minimum_wage(*loaded, "4401", *parse_date("2021-11-30"))->rule_id == "old");
    CHECK(minimum_wage(*loaded, "4401", *parse_date("2021-12-01"))->rule_id == "new");
}

TEST_CASE("an open-ended rule overlaps every later rule of the same key") {
    const auto errors = errors_of("minimum_wages:\n" +
                                  wage_entry("a", "    valid_from: 2018-07-01\n") +
                                  wage_entry("b", "    valid_from: 2020-01-01\n    valid_to: 2020-12-31\n") +
                                  wage_entry("c", "    valid_from: 2025-01-01\n"));
    CHECK(errors.size() == 2);
    CHECK(has(errors, "overlap", "wages.yaml:8:5"));
    CHECK(has(errors, "overlap", "wages.yaml:15:5"));
}

TEST_CASE("a misspelt or missing field is reported where it is, with a suggestion") {
    const auto errors = errors_of(
        "minimum_wages:\n"
        "  - id: x\n"
        "    label: 广州\n"
        "    cities: {\"4401\": 广州}\n"
        "    montly: \"2300.00\"\n"
        "    valid_from: 2021-12-01\n"
        "    source: {law: test, confidence: S}\n");
    CHECK(has(errors, "unknown_field", "wages.yaml:5:5"));
    CHECK(has(errors, "missing_field", "wages.yaml:2:5"));
    CHECK(all(errors).find("did you mean 'monthly'?") != std::string::npos);
}

TEST_CASE("bad values are reported at the value with the reason") {
    const auto errors = errors_of(
        "minimum_wages:\n"
        "  - id: x\n"
        "    label: 广州\n"
        "    cities: {\"44011\": 广州}\n"
        "    monthly: 2.3e3\n"
        "    valid_from: 2021-02-30\n"
        "    source: {law: test, confidence: maybe}\n");
    CHECK(has(errors, "invalid_value", "wages.yaml:4:14"));
    CHECK(has(errors, "invalid_value", "wages.yaml:5:14"));
    CHECK(has(errors, "invalid_value", "wages.yaml:6:17"));
    CHECK(has(errors, "invalid_value", "wages.yaml:7:37"));
    CHECK(errors.size() == 4);  // no follow-on errors from the values already refused
}

TEST_CASE("a validity that ends before it starts is refused at valid_to") {
    const auto errors = errors_of(
        "penalties:\n"
        "  - id: p\n"
        "    key: p\n"
        "    violation: test\n"
        "    min: \"20000.00\"\n"
        "    max: \"50000.00\"\n"
        "    valid_from: 2020-05-01\n"
        "    valid_to: 2020-04-30\n"
        "    source: {law: test, confidence: V}\n");
    REQUIRE(errors.size() == 1);
    CHECK(has(errors, "invalid_range", "wages.yaml:8:15"));
}

TEST_CASE("a penalty whose minimum exceeds its maximum is refused at its entry") {
    const auto errors = errors_of(
        "penalties:\n"
        "  - id: p\n"
        "    key: p\n"
        "    violation: test\n"
        "    min: \"50000.00\"\n"
        "    max: \"20000.00\"\n"
        "    valid_from: 2020-05-01\n"
        "    source: {law: test, confidence: V}\n");
    REQUIRE(errors.size() == 1);
    CHECK(has(errors, "invalid_range", "wages.yaml:2:5"));
}

TEST_CASE("an unknown table, malformed YAML and a duplicate id across files are reported") {
    CHECK(has(errors_of("minimum_wage: []\n"), "unknown_table", "wages.yaml:1:1"));
    CHECK(errors_of("minimum_wages: [\n").front().code == "yaml");
    const std::string entry = "compensation:\n" + std::string(
        "  - id: same\n    min_rate: 50%\n    max_rate: 100%\n    valid_from: 2008-01-01\n"
        "    source: {law: test, confidence: V}\n");
    const std::string penalty =
        "penalties:\n  - id: same\n    key: k\n    violation: v\n    min: 1\n    max: 2\n"
        "    valid_from: 2008-01-01\n    source: {law: test, confidence: V}\n";
    const std::vector<NamedText> texts{{"a.yaml", entry}, {"b.yaml", penalty}};
    auto loaded = load_law_parameters(texts);
    REQUIRE_FALSE(loaded);
    REQUIRE(loaded.error().size() == 1);
    CHECK(loaded.error()[0].code == "duplicate_id");
    CHECK(loaded.error()[0].to_string() == "b.yaml:2:5: error: rule id 'same' is already used at a.yaml:2:5");
}

TEST_CASE("an empty file declares nothing and loads") {
    const std::vector<NamedText> texts{{"empty.yaml", "# nothing yet\n"}};
    auto loaded = load_law_parameters(texts);
    REQUIRE(loaded);
    CHECK(loaded->minimum_wages.empty());
}

}  // TEST_SUITE
