// A wake-up call between threads: workers sleep until notified or until a time, whichever comes
// first. Each waiter keeps the generation it has seen, so a notification that arrives while it
// works is not lost, and one notification wakes every waiter.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace wg::app {

class Wakeup {
public:
    void notify() {
        {
            std::lock_guard lock(mutex_);
            ++generation_;
        }
        cv_.notify_all();
    }

    /// Waits up to `timeout` unless a notification came after the one `seen` names; true when
    /// notified. `seen` is the caller's own (start it at 0).
    bool wait_for(std::chrono::milliseconds timeout, std::uint64_t& seen) {
        std::unique_lock lock(mutex_);
        const bool notified = cv_.wait_for(lock, timeout, [&] { return generation_ != seen; });
        seen = generation_;
        return notified;
    }

private:
    std::mutex mutex_;
    std::condition_variable cv_;
    std::uint64_t generation_ = 0;
};

}  // namespace wg::app
