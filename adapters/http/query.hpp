// Query strings: "format=svg&case=…" to values, percent-decoded.
#pragma once

#include <string>

namespace wg::http {

/// The decoded value of parameter `name` in `query`, or "" when absent.
std::string query_param(const std::string& query, const std::string& name);

}  // namespace wg::http
