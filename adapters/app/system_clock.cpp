// The production clock.
#include <chrono>

#include "adapters/app/clock.hpp"

namespace wg::app {

rules::Instant SystemClock::now() const {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

}  // namespace wg::app
