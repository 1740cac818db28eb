// The HTTP client that delivers outbound webhooks: http:// and https:// (OpenSSL; the peer's
// certificate is verified against the system's CAs and its host name, with SNI). Beast and Asio
// stay inside webhook_client.cpp; callers see the app::WebhookTransport port.
#pragma once

#include <memory>

#include "adapters/app/outbound_webhooks.hpp"

namespace wg::http {

class WebhookClient final : public app::WebhookTransport {
public:
    WebhookClient();
    ~WebhookClient() override;
    WebhookClient(const WebhookClient&) = delete;
    WebhookClient& operator=(const WebhookClient&) = delete;

    /// One POST on a fresh connection ("Connection: close"); reads the status line and headers
    /// only. `timeout` covers resolving, connecting, the TLS handshake, sending and the answer.
    /// Thread-safe. Code `transport` for a malformed URL, DNS, connect, TLS or timeout failures.
    Expected<app::DeliveryResult> post(const std::string& url,
                                       const std::vector<std::pair<std::string, std::string>>& headers,
                                       const std::string& body, std::chrono::seconds timeout) override;

private:
    struct Tls;
    std::unique_ptr<Tls> tls_;
};

}  // namespace wg::http
