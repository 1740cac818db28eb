// GB 11643-1999 citizen ID numbers: shape, province, birth date and the ISO 7064 MOD 11-2
// check character; legacy 15-digit numbers per a stated policy.
#include <array>
#include <string>
#include <string_view>

#include "rules/chars.hpp"
#include "rules/id_number.hpp"

namespace wg::rules {
namespace {

using namespace std::chrono;

// W_i = 2^(18-i) mod 11 for i = 1..17.
constexpr std::array<int, 17> kWeights{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::string_view kCheckCharacters = "10X98765432";

// First two digits: provinces (GB/T 2260), plus 71/81/82/83 for Taiwan, Hong Kong and Macau
// residents' residence permits.
constexpr std::array<int, 35> kProvinces{11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34,
                                         35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
                                         53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83};
constexpr int kOldestPlausibleAge = 100;
constexpr int kYoungestWorkingAge = 16;  // 劳动法 Art. 15

Unexpected<Error> bad_character(std::string_view number, std::size_t at, std::string_view expected) {
    return fail("charset", "character '" + std::string(chars::character_at(number, at)) + "' at position " +
                               std::to_string(chars::position_of(number, at)) + " is not allowed; " +
                               std::string(expected));
}

// Letters and digits only: anything else is named before the length is looked at.
Expected<void> check_alphanumeric(std::string_view number) {
    for (std::size_t i = 0; i < number.size(); ++i)
        if (!chars::is_ascii_alnum(number[i]))
            return bad_character(number, i, "an ID number has digits and X only");
    return {};
}

// Every character must be a digit, except that the 18th may be the check character.
Expected<void> check_digits(std::string_view number) {
    for (std::size_t i = 0; i < number.size(); ++i)
        if (!chars::is_digit(number[i]) && !(number.size() == 18 && i == 17))
            return bad_character(number, i, "only the last character may be the letter X");
    return {};
}

int digits_value(std::string_view digits) {
    int value = 0;
    for (const char c : digits) value = value * 10 + (c - '0');
    return value;
}

Expected<void> check_province(std::string_view number) {
    const int province = digits_value(number.substr(0, 2));
    for (const int known : kProvinces)
        if (known == province) return {};
    std::string message = "'";
    message.append(number.substr(0, 2)).append("' is not a province code");
    return fail("province", std::move(message));
}

Expected<Date> check_birth_date(std::string_view number, Date today) {
    const auto text = number.substr(6, 8);
    const Date birth{year{digits_value(text.substr(0, 4))},
                     month{static_cast<unsigned>(digits_value(text.substr(4, 2)))},
                     day{static_cast<unsigned>(digits_value(text.substr(6, 2)))}};
    if (!birth.ok()) return fail("birth_date", "birth date '" + std::string(text) + "' is not a real date");
    if (birth > today)
        return fail("birth_date", "birth date " + format_date(birth) + " is after today (" +
                                      format_date(today) + ")");
    return birth;
}

Expected<void> check_checksum(std::string_view number) {
    const char expected = id_number_check_character(number.substr(0, 17));
    if (number[17] == expected) return {};
    return fail("checksum", "check character should be '" + std::string(1, expected) + "', got '" +
                                std::string(1, number[17]) + "'");
}

// Completed years of age on `today`.
int age_on(Date birth, Date today) {
    int age = static_cast<int>(today.year()) - static_cast<int>(birth.year());
    if (month_day{today.month(), today.day()} < month_day{birth.month(), birth.day()}) --age;
    return age;
}

void warn_about_age(IdNumber& id, Date today) {
    const int age = age_on(id.birth_date, today);
    if (age > kOldestPlausibleAge)
        id.warnings.push_back({"implausible_age", "holder would be " + std::to_string(age) +
                                                      " years old (older than 100)"});
    if (age < kYoungestWorkingAge)
        id.warnings.push_back({"implausible_age", "holder would be " + std::to_string(age) +
                                                      " years old (younger than 16, the minimum working age)"});
}

// "110105491231002" -> "11010519491231002X": the century is 19 for every first-generation card.
std::string convert_legacy(std::string_view fifteen) {
    std::string number = std::string(fifteen.substr(0, 6)) + "19" + std::string(fifteen.substr(6));
    return number + id_number_check_character(number);
}

// Trimmed and shape-checked, 18 characters with an upper-case check character; a 15-digit
// number is refused or converted per `legacy`.
Expected<std::string> normalise(std::string_view text, LegacyIdPolicy legacy, Warnings& warnings) {
    const std::string_view trimmed = chars::trim(text);
    if (trimmed.empty()) return fail("format", "an ID number is required");
    if (auto alphanumeric = check_alphanumeric(trimmed); !alphanumeric)
        return Unexpected<Error>{alphanumeric.error()};
    if (trimmed.size() != 18 && trimmed.size() != 15)
        return fail("format", "an ID number has 18 characters, got " + std::to_string(trimmed.size()));
    if (auto digits = check_digits(trimmed); !digits) return Unexpected<Error>{digits.error()};
    if (trimmed.size() == 18) {
        std::string number(trimmed);
        if (number[17] == 'x') number[17] = 'X';
        return number;
    }
    if (legacy == LegacyIdPolicy::reject)
        return fail("legacy_15_digit", "a 15-digit number is from a first-generation card, no longer valid; "
                                       "give the 18-digit number of the current card");
    warnings.push_back({"converted_from_15_digit",
                        "converted from a 15-digit legacy number; the holder's current number may differ"});
    return convert_legacy(trimmed);
}

}  // namespace

char id_number_check_character(std::string_view first_17_digits) {
    int sum = 0;
    for (std::size_t i = 0; i < kWeights.size(); ++i) sum += (first_17_digits[i] - '0') * kWeights[i];
    return kCheckCharacters[static_cast<std::size_t>(sum % 11)];
}

Expected<IdNumber> validate_id_number(std::string_view text, Date today, LegacyIdPolicy legacy) {
    Warnings warnings;
    auto number = normalise(text, legacy, warnings);
    if (!number) return Unexpected<Error>{number.error()};
    if (auto province = check_province(*number); !province) return Unexpected<Error>{province.error()};
    auto birth = check_birth_date(*number, today);
    if (!birth) return Unexpected<Error>{birth.error()};
    if (auto checksum = check_checksum(*number); !checksum) return Unexpected<Error>{checksum.error()};
    const Sex sex = ((*number)[16] - '0') % 2 == 1 ? Sex::male : Sex::female;
    IdNumber id{std::move(*number), *birth, sex, std::move(warnings)};
    warn_about_age(id, today);
    return id;
}

std::string mask_id_number(std::string_view number) {
    bool plain = number.size() == 18 || number.size() == 15;
    for (const char c : number) plain = plain && chars::is_ascii_alnum(c);
    if (!plain) return std::string(number.size(), '*');
    const std::size_t kept_tail = number.size() == 18 ? 4 : 3;
    return std::string(number.substr(0, 6)) + std::string(number.size() - 6 - kept_tail, '*') +
           std::string(number.substr(number.size() - kept_tail));
}

}  // namespace wg::rules
