// The subcommands of the `wageguard` binary. Each lives in its own command_*.cpp file and is
// listed once in kCommands (main.cpp).
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace wg::cli {

/// Arguments after the command name, e.g. for `wageguard validate uscc X`: {"uscc", "X"}.
using Args = std::span<const std::string>;

/// A command returns the process exit code: 0 success, 1 a negative finding (invalid input,
/// check errors), 2 usage errors.
using CommandFn = int (*)(Args args);

struct Command {
    std::string_view name;
    std::string_view summary;
    CommandFn run;
};

int run_serve(Args args);
int run_migrate(Args args);
int run_check(Args args);
int run_calendar(Args args);
int run_validate(Args args);
int run_graph(Args args);
int run_migration(Args args);
int run_token(Args args);
int run_audit(Args args);
int run_webhooks(Args args);
int run_scenario(Args args);

/// True when args hold `--help` or `-h`.
bool wants_help(Args args);

}  // namespace wg::cli
