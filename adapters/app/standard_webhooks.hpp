// Standard Webhooks signatures (https://www.standardwebhooks.com): "whsec_" secrets, the
// "v1,<base64 HMAC-SHA256>" signature of "id.timestamp.body", and its verification with key
// rotation, a timestamp tolerance and constant-time comparison. Shared by inbound and outbound
// webhooks.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rules/date.hpp"
#include "rules/expected.hpp"

namespace wg::app {

/// "whsec_<base64>" → the key bytes; code `secret` when malformed (no prefix, bad base64, or
/// fewer than 16 key bytes).
Expected<std::string> decode_webhook_secret(std::string_view whsec);

/// "v1,<base64 HMAC-SHA256(key, id + "." + timestamp + "." + body)>"
std::string sign_webhook(std::string_view key, std::string_view id, std::int64_t timestamp,
                         std::string_view body);

/// Verifies webhook-id/webhook-timestamp/webhook-signature (the signature header may hold
/// several space-separated "v1,…" entries; other versions are ignored) against any of `keys`
/// (rotation), with constant-time comparison (CRYPTO_memcmp) and |now - timestamp| <= tolerance,
/// `now` taken in whole seconds as the reference implementations do. Codes: `signature` (no
/// match / malformed / missing id), `timestamp` (stale or malformed).
Expected<void> verify_webhook(const std::vector<std::string>& keys, std::string_view id,
                              std::string_view timestamp, std::string_view signature_header,
                              std::string_view body, rules::Instant now,
                              std::chrono::seconds tolerance = std::chrono::minutes(5));

}  // namespace wg::app
