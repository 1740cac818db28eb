// YAML → CalendarYear → Calendar. Shape errors are all collected before giving up, each located
// at the offending node, so a data editor sees every mistake in one run.
#include "rules/calendar_loader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>

namespace wg::rules {
namespace {

constexpr int kFirstYear = 1949;
constexpr int kLastYear = 2200;

class Loader {
public:
    explicit Loader(std::string file) : file_(std::move(file)) {}

    Expected<CalendarYear, Errors> run(std::string_view text);

private:
    SourceLocation where(const YAML::Mark& mark) const {
        if (mark.line < 0) return {file_, 0, 0};
        return {file_, static_cast<std::uint32_t>(mark.line + 1),
                static_cast<std::uint32_t>(mark.column + 1)};
    }
    SourceLocation where(const YAML::Node& node) const { return where(node.Mark()); }
    void error(const YAML::Node& node, std::string message) {
        errors_.push_back(Error{"calendar_schema", std::move(message), {}, where(node)});
    }

    void check_keys(const YAML::Node& map, const std::vector<std::string>& allowed,
                    const std::string& context);
    std::string text(const YAML::Node& map, const char* key, const std::string& context);
    Date date(const YAML::Node& map, const char* key, const std::string& context);
    Date date_value(const YAML::Node& node, const std::string& context);
    void read_year(const YAML::Node& root);
    void read_notices(const YAML::Node& root);
    void read_holidays(const YAML::Node& node);
    void read_holiday(const YAML::Node& node);
    std::vector<MakeUpDay> read_make_up_days(const YAML::Node& node, const std::string& context);

    std::string file_;
    Errors errors_;
    CalendarYear year_;
};

std::string join(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& word : words) out += (out.empty() ? "" : ", ") + word;
    return out;
}

void Loader::check_keys(const YAML::Node& map, const std::vector<std::string>& allowed,
                        const std::string& context) {
    for (const auto& entry : map) {
        const auto key = entry.first.as<std::string>();
        if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
        error(entry.first, "unknown key '" + key + "' in " + context + " (expected " + join(allowed) + ")");
    }
}

std::string Loader::text(const YAML::Node& map, const char* key, const std::string& context) {
    const YAML::Node node = map[key];
    if (!node) {
        error(map, context + " needs '" + key + "'");
        return {};
    }
    if (!node.IsScalar() || node.Scalar().empty()) {
        error(node, "'" + std::string(key) + "' of " + context + " must be non-empty text");
        return {};
    }
    return node.Scalar();
}

Date Loader::date_value(const YAML::Node& node, const std::string& context) {
    if (!node.IsScalar()) {
        error(node, context + " must be a date YYYY-MM-DD");
        return {};
    }
    auto parsed = parse_date(node.Scalar());
    if (!parsed) {
        error(node, context + ": " + parsed.error().message);
        return {};
    }
    return *parsed;
}

Date Loader::date(const YAML::Node& map, const char* key, const std::string& context) {
    const YAML::Node node = map[key];
    if (!node) {
        error(map, context + " needs '" + key + "'");
        return {};
    }
    return date_value(node, "'" + std::string(key) + "' of " + context);
}

// year: 2025
void Loader::read_year(const YAML::Node& root) {
    const YAML::Node node = root["year"];
    if (!node) return error(root, "a calendar file needs 'year'");
    const std::string& value = node.IsScalar() ? node.Scalar() : std::string();
    int year = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), year);
    if (ec != std::errc{} || end != value.data() + value.size() || year < kFirstYear || year > kLastYear)
        return error(node, "'year' must be a year between " + std::to_string(kFirstYear) + " and " +
                               std::to_string(kLastYear) + ", got '" + value + "'");
    year_.year = year;
}

