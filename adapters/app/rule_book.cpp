// Reading config files and handing their text to the pure loaders.
#include "adapters/app/rule_book.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "rules/calendar_functions.hpp"
#include "rules/calendar_loader.hpp"
#include "rules/law_functions.hpp"
#include "rules/law_parameters_loader.hpp"

namespace wg::app {

Expected<std::vector<FileText>, Errors> read_yaml_files(const std::string& directory) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(directory, ec))
        return Unexpected<Errors>{{Error{"config", "folder '" + directory + "' does not exist", {}, {}}}};
    std::vector<fs::path> paths;
    for (const auto& entry : fs::directory_iterator(directory))
        if (entry.path().extension() == ".yaml" || entry.path().extension() == ".yml") paths.push_back(entry.path());
    std::sort(paths.begin(), paths.end());
    std::vector<FileText> files;
    for (const auto& path : paths) {
        std::ifstream in(path, std::ios::binary);
        if (!in) return Unexpected<Errors>{{Error{"config", "cannot read " + path.string(), {}, {}}}};
        std::ostringstream text;
        text << in.rdbuf();
        files.push_back({path.string(), text.str()});
    }
    return files;
}

namespace {

Expected<rules::Calendar> with_provisional_years(rules::Calendar calendar, int count) {
    if (count <= 0) return calendar;
    std::vector<rules::CalendarYear> years = calendar.years();
    for (int i = 1; i <= count; ++i) years.push_back(rules::provisional_year(calendar.last_year() + i));
    return rules::Calendar::build(std::move(years));
}

}  // namespace

Expected<RuleBook, Errors> load_rule_book(const std::string& calendars_dir, const std::string& rules_dir,
                                          int provisional_years) {
    auto calendar_files = read_yaml_files(calendars_dir);
    if (!calendar_files) return Unexpected<Errors>{calendar_files.error()};
    auto law_files = read_yaml_files(rules_dir);
    if (!law_files) return Unexpected<Errors>{law_files.error()};

    std::vector<rules::CalendarSource> calendar_sources;
    for (auto& file : *calendar_files) calendar_sources.push_back({file.file, std::move(file.text)});
    std::vector<rules::NamedText> law_sources;
    for (auto& file : *law_files) law_sources.push_back({file.file, std::move(file.text)});

    Errors errors;
    auto calendar = rules::load_calendar(calendar_sources);
    if (!calendar) errors.insert(errors.end(), calendar.error().begin(), calendar.error().end());
    auto law = rules::load_law_parameters(law_sources);
    if (!law) errors.insert(errors.end(), law.error().begin(), law.error().end());
    if (!errors.empty()) return Unexpected<Errors>{std::move(errors)};

    auto extended = with_provisional_years(std::move(*calendar), provisional_years);
    if (!extended) return Unexpected<Errors>{{extended.error()}};
    RuleBook book;
    book.calendar = std::make_shared<const rules::Calendar>(std::move(*extended));
    book.law = std::make_shared<const rules::LawParameters>(std::move(*law));
    if (auto ok = rules::register_law_functions(book.functions, book.law); !ok) return Unexpected<Errors>{{ok.error()}};
    if (auto ok = rules::register_calendar_functions(book.functions, book.calendar); !ok)
        return Unexpected<Errors>{{ok.error()}};
    return book;
}

}  // namespace wg::app
