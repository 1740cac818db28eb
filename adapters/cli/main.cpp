// The composition root: `wageguard COMMAND [ARGS]` dispatches to one subcommand.
#include <array>
#include <iostream>
#include <string>
#include <vector>

#include "adapters/cli/command.hpp"

namespace wg::cli {
namespace {

constexpr std::array kCommands{
    Command{"serve", "run the HTTP server (also migrates the database on start)", run_serve},
    Command{"migrate", "apply pending database migrations", run_migrate},
    Command{"check", "check workflow definitions: wageguard check [paths]", run_check},
    Command{"calendar", "add a statutory period: wageguard calendar add 2025-09-15 \"5 working days\"",
            run_calendar},
    Command{"validate", "check an ID number or USCC: wageguard validate id-number|uscc VALUE", run_validate},
    Command{"graph", "draw a workflow: wageguard graph FILE --format dot|mermaid|svg [--path STEPS]", run_graph},
    Command{"token", "API tokens: wageguard token create --role R --name N [--region CODE] | list | revoke ID",
            run_token},
    Command{"migration", "state maps between versions: wageguard migration check|dry-run PLAN",
            run_migration},
    Command{"audit", "hash chains: wageguard audit verify|digest|digest-verify (--help for each)", run_audit},
    Command{"scenario", "play scenario files against the real server: wageguard scenario run FILES…", run_scenario},
    Command{"webhooks", "outbound webhooks: wageguard webhooks dead|replay|endpoints|enable", run_webhooks},
};

void print_usage(std::ostream& out) {
    out << "usage: wageguard COMMAND [ARGS]   (wageguard COMMAND --help for its options)\n\n"
        << "commands:\n";
    for (const auto& command : kCommands)
        out << "  " << command.name << std::string(12 - command.name.size(), ' ')
            << command.summary << '\n';
}

}  // namespace

bool wants_help(Args args) {
    for (const auto& arg : args)
        if (arg == "--help" || arg == "-h") return true;
    return false;
}

}  // namespace wg::cli

int main(int argc, char** argv) {
    using namespace wg::cli;
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        print_usage(args.empty() ? std::cerr : std::cout);
        return args.empty() ? 2 : 0;
    }
    for (const auto& command : kCommands) {
        if (command.name != args[0]) continue;
        return command.run(Args(args).subspan(1));
    }
    std::cerr << "wageguard: unknown command '" << args[0] << "'\n";
    print_usage(std::cerr);
    return 2;
}
