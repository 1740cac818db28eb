// A clock moved by hand (scenario runner, tests); thread-safe, for servers and workers running on
// other threads. Test-only: `wageguard serve` never uses it.
#pragma once

#include <atomic>

#include "adapters/app/clock.hpp"

namespace wg::scenario {

class ManualClock final : public app::Clock {
public:
    explicit ManualClock(rules::Instant start) : now_(start.time_since_epoch().count()) {}
    [[nodiscard]] rules::Instant now() const override {
        return rules::Instant(std::chrono::milliseconds(now_.load()));
    }
    void set(rules::Instant at) { now_ = at.time_since_epoch().count(); }
    void advance(std::chrono::milliseconds by) { now_ += by.count(); }

private:
    std::atomic<long long> now_;
};

}  // namespace wg::scenario
