// The one place where error codes become HTTP statuses and problem+json bodies (RFC 9457).
#pragma once

#include <nlohmann/json.hpp>

#include "rules/error.hpp"

namespace wg::app {

/// The HTTP status for an error code; 500 for codes it does not know.
int http_status(const std::string& code);

/// {type, title, status, detail, errors:[{field, code, message}]}.
nlohmann::json problem_json(const Error& error);

}  // namespace wg::app
