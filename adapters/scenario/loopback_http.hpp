// A minimal blocking HTTP/1.1 client over POSIX sockets, for the scenario runner and the
// integration tests: real sockets, no Beast (keeps builds fast), keep-alive on one connection.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace wg::scenario {

struct HttpResult {
    int status = 0;
    std::map<std::string, std::string> headers;  // names lower-cased
    std::string body;
    bool connection_closed = false;  // the server closed after answering
};

class HttpClient {
public:
    HttpClient(std::string host, std::uint16_t port);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    /// Sends one request on the current connection (opening one if needed) and reads the
    /// response. Throws std::runtime_error on socket failures.
    HttpResult request(const std::string& method, const std::string& target, const std::string& body = {},
                       const std::vector<std::pair<std::string, std::string>>& headers = {});

    /// Writes raw bytes (for malformed or oversized requests) and reads one response.
    HttpResult raw(const std::string& bytes);

    void close();

private:
    void connect();
    HttpResult read_response();

    std::string host_;
    std::uint16_t port_;
    int fd_ = -1;
    std::string pending_;
};

}  // namespace wg::scenario
