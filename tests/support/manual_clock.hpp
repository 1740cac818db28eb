// The tests use the scenario runner's manual clock.
#pragma once

#include "adapters/scenario/manual_clock.hpp"

namespace wg::test {
using scenario::ManualClock;
}  // namespace wg::test
