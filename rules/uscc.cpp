// GB 32100-2015 unified social credit codes: charset, shape, and the MOD 31 check character,
// with the inner GB 11714 organisation-code check reported as a warning only.
#include <array>
#include <string>
#include <string_view>

#include "rules/chars.hpp"
#include "rules/uscc.hpp"

namespace wg::rules {
namespace {

// Value of a character = its index; I, O, S, V and Z are not used.
constexpr std::string_view kCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
// W_i = 3^(i-1) mod 31 for i = 1..17.
constexpr std::array<int, 17> kWeights{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
// GB 11714 organisation code: 8 body characters weighted, check = 11 - (sum mod 11).
constexpr std::array<int, 8> kOrganisationWeights{3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::size_t kLength = 18;

std::string upper_case(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

// Positions 1–17 must be in the charset; the 18th only needs to be a letter or digit here,
// so that a wrong check character is reported with the expected one.
Expected<void> check_charset(std::string_view code) {
    for (std::size_t i = 0; i < code.size(); ++i) {
        const bool check_position = i == kLength - 1 && code.size() == kLength;
        if (kCharset.find(code[i]) != std::string_view::npos) continue;
        if (check_position && chars::is_ascii_alnum(code[i])) continue;
        return fail("charset", "character '" + std::string(chars::character_at(code, i)) +
                                   "' at position " + std::to_string(chars::position_of(code, i)) +
                                   " is not allowed (a USCC uses 0-9 and A-Y without I, O, S, V, Z)");
    }
    return {};
}

Expected<void> check_shape(std::string_view code) {
    if (code.size() != kLength)
        return fail("format", "a USCC has 18 characters, got " + std::to_string(code.size()));
    for (std::size_t i = 2; i < 8; ++i)
        if (!chars::is_digit(code[i]))
            return fail("format", "positions 3-8 of a USCC are the administrative division code "
                                  "and must be digits");
    return {};
}

int value_of(char c) { return static_cast<int>(kCharset.find(c)); }

// Letters count A=10 .. Z=35 in GB 11714, unlike the USCC charset.
int organisation_value(char c) { return chars::is_digit(c) ? c - '0' : c - 'A' + 10; }

bool organisation_code_passes(std::string_view code) {
    int sum = 0;
    for (std::size_t i = 0; i < kOrganisationWeights.size(); ++i)
        sum += organisation_value(code[i]) * kOrganisationWeights[i];
    const int check = 11 - sum % 11;
    const char expected = check == 10 ? 'X' : static_cast<char>('0' + check % 11);
    return code[8] == expected;
}

}  // namespace

char uscc_check_character(std::string_view first_17) {
    int sum = 0;
    for (std::size_t i = 0; i < kWeights.size(); ++i) sum += value_of(first_17[i]) * kWeights[i];
    return kCharset[static_cast<std::size_t>((31 - sum % 31) % 31)];
}

Expected<Uscc> validate_uscc(std::string_view text) {
    const std::string code = upper_case(chars::trim(text));
    if (code.empty()) return fail("format", "a USCC is required");
    if (auto charset = check_charset(code); !charset) return Unexpected<Error>{charset.error()};
    if (auto shape = check_shape(code); !shape) return Unexpected<Error>{shape.error()};
    const char expected = uscc_check_character(code);
    if (code[17] != expected)
        return fail("checksum", "check character should be '" + std::string(1, expected) + "', got '" +
                                    std::string(1, code[17]) + "'");
    Uscc uscc{code, {}};
    if (!organisation_code_passes(std::string_view(code).substr(8, 9)))
        uscc.warnings.push_back({"organisation_code_checksum",
                                 "positions 9-17 fail the GB 11714 organisation-code check; some "
                                 "issued codes do, so the code is accepted"});
    return uscc;
}

}  // namespace wg::rules
