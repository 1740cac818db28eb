// Reading and printing statutory periods in English and Chinese.
#include "rules/period.hpp"

#include <array>
#include <cctype>

namespace wg::rules {
namespace {

struct UnitWord {
    std::string_view word;
    PeriodUnit unit;
};

// Unit words after the count: English (compared after lower-casing, singular or plural) and
// Chinese as written in statutes.
constexpr std::array kUnits{
    UnitWord{"working day", PeriodUnit::working_days}, UnitWord{"working days", PeriodUnit::working_days},
    UnitWord{"workday", PeriodUnit::working_days},     UnitWord{"workdays", PeriodUnit::working_days},
    UnitWord{"wd", PeriodUnit::working_days},          UnitWord{"个工作日", PeriodUnit::working_days},
    UnitWord{"工作日", PeriodUnit::working_days},      UnitWord{"day", PeriodUnit::calendar_days},
    UnitWord{"days", PeriodUnit::calendar_days},       UnitWord{"calendar day", PeriodUnit::calendar_days},
    UnitWord{"calendar days", PeriodUnit::calendar_days}, UnitWord{"cd", PeriodUnit::calendar_days},
    UnitWord{"日", PeriodUnit::calendar_days},         UnitWord{"天", PeriodUnit::calendar_days},
    UnitWord{"month", PeriodUnit::months},             UnitWord{"months", PeriodUnit::months},
    UnitWord{"个月", PeriodUnit::months},              UnitWord{"year", PeriodUnit::years},
    UnitWord{"years", PeriodUnit::years},              UnitWord{"年", PeriodUnit::years},
    UnitWord{"hour", PeriodUnit::hours},               UnitWord{"hours", PeriodUnit::hours},
    UnitWord{"h", PeriodUnit::hours},                  UnitWord{"小时", PeriodUnit::hours},
    UnitWord{"个小时", PeriodUnit::hours},
};

std::string_view trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    return text;
}

// Lower-cases ASCII and folds runs of spaces into one, so "5  Working Days" reads as usual.
std::string normalise(std::string_view text) {
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isspace(byte)) {
            if (!out.empty() && out.back() != ' ') out += ' ';
            continue;
        }
        out += static_cast<char>(std::tolower(byte));
    }
    return out;
}

bool find_unit(std::string_view word, PeriodUnit& unit) {
    for (const auto& candidate : kUnits) {
        if (candidate.word != word) continue;
        unit = candidate.unit;
        return true;
    }
    return false;
}

}  // namespace

// period := digits [spaces] unit      e.g. "5 working days", "15日", "24 小时"
Expected<Period> parse_period(std::string_view text) {
    const std::string_view trimmed = trim(text);
    std::size_t digits = 0;
    while (digits < trimmed.size() && trimmed[digits] >= '0' && trimmed[digits] <= '9') ++digits;
    const auto shape_error = [&] {
        return fail("period_format", "expected a period like '5 working days', '15 days', '2 months', "
                                     "'1 year', '24 hours' or '5个工作日', '15日', got '" +
                                         std::string(text) + "'");
    };
    if (digits == 0 || digits > 6) return shape_error();
    std::int64_t count = 0;
    for (std::size_t i = 0; i < digits; ++i) count = count * 10 + (trimmed[i] - '0');
    Period period{count, PeriodUnit::calendar_days};
    if (!find_unit(normalise(trim(trimmed.substr(digits))), period.unit)) return shape_error();
    if (count < 1 || count > kMaxPeriodCount)
        return fail("period_count", "a period needs a count from 1 to " + std::to_string(kMaxPeriodCount) +
                                        ", got '" + std::string(text) + "'");
    return period;
}

std::string format_period_en(Period period) {
    const bool one = period.count == 1;
    std::string unit;
    switch (period.unit) {
        case PeriodUnit::hours: unit = one ? "hour" : "hours"; break;
        case PeriodUnit::calendar_days: unit = one ? "day" : "days"; break;
        case PeriodUnit::working_days: unit = one ? "working day" : "working days"; break;
        case PeriodUnit::months: unit = one ? "month" : "months"; break;
        case PeriodUnit::years: unit = one ? "year" : "years"; break;
    }
    return std::to_string(period.count) + ' ' + unit;
}

std::string format_period_zh(Period period) {
    std::string unit;
    switch (period.unit) {
        case PeriodUnit::hours: unit = "小时"; break;
        case PeriodUnit::calendar_days: unit = "日"; break;
        case PeriodUnit::working_days: unit = "个工作日"; break;
        case PeriodUnit::months: unit = "个月"; break;
        case PeriodUnit::years: unit = "年"; break;
    }
    return std::to_string(period.count) + unit;
}

}  // namespace wg::rules
