// `wageguard calendar add START PERIOD`: adds a statutory period on the official calendar and
// prints the last day, then how it was counted in Chinese and English.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "adapters/cli/command.hpp"
#include "adapters/cli/options.hpp"
#include "adapters/cli/settings_options.hpp"
#include "rules/calendar_loader.hpp"
#include "rules/period.hpp"

namespace wg::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kHelp = R"(usage: wageguard calendar add START PERIOD [--calendars DIR] [--make-up-days MODE]
                                                [--provisional-years N]

Adds a statutory period to START on the official calendar (DOMAIN.md §5.6) and prints the last
day of the period on the first line, then how it was counted, in Chinese and in English.

  START   a date YYYY-MM-DD; for hours, an instant such as 2025-09-30T10:00:00+08:00
  PERIOD  "5 working days", "15 days", "2 months", "1 year", "24 hours",
          "5个工作日", "15日", "2个月", "1年", "24小时"
  --calendars DIR      folder of cn-YYYY.yaml files (default config/calendars)
  --make-up-days MODE  working (default): a period ending on a make-up working day does not
                       roll; rest: it rolls on to the next working day
  --provisional-years N  count N years past the last published calendar on weekends only, and
                       say so in the explanation (default 0: such a date is an error)

Exit status: 0 computed; 1 a day outside the calendar, or bad calendar data; 2 bad input.
)";

int usage_error(const std::string& message) {
    std::cerr << "wageguard calendar: " << message << "\n(see wageguard calendar --help)\n";
    return 2;
}

// Reads every *.yaml file of `folder` in name order; the core parses the text.
Expected<std::vector<rules::CalendarSource>> read_sources(const fs::path& folder) {
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) return fail("usage", "calendar folder '" + folder.string() + "' not found");
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(folder, ec))
        if (entry.path().extension() == ".yaml") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    std::vector<rules::CalendarSource> sources;
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        if (!in) return fail("usage", "cannot read " + file.string());
        std::stringstream text;
        text << in.rdbuf();
        sources.push_back({file.string(), text.str()});
    }
    if (sources.empty()) return fail("usage", "no calendar files (*.yaml) in '" + folder.string() + "'");
    return sources;
}

Expected<rules::PeriodPolicy> policy_from(const Options& options) {
    const std::string mode = options.get("--make-up-days", "working");
    if (mode == "working") return rules::PeriodPolicy{rules::MakeUpDayPolicy::working_day};
    if (mode == "rest") return rules::PeriodPolicy{rules::MakeUpDayPolicy::rest_day};
    return fail("usage", "--make-up-days takes 'working' or 'rest', got '" + mode + "'");
}

void print(const std::string& first_line, const rules::Explanation& explanation) {
    std::cout << first_line << '\n' << explanation.zh << '\n' << explanation.en << '\n';
}

int add_hours_from(const std::string& start_text, rules::Period period) {
    auto start = rules::parse_instant(start_text);
    if (!start) return usage_error("a period of hours needs an instant START: " + start.error().message);
    auto result = rules::add_hours(*start, period);
    if (!result) return usage_error(result.error().message);
    print(rules::format_instant(result->end), result->explanation);
    return 0;
}

int add_to_date(const Options& options, const std::string& start_text, rules::Period period) {
    auto start = rules::parse_date(start_text);
    if (!start) return usage_error(start.error().message);
    auto policy = policy_from(options);
    if (!policy) return usage_error(policy.error().message);
    auto sources = read_sources(options.get("--calendars", "config/calendars"));
    if (!sources) return usage_error(sources.error().message);
    auto calendar = rules::load_calendar(*sources);
    if (!calendar) {
        print_errors(calendar.error());
        return 1;
    }
    const std::string provisional = options.get("--provisional-years", "0");
    if (provisional.empty() || provisional.size() > 1 || provisional.find_first_not_of("0123456789") != std::string::npos)
        return usage_error("--provisional-years takes a number from 0 to 9");
    if (provisional != "0") {
        std::vector<rules::CalendarYear> years = calendar->years();
        for (int i = 1; i <= std::stoi(provisional); ++i) years.push_back(rules::provisional_year(calendar->last_year() + i));
        auto extended = rules::Calendar::build(std::move(years));
        if (!extended) return usage_error(extended.error().message);
        calendar = std::move(*extended);
    }
    auto result = rules::add_period(*calendar, *start, period, *policy);
    if (!result) {
        std::cerr << "wageguard calendar: " << result.error().code << ": " << result.error().message << '\n';
        return result.error().code == "calendar_range" ? 1 : 2;
    }
    print(rules::format_date(result->end), result->explanation);
    return 0;
}

}  // namespace

int run_calendar(Args args) {
    if (wants_help(args)) {
        std::cout << kHelp;
        return 0;
    }
    auto options = parse_options(args, {"--calendars", "--make-up-days", "--provisional-years"}, {});
    if (!options) return usage_error(options.error().message);
    const auto& words = options->positionals;
    if (words.empty() || words[0] != "add") return usage_error("expected 'calendar add START PERIOD'");
    if (words.size() != 3) return usage_error("'calendar add' takes START and PERIOD, e.g. 2025-09-15 \"5 working days\"");
    auto period = rules::parse_period(words[2]);
    if (!period) return usage_error(period.error().message);
    if (period->unit == rules::PeriodUnit::hours) return add_hours_from(words[1], *period);
    return add_to_date(*options, words[1], *period);
}

}  // namespace wg::cli
