// Plain HTTP request and response values: what handlers see, free of Beast and Asio so that
// handlers compile fast and are tested without a socket.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace wg::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
    std::string method;  // "GET", "POST", …
    std::string path;    // without the query string, e.g. "/api/v1/cases/…"
    std::string query;   // after '?', undecoded
    Headers headers;     // names lower-cased
    std::string body;
    std::string request_id;
    std::string remote_address;  // the peer's IP address (for rate limits), "" when unknown

    /// The first header named `name` (lower case), or "".
    [[nodiscard]] std::string header(const std::string& name) const;
};

struct Response {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    Headers headers;
};

}  // namespace wg::http