// notices: [{title: …, document: …, issued: YYYY-MM-DD}, …]  (at least one: data needs a source)
void Loader::read_notices(const YAML::Node& root) {
    const YAML::Node node = root["notices"];
    if (!node || !node.IsSequence() || node.size() == 0)
        return error(node ? node : root, "a calendar file needs a non-empty 'notices' list citing its source");
    for (const auto& item : node) {
        const std::string context = "a notice";
        if (!item.IsMap()) {
            error(item, "each notice must be a map {title, document, issued}");
            continue;
        }
        check_keys(item, {"title", "document", "issued"}, context);
        year_.notices.push_back({text(item, "title", context), text(item, "document", context),
                                 date(item, "issued", context)});
    }
}

// make_up_working_days: [YYYY-MM-DD, …]
std::vector<MakeUpDay> Loader::read_make_up_days(const YAML::Node& node, const std::string& context) {
    std::vector<MakeUpDay> out;
    if (!node) return out;
    if (!node.IsSequence()) {
        error(node, "'make_up_working_days' of " + context + " must be a list of dates");
        return out;
    }
    for (const auto& item : node)
        out.push_back({date_value(item, "a make-up working day of " + context), where(item)});
    return out;
}

// - {zh: 春节, en: Spring Festival, from: YYYY-MM-DD, to: YYYY-MM-DD, make_up_working_days: […]}
void Loader::read_holiday(const YAML::Node& node) {
    if (!node.IsMap()) return error(node, "each holiday must be a map {zh, en, from, to}");
    const std::string zh = node["zh"] && node["zh"].IsScalar() ? node["zh"].Scalar() : "?";
    const std::string context = "holiday '" + zh + "'";
    check_keys(node, {"zh", "en", "from", "to", "make_up_working_days"}, context);
    Holiday holiday;
    holiday.name = {text(node, "zh", "a holiday"), text(node, "en", context)};
    holiday.first = date(node, "from", context);
    holiday.last = date(node, "to", context);
    holiday.make_up_days = read_make_up_days(node["make_up_working_days"], context);
    holiday.where = where(node);
    year_.holidays.push_back(std::move(holiday));
}

// holidays: [holiday, …]
void Loader::read_holidays(const YAML::Node& node) {
    if (!node) return;  // a year without holidays is odd but well-formed
    if (!node.IsSequence()) return error(node, "'holidays' must be a list");
    for (const auto& item : node) read_holiday(item);
}

Expected<CalendarYear, Errors> Loader::run(std::string_view source) {
    YAML::Node root;
    try {
        root = YAML::Load(std::string(source));
        if (!root.IsMap())
            return Unexpected<Errors>{{Error{"calendar_schema", "a calendar file must be a YAML map", {}, {file_, 1, 1}}}};
        year_.where = where(root);
        check_keys(root, {"year", "notices", "holidays"}, "a calendar file");
        read_year(root);
        read_notices(root);
        read_holidays(root["holidays"]);
    } catch (const YAML::Exception& e) {
        errors_.push_back(Error{"calendar_yaml", e.msg, {}, where(e.mark)});
    }
    if (!errors_.empty()) return Unexpected<Errors>{std::move(errors_)};
    return std::move(year_);
}

}  // namespace

Expected<CalendarYear, Errors> load_calendar_year(std::string_view text, const std::string& file) {
    return Loader(file).run(text);
}

Expected<Calendar, Errors> load_calendar(const std::vector<CalendarSource>& sources) {
    std::vector<CalendarYear> years;
    Errors errors;
    for (const auto& source : sources) {
        auto year = load_calendar_year(source.text, source.file);
        if (!year) {
            errors.insert(errors.end(), year.error().begin(), year.error().end());
            continue;
        }
        years.push_back(std::move(*year));
    }
    if (!errors.empty()) return Unexpected<Errors>{std::move(errors)};
    auto calendar = Calendar::build(std::move(years));
    if (!calendar) return Unexpected<Errors>{{calendar.error()}};
    return std::move(*calendar);
}

}  // namespace wg::rules
