// The clock port: the only way the application learns the time. Production uses the system
// clock; tests and scenarios use a manual one.
#pragma once

#include "rules/date.hpp"

namespace wg::app {

class Clock {
public:
    virtual ~Clock() = default;
    [[nodiscard]] virtual rules::Instant now() const = 0;
};

/// Reads the system clock (UTC).
class SystemClock final : public Clock {
public:
    [[nodiscard]] rules::Instant now() const override;
};

}  // namespace wg::app
