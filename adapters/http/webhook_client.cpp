// One webhook POST as a C++20 coroutine on a private io_context: resolve, connect, (TLS
// handshake,) write, read the status line and headers. The whole exchange runs under
// io_context::run_for(timeout), so one deadline covers every step, DNS included.
#include "adapters/http/webhook_client.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <algorithm>
#include <cctype>
#include <exception>
#include <optional>

namespace wg::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Request = bhttp::request<bhttp::string_body>;

struct Url {
    bool tls = false;
    std::string host;
    std::string port;
    std::string target;
};

bool starts_with_nocase(const std::string& text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    return std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    });
}

// http[s]://host[:port][/path][?query]; IPv6 literals in brackets; no user info.
Expected<Url> parse_url(const std::string& url) {
    Url out;
    std::string rest;
    if (starts_with_nocase(url, "https://")) {
        out.tls = true;
        rest = url.substr(8);
    } else if (starts_with_nocase(url, "http://")) {
        rest = url.substr(7);
    } else {
        return fail("transport", "webhook URL " + url + " must start with http:// or https://");
    }
    const auto end_of_authority = rest.find_first_of("/?#");
    const std::string authority = rest.substr(0, end_of_authority);
    std::string target = end_of_authority == std::string::npos ? "/" : rest.substr(end_of_authority);
    target = target.substr(0, target.find('#'));
    if (target.empty() || target.front() != '/') target.insert(0, "/");
    if (authority.empty() || authority.find('@') != std::string::npos)
        return fail("transport", "webhook URL " + url + " needs a host and no user info");
    std::string port;
    if (authority.front() == '[') {
        const auto close = authority.find(']');
        if (close == std::string::npos) return fail("transport", "webhook URL " + url + " has an unclosed [");
        out.host = authority.substr(1, close - 1);
        const std::string after = authority.substr(close + 1);
        if (!after.empty() && after.front() != ':') return fail("transport", "webhook URL " + url + " is malformed");
        if (!after.empty()) port = after.substr(1);
    } else {
        const auto colon = authority.rfind(':');
        out.host = authority.substr(0, colon);
        if (colon != std::string::npos) port = authority.substr(colon + 1);
    }
    if (port.empty()) port = out.tls ? "443" : "80";
    const bool digits = port.size() <= 5 && port.find_first_not_of("0123456789") == std::string::npos;
    if (out.host.empty() || !digits || std::stoi(port) == 0 || std::stoi(port) > 65535)
        return fail("transport", "webhook URL " + url + " has a bad host or port");
    const bool clean = std::none_of(target.begin(), target.end(), [](char c) {
        return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f;
    });
    if (!clean) return fail("transport", "webhook URL " + url + " has spaces or control characters");
    out.port = std::move(port);
    out.target = std::move(target);
    return out;
}

template <typename Stream>
asio::awaitable<app::DeliveryResult> send_and_read(Stream& stream, const Request& request) {
    co_await bhttp::async_write(stream, request, asio::use_awaitable);
    // Only the status and headers matter; the body (if any) is left unread and the connection
    // closed, so that a receiver's large or endless answer costs us nothing.
    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::empty_body> parser;
    co_await bhttp::async_read_header(stream, buffer, parser, asio::use_awaitable);
    const auto& response = parser.get();
    co_return app::DeliveryResult{static_cast<int>(response.result_int()),
                                  std::string(response[bhttp::field::retry_after])};
}

asio::awaitable<app::DeliveryResult> deliver(Url url, Request request, asio::ssl::context* tls) {
    auto executor = co_await asio::this_coro::executor;
    tcp::resolver resolver(executor);
    const auto endpoints = co_await resolver.async_resolve(url.host, url.port, asio::use_awaitable);
    if (tls == nullptr) {
        beast::tcp_stream stream(executor);
        co_await stream.async_connect(endpoints, asio::use_awaitable);
        auto result = co_await send_and_read(stream, request);
        beast::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
        co_return result;
    }
    beast::ssl_stream<beast::tcp_stream> stream(executor, *tls);
    boost::system::error_code not_ip;
    (void)asio::ip::make_address(url.host, not_ip);
    // SNI names hosts, never IP addresses (RFC 6066 §3).
    // SSL_set_tlsext_host_name, spelled out: the macro casts old-style.
    if (not_ip && SSL_ctrl(stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                           static_cast<void*>(url.host.data())) != 1)
        throw beast::system_error(beast::error_code(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category()));
    stream.set_verify_callback(asio::ssl::host_name_verification(url.host));
    co_await beast::get_lowest_layer(stream).async_connect(endpoints, asio::use_awaitable);
    co_await stream.async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
    co_return co_await send_and_read(stream, request);
}

}  // namespace

struct WebhookClient::Tls {
    asio::ssl::context context{asio::ssl::context::tls_client};
};

WebhookClient::WebhookClient() : tls_(std::make_unique<Tls>()) {
    tls_->context.set_default_verify_paths();
    tls_->context.set_verify_mode(asio::ssl::verify_peer);
}

WebhookClient::~WebhookClient() = default;

Expected<app::DeliveryResult> WebhookClient::post(const std::string& url,
                                                  const std::vector<std::pair<std::string, std::string>>& headers,
                                                  const std::string& body, std::chrono::seconds timeout) {
    auto parsed = parse_url(url);
    if (!parsed) return Unexpected<Error>{parsed.error()};
    Request request{bhttp::verb::post, parsed->target, 11};
    const bool default_port = parsed->port == (parsed->tls ? "443" : "80");
    const std::string host = parsed->host.find(':') != std::string::npos ? "[" + parsed->host + "]" : parsed->host;
    request.set(bhttp::field::host, default_port ? host : host + ":" + parsed->port);
    request.set(bhttp::field::user_agent, "wageguard-webhooks/1");
    request.set(bhttp::field::connection, "close");
    for (const auto& [name, value] : headers) request.set(name, value);
    request.body() = body;
    request.prepare_payload();

    asio::io_context context(1);
    std::optional<Expected<app::DeliveryResult>> outcome;
    asio::co_spawn(context, deliver(*parsed, std::move(request), parsed->tls ? &tls_->context : nullptr),
                   [&outcome](std::exception_ptr failure, app::DeliveryResult result) {
                       if (!failure) {
                           outcome.emplace(result);
                           return;
                       }
                       try {
                           std::rethrow_exception(failure);
                       } catch (const boost::system::system_error& e) {
                           outcome.emplace(fail("transport", e.code().message()));  // what() adds source paths
                       } catch (const std::exception& e) {
                           outcome.emplace(fail("transport", e.what()));
                       }
                   });
    context.run_for(timeout);
    if (!outcome)
        return fail("transport", "no answer from " + parsed->host + ":" + parsed->port + " within " +
                                     std::to_string(timeout.count()) + " s");
    if (!*outcome) {
        Error error = outcome->error();
        error.message = "POST " + parsed->host + ":" + parsed->port + ": " + error.message;
        return Unexpected<Error>{std::move(error)};
    }
    return *outcome;
}

}  // namespace wg::http
