// Waiting for work other threads or processes do (workers, relays, nodes): polls a condition.
#pragma once

#include <chrono>
#include <functional>
#include <thread>

namespace wg::test {

/// Polls `condition` every 50 ms for up to `seconds`; true as soon as it holds.
inline bool eventually(const std::function<bool()>& condition, int seconds = 15) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (std::chrono::steady_clock::now() < until) {
        if (condition()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return condition();
}

}  // namespace wg::test
