// A child process for tests that need real, separate nodes: `wageguard serve` started with
// posix_spawn, its output in a log file, stopped politely (SIGTERM) or killed (SIGKILL).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace wg::test {

class ChildProcess {
public:
    /// Starts `argv` with `env` added to this process's environment, output to `log_path`.
    /// Throws std::runtime_error when it cannot be started.
    ChildProcess(const std::vector<std::string>& argv, const std::vector<std::string>& env, std::string log_path);
    ~ChildProcess();  // SIGKILL and reap, if still running
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    /// Waits (up to `seconds`) until the log says "listening on http://HOST:PORT"; the port.
    std::uint16_t wait_listening(int seconds = 30) const;

    /// Sends `signal` and waits for the exit; the exit status (128+signal when killed).
    int stop(int signal);

    [[nodiscard]] const std::string& log_path() const { return log_path_; }
    [[nodiscard]] std::string log() const;

private:
    pid_t pid_ = -1;
    std::string log_path_;
};

/// The path of the wageguard binary under test (set by CMake).
std::string wageguard_binary();

}  // namespace wg::test
