// Request writing and response parsing (Content-Length bodies only, which is all our server
// sends).
#include "adapters/scenario/loopback_http.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace wg::scenario {

HttpClient::HttpClient(std::string host, std::uint16_t port) : host_(std::move(host)), port_(port) {}

HttpClient::~HttpClient() { close(); }

void HttpClient::close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    pending_.clear();
}

void HttpClient::connect() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket failed");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port_);
    ::inet_pton(AF_INET, host_.c_str(), &address.sin_addr);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        close();
        throw std::runtime_error("connect to " + host_ + ":" + std::to_string(port_) + " failed: " + std::strerror(errno));
    }
    timeval timeout{30, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
}

HttpResult HttpClient::request(const std::string& method, const std::string& target, const std::string& body,
                               const std::vector<std::pair<std::string, std::string>>& headers) {
    std::string bytes = method + " " + target + " HTTP/1.1\r\nHost: " + host_ + "\r\n";
    bool has_type = false;
    for (const auto& [name, value] : headers) {
        bytes += name + ": " + value + "\r\n";
        std::string lower = name;
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
        has_type = has_type || lower == "content-type";
    }
    if (!body.empty() && !has_type) bytes += "Content-Type: application/json\r\n";
    if (!body.empty() || method == "POST") bytes += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    bytes += "\r\n" + body;
    return raw(bytes);
}

HttpResult HttpClient::raw(const std::string& bytes) {
    if (fd_ < 0) connect();
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const auto n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;  // the server may refuse early (413); still read its answer
        sent += static_cast<std::size_t>(n);
    }
    return read_response();
}

HttpResult HttpClient::read_response() {
    auto fill = [this]() {
        char chunk[65536];
        const auto n = ::recv(fd_, chunk, sizeof chunk, 0);
        if (n <= 0) return false;
        pending_.append(chunk, static_cast<std::size_t>(n));
        return true;
    };
    std::size_t header_end;
    while ((header_end = pending_.find("\r\n\r\n")) == std::string::npos)
        if (!fill()) throw std::runtime_error("connection closed before a response arrived");
    HttpResult result;
    const std::string head = pending_.substr(0, header_end);
    result.status = std::stoi(head.substr(9, 3));
    std::size_t line_start = head.find("\r\n") + 2;
    while (line_start < head.size()) {
        auto line_end = head.find("\r\n", line_start);
        if (line_end == std::string::npos) line_end = head.size();
        const std::string line = head.substr(line_start, line_end - line_start);
        const auto colon = line.find(':');
        std::string name = line.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
        result.headers[name] = line.substr(line.find_first_not_of(' ', colon + 1));
        line_start = line_end + 2;
    }
    const std::size_t length = result.headers.contains("content-length") ? std::stoul(result.headers["content-length"]) : 0;
    while (pending_.size() < header_end + 4 + length)
        if (!fill()) throw std::runtime_error("connection closed in the middle of a body");
    result.body = pending_.substr(header_end + 4, length);
    pending_.erase(0, header_end + 4 + length);
    if (result.headers["connection"] == "close") {
        result.connection_closed = true;
        close();
    }
    return result;
}

}  // namespace wg::scenario
