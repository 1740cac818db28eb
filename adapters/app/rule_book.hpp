// The legal data the engine runs on, read from config/: the calendar (calendars/cn-*.yaml),
// the law parameters (rules/*.yaml), and the host functions expressions may call over them.
#pragma once

#include <memory>
#include <string>

#include "rules/calendar.hpp"
#include "rules/expected.hpp"
#include "rules/expr/functions.hpp"
#include "rules/law_parameters.hpp"

namespace wg::app {

struct RuleBook {
    std::shared_ptr<const rules::Calendar> calendar;
    std::shared_ptr<const rules::LawParameters> law;
    rules::FunctionRegistry functions;  // law and calendar functions for workflow expressions
};

/// Loads every *.yaml of `calendars_dir` and `rules_dir`; all errors of all files on failure.
/// `provisional_years` years past the last published one are added as weekend-only years, so
/// that deadlines reaching into them can be set now, marked provisional (0: none, and such
/// deadlines fail with `calendar_range`).
Expected<RuleBook, Errors> load_rule_book(const std::string& calendars_dir, const std::string& rules_dir,
                                          int provisional_years = 0);

/// The *.yaml files of a folder, sorted, as (file, text) pairs; an error when unreadable.
struct FileText {
    std::string file;
    std::string text;
};
Expected<std::vector<FileText>, Errors> read_yaml_files(const std::string& directory);

}  // namespace wg::app
