// `wageguard migration check|dry-run PLAN`: check a migration plan against the two versions it
// maps between, and say what it would do to the live cases. Applying a plan is not done here.
#include <fstream>
#include <iostream>
#include <sstream>

#include "adapters/app/rule_book.hpp"
#include "adapters/app/workflow_registry.hpp"
#include "adapters/cli/command.hpp"
#include "adapters/cli/settings_options.hpp"
#include "adapters/pg/database.hpp"
#include "adapters/pg/pg_case_versions.hpp"
#include "workflow/migration_plan.hpp"
#include "workflow/migration_plan_loader.hpp"

namespace wg::cli {

namespace {

constexpr const char* kHelp = R"(usage: wageguard migration check PLAN [--config FILE]
       wageguard migration dry-run PLAN [--config FILE] [--database-url DSN]

A migration plan (YAML, e.g. config/migrations/wage_complaint-2025.1-to-2026.1.yaml) maps the
states of one declared version of a workflow onto another:

  workflow: wage_complaint
  from_version: "2025.1"
  to_version: "2026.1"
  states: {investigating: under_review}   # a state that keeps its name may be left out
  reason: why the states change

check    loads both versions from the workflows folder of the settings (by name and declared
         version) and reports, as file:line:col, old states the old version lacks, targets the
         new version lacks, states neither mapped nor kept by name, and (warnings) states whose
         finality changes. Exits 1 on errors.
dry-run  checks the plan, then reads from PostgreSQL (read-only) the cases of that workflow
         that run on the old version and prints, for each, its move or why it cannot move,
         then a summary line. Changes nothing. Exits 1 when the plan has errors or a case
         cannot move.

Applying a plan to the cases is not implemented yet: no command changes a case's version.
)";

// What both subcommands start from: the plan and the two definitions it maps between. `from`
// and `to` point into `registry`, whose std::map keeps its nodes when moved.
struct Loaded {
    config::Settings settings;
    app::WorkflowRegistry registry;
    workflow::MigrationPlan plan;
    const workflow::Definition* from = nullptr;
    const workflow::Definition* to = nullptr;
};

Expected<std::string, Errors> read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Unexpected<Errors>{{Error{"io", "cannot read " + path, {}, {path, 0, 0}}}};
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The one loaded definition of `plan.workflow` that declares `version`; located at `at`.
Expected<const workflow::Definition*, Errors> declared(const app::WorkflowRegistry& registry,
                                                       const workflow::MigrationPlan& plan,
                                                       const std::string& version,
                                                       const SourceLocation& at,
                                                       const std::string& folder) {
    std::vector<const workflow::Definition*> found;
    std::string versions;
    for (const auto* definition : registry.all()) {
        if (definition->name != plan.workflow) continue;
        versions += (versions.empty() ? "" : ", ") + definition->version;
        if (definition->version == version) found.push_back(definition);
    }
    if (found.size() == 1) return found.front();
    std::string message = "workflow '" + plan.workflow + "' has " +
                          (found.empty() ? "no version '" + version + "'"
                                         : "several files declaring version '" + version + "'") +
                          " in " + folder;
    if (found.empty())
        message += versions.empty() ? " (no version at all)" : " (versions: " + versions + ")";
    for (const auto* definition : found) message += " " + definition->location.file;
    return Unexpected<Errors>{{Error{"migration_plan", message, {}, at}}};
}

Expected<Loaded, Errors> load(const Options& options) {
    auto settings = settings_from(options);
    if (!settings) return Unexpected<Errors>{settings.error()};
    auto book = app::load_rule_book(settings->calendars_dir, settings->rules_dir,
                                    settings->provisional_calendar_years);
    if (!book) return Unexpected<Errors>{book.error()};
    auto registry = app::WorkflowRegistry::load_directory(settings->workflows_dir, book->functions);
    if (!registry) return Unexpected<Errors>{registry.error()};
    const std::string path = options.positionals.at(1);
    auto text = read_text(path);
    if (!text) return Unexpected<Errors>{text.error()};
    auto plan = workflow::load_migration_plan(*text, path);
    if (!plan) return Unexpected<Errors>{plan.error()};
    Loaded loaded{std::move(*settings), std::move(*registry), std::move(*plan)};
    auto from = declared(loaded.registry, loaded.plan, loaded.plan.from_version,
                         loaded.plan.from_version_location, loaded.settings.workflows_dir);
    auto to = declared(loaded.registry, loaded.plan, loaded.plan.to_version,
                       loaded.plan.to_version_location, loaded.settings.workflows_dir);
    Errors errors;
    if (!from) errors.insert(errors.end(), from.error().begin(), from.error().end());
    if (!to) errors.insert(errors.end(), to.error().begin(), to.error().end());
    if (!errors.empty()) return Unexpected<Errors>{std::move(errors)};
    loaded.from = *from;
    loaded.to = *to;
    return loaded;
}

// Prints the findings; returns the number of errors.
std::size_t print_report(const Loaded& loaded, const workflow::PlanReport& report) {
    std::size_t errors = 0;
    for (const auto& finding : report.findings) {
        std::cerr << workflow::format_finding(finding) << '\n';
        if (finding.severity == workflow::Severity::error) ++errors;
    }
    std::cout << loaded.plan.location.file << ": " << loaded.plan.workflow << " "
              << loaded.plan.from_version << " -> " << loaded.plan.to_version << ", "
              << loaded.plan.states.size() << " state(s) mapped: " << errors << " error(s), "
              << report.findings.size() - errors << " warning(s)\n";
    return errors;
}

int run_check_plan(const Loaded& loaded) {
    const auto report = workflow::check_plan(loaded.plan, *loaded.from, *loaded.to);
    return print_report(loaded, report) == 0 ? 0 : 1;
}

int run_dry_run(const Loaded& loaded) {
    const auto report = workflow::check_plan(loaded.plan, *loaded.from, *loaded.to);
    const bool plan_ok = print_report(loaded, report) == 0;
    pg::Database database(loaded.settings.database_url, 1);
    auto cases = pg::cases_on_version(database, loaded.plan.workflow, loaded.plan.from_version);
    if (!cases) {
        std::cerr << "wageguard migration dry-run: " << cases.error().message << '\n';
        return 1;
    }
    const auto run = workflow::dry_run(loaded.plan, *loaded.from, *loaded.to, *cases);
    for (const auto& move : run.moves) std::cout << workflow::describe(move) << '\n';
    std::cout << "dry run, nothing changed: " << workflow::summary(run.totals) << '\n';
    return plan_ok && run.totals.blocked() == 0 ? 0 : 1;
}

}  // namespace

int run_migration(Args args) {
    if (wants_help(args)) {
        std::cout << kHelp;
        return 0;
    }
    auto options = parse_options(args, {"--config", "--database-url"}, {});
    if (!options || options->positionals.size() != 2 ||
        (options->positionals[0] != "check" && options->positionals[0] != "dry-run")) {
        std::cerr << "wageguard migration: "
                  << (options ? "expected 'check PLAN' or 'dry-run PLAN'" : options.error().message)
                  << '\n'
                  << kHelp;
        return 2;
    }
    const bool check_only = options->positionals[0] == "check";
    if (check_only && options->has("--database-url")) {
        std::cerr << "wageguard migration: --database-url is for dry-run only\n" << kHelp;
        return 2;
    }
    auto loaded = load(*options);
    if (!loaded) {
        print_errors(loaded.error());
        return 1;
    }
    return check_only ? run_check_plan(*loaded) : run_dry_run(*loaded);
}

}  // namespace wg::cli
