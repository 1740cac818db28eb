// A wake-up call between threads: a worker sleeps until notified or until a time, whichever
// comes first. Notifications that arrive while it works are not lost.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace wg::app {

class Wakeup {
public:
    void notify() {
        {
            std::lock_guard lock(mutex_);
            pending_ = true;
        }
        cv_.notify_all();
    }

    /// Waits up to `timeout`; true when notified (the notification is consumed).
    bool wait_for(std::chrono::milliseconds timeout) {
        std::unique_lock lock(mutex_);
        const bool notified = cv_.wait_for(lock, timeout, [this] { return pending_; });
        pending_ = false;
        return notified;
    }

private:
    std::mutex mutex_;
    std::condition_variable cv_;
    bool pending_ = false;
};

}  // namespace wg::app
