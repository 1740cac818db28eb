// The tests use the scenario runner's loopback HTTP client (real sockets, no Beast).
#pragma once

#include "adapters/scenario/loopback_http.hpp"

namespace wg::test {
using scenario::HttpClient;
using scenario::HttpResult;
}  // namespace wg::test
