// LISTEN/NOTIFY: a thread with its own connection that calls back when PostgreSQL announces new
// work on a channel (the triggers of 0003). It reconnects by itself after a connection loss;
// while it is away the workers still poll, so nothing waits longer than the poll interval.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <string>
#include <thread>

namespace wg::pg {

class Listener {
public:
    using Callback = std::function<void()>;

    /// `dsn`: a libpq connection string. Callbacks run on the listener's thread; keep them short.
    explicit Listener(std::string dsn);
    ~Listener();  // stops and joins

    /// Registers a channel and its callback; call before start().
    void on(const std::string& channel, Callback callback);

    void start();
    void stop();

private:
    void loop();

    std::string dsn_;
    std::map<std::string, Callback> channels_;
    std::atomic<bool> running_{false};
    std::thread thread_;
};

}  // namespace wg::pg
