// `wageguard graph FILE`: draws a workflow in dot, Mermaid or (through Graphviz) SVG, with the
// path of one case highlighted when --path gives it.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "adapters/app/rule_book.hpp"
#include "adapters/cli/command.hpp"
#include "adapters/cli/options.hpp"
#include "adapters/cli/settings_options.hpp"
#include "workflow/definition_loader.hpp"
#include "workflow/diagram.hpp"

namespace wg::cli {
namespace {

constexpr const char* kHelp =
    R"HELP(usage: wageguard graph FILE [--format dot|mermaid|svg] [--path STEPS] [--config FILE]

Draws the workflow in FILE on standard output: states with their Chinese and English labels and
owner role, final states as double circles, transitions labelled with the event, [guard] and
roles, deadline expiry as dashed edges ("5 working days → acceptance_overdue (D1)") and
deadline extensions as dotted ones.

  --format dot      Graphviz source (the default)
  --format mermaid  a Mermaid flowchart, for Markdown on GitHub or GitLab
  --format svg      dot rendered by Graphviz's `dot -Tsvg` (needs graphviz installed)
  --path STEPS      a case's path, "state,event,state,event,state": its edges are drawn bold
                    red and its last state is marked current
  --config FILE     settings naming the calendars and law parameters that the workflow's
                    expressions are checked against (default config/wageguard.yaml)

Examples:
  wageguard graph config/workflows/wage_complaint.yaml --format svg > wage_complaint.svg
  wageguard graph config/workflows/wage_complaint.yaml --format mermaid \
      --path "pending_acceptance,accept,investigating"

Exit status: 0 drawn; 1 the workflow (or the settings, calendars, law parameters) does not
load, or Graphviz is missing or failed;
2 bad arguments or a path that the workflow does not have.
)HELP";

int usage_error(const std::string& message) {
    std::cerr << "wageguard graph: " << message << "\n(see wageguard graph --help)\n";
    return 2;
}

Expected<std::string> read_file(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return fail("io", "cannot read " + file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// Whether an executable `name` is in a folder of PATH.
bool on_path(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::stringstream folders(path == nullptr ? "" : path);
    for (std::string folder; std::getline(folders, folder, ':');)
        if (!folder.empty() && ::access((folder + "/" + name).c_str(), X_OK) == 0) return true;
    return false;
}

// Pipes `dot_text` through `dot -Tsvg`, whose output goes straight to our standard output.
int render_svg(const std::string& dot_text) {
    if (!on_path("dot")) {
        std::cerr
            << "wageguard graph: --format svg needs Graphviz's `dot` on PATH; install graphviz "
               "(apt-get install graphviz), or use --format dot or --format mermaid\n";
        return 1;
    }
    std::cout.flush();
    FILE* pipe = ::popen("dot -Tsvg", "w");
    if (pipe == nullptr) {
        std::cerr << "wageguard graph: cannot start dot\n";
        return 1;
    }
    const bool written = std::fwrite(dot_text.data(), 1, dot_text.size(), pipe) == dot_text.size();
    const int status = ::pclose(pipe);
    if (!written || status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::cerr << "wageguard graph: dot -Tsvg failed\n";
        return 1;
    }
    return 0;
}

// Loads FILE as `wageguard check` does: expressions compiled against the configured law and
// calendar functions. Prints every error.
Expected<workflow::Definition> load(const Options& options, const std::string& file) {
    auto settings = settings_from(options);
    if (!settings) {
        print_errors(settings.error());
        return fail("settings", "settings do not load");
    }
    auto book = app::load_rule_book(settings->calendars_dir, settings->rules_dir);
    if (!book) {
        print_errors(book.error());
        return fail("rules", "calendars or law parameters do not load");
    }
    auto text = read_file(file);
    if (!text) {
        std::cerr << "wageguard graph: " << text.error().message << '\n';
        return Unexpected{text.error()};
    }
    auto definition = workflow::load_definition(*text, file, book->functions);
    if (!definition) {
        print_errors(definition.error());
        return fail("definition", "the workflow does not load");
    }
    return std::move(*definition);
}

Expected<workflow::DiagramOptions> diagram_options(const Options& options,
                                                   const workflow::Definition& definition) {
    workflow::DiagramOptions diagram;
    if (!options.has("--path")) return diagram;
    auto path = workflow::parse_case_path(options.get("--path"));
    if (!path) return Unexpected{path.error()};
    if (auto checked = workflow::check_case_path(definition, *path); !checked)
        return Unexpected{checked.error()};
    diagram.path = std::move(*path);
    return diagram;
}

}  // namespace

int run_graph(Args args) {
    if (wants_help(args)) {
        std::cout << kHelp;
        return 0;
    }
    auto options = parse_options(args, {"--format", "--path", "--config"}, {});
    if (!options) return usage_error(options.error().message);
    if (options->positionals.size() != 1) return usage_error("expected one workflow FILE");
    const std::string format = options->get("--format", "dot");
    if (format != "dot" && format != "mermaid" && format != "svg")
        return usage_error("--format takes dot, mermaid or svg, got '" + format + "'");

    auto definition = load(*options, options->positionals[0]);
    if (!definition) return 1;
    auto diagram = diagram_options(*options, *definition);
    if (!diagram) return usage_error(diagram.error().message);

    if (format == "mermaid") std::cout << workflow::to_mermaid(*definition, *diagram);
    if (format == "dot") std::cout << workflow::to_dot(*definition, *diagram);
    if (format == "svg") return render_svg(workflow::to_dot(*definition, *diagram));
    return 0;
}

}  // namespace wg::cli
