// `wageguard check [paths]`: load workflow definitions and report every error and warning,
// located, then the longest statutory path of each workflow.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <set>

#include "adapters/app/rule_book.hpp"
#include "adapters/cli/command.hpp"
#include "adapters/cli/settings_options.hpp"
#include "workflow/checker.hpp"
#include "workflow/definition_loader.hpp"

namespace wg::cli {

namespace {

constexpr const char* kHelp = R"(usage: wageguard check [PATH...] [--config FILE]

Checks workflow definitions (files, or folders of *.yaml; default config/workflows) against the
calendars and law parameters named in the settings file (default config/wageguard.yaml).
Prints every problem as file:line:col: error|warning: message, then per workflow its longest
statutory path (the deadlines a case can meet from start to end, in days). Exits 1 when any
error is found.
)";

Expected<std::vector<app::FileText>, Errors> workflow_files(const std::vector<std::string>& paths) {
    std::vector<app::FileText> files;
    for (const auto& path : paths) {
        if (std::filesystem::is_directory(path)) {
            auto found = app::read_yaml_files(path);
            if (!found) return found;
            files.insert(files.end(), found->begin(), found->end());
            continue;
        }
        auto found = app::read_yaml_files(std::filesystem::path(path).parent_path().string().empty()
                                              ? "." : std::filesystem::path(path).parent_path().string());
        if (!found) return found;
        bool seen = false;
        for (auto& file : *found)
            if (std::filesystem::equivalent(file.file, path)) {
                files.push_back(std::move(file));
                seen = true;
            }
        if (!seen) return Unexpected<Errors>{{Error{"io", "cannot read " + path, {}, {}}}};
    }
    return files;
}

void print_path(const workflow::Definition& definition, const workflow::StatutoryPath& path) {
    std::cout << definition.name << ": longest statutory path " << path.days << " days";
    if (!path.parts.empty()) {
        std::cout << " (";
        for (std::size_t i = 0; i < path.parts.size(); ++i) std::cout << (i ? " + " : "") << path.parts[i];
        std::cout << ")";
    }
    std::cout << '\n';
}

}  // namespace

int run_check(Args args) {
    if (wants_help(args)) {
        std::cout << kHelp;
        return 0;
    }
    auto options = parse_options(args, {"--config"}, {});
    if (!options) {
        std::cerr << "wageguard check: " << options.error().message << '\n' << kHelp;
        return 2;
    }
    auto settings = settings_from(*options);
    if (!settings) {
        print_errors(settings.error());
        return 1;
    }
    auto book = app::load_rule_book(settings->calendars_dir, settings->rules_dir);
    if (!book) {
        print_errors(book.error());
        return 1;
    }
    std::vector<std::string> paths = options->positionals;
    if (paths.empty()) paths.push_back(settings->workflows_dir);
    auto files = workflow_files(paths);
    if (!files) {
        print_errors(files.error());
        return 1;
    }
    Errors errors;
    std::vector<workflow::Definition> definitions;
    for (const auto& file : *files) {
        auto loaded = workflow::load_definition_partial(file.text, file.file, book->functions);
        errors.insert(errors.end(), loaded.errors.begin(), loaded.errors.end());
        if (!loaded.definition.name.empty()) definitions.push_back(std::move(loaded.definition));
    }
    std::set<std::string> known;
    for (const auto& definition : definitions) known.insert(definition.name);
    std::size_t warnings = 0;
    print_errors(errors);
    for (const auto& definition : definitions) {
        const auto report = workflow::check_definition(definition, known);
        for (const auto& finding : report.findings) {
            std::cerr << workflow::format_finding(finding) << '\n';
            if (finding.severity == workflow::Severity::error) errors.push_back(finding.error);
            else ++warnings;
        }
        print_path(definition, report.longest_path);
    }
    std::cout << files->size() << " workflow file(s) checked: " << errors.size() << " error(s), " << warnings
              << " warning(s)\n";
    return errors.empty() && !files->empty() ? 0 : 1;
}

}  // namespace wg::cli
