// HMAC-SHA256 through OpenSSL's EVP_MAC, strict base64, and the checks of the Standard Webhooks
// verification in the order of the reference libraries: timestamp first, then signatures.
#include "adapters/app/standard_webhooks.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>
#include <memory>
#include <optional>
#include <stdexcept>

namespace wg::app {
namespace {

constexpr std::string_view kSecretPrefix = "whsec_";
constexpr std::size_t kMinKeyBytes = 16;
constexpr std::size_t kMacBytes = 32;
constexpr std::size_t kMaxSignatures = 16;  // entries looked at in one header; more is abuse

using Mac = std::array<unsigned char, kMacBytes>;

std::string base64(const unsigned char* bytes, std::size_t size) {
    std::string out(4 * ((size + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes,
                                  static_cast<int>(size));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

bool is_base64_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '/';
}

// Standard base64 with padding, nothing else (EVP_DecodeBlock alone skips blanks and counts
// padding as zero bytes). Empty on malformed input.
std::optional<std::string> unbase64(std::string_view text) {
    if (text.empty() || text.size() % 4 != 0) return std::nullopt;
    std::size_t padding = 0;
    if (text.back() == '=') ++padding;
    if (text[text.size() - 2] == '=') ++padding;
    for (std::size_t i = 0; i < text.size() - padding; ++i)
        if (!is_base64_char(text[i])) return std::nullopt;
    std::string out(3 * text.size() / 4, '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(text.data()),
                                  static_cast<int>(text.size()));
    if (n < 0) return std::nullopt;
    out.resize(static_cast<std::size_t>(n) - padding);
    return out;
}

struct MacCtxFree {
    void operator()(EVP_MAC_CTX* ctx) const { EVP_MAC_CTX_free(ctx); }
};

// The HMAC implementation is fetched once; contexts are per call, so threads never share one.
EVP_MAC* hmac_algorithm() {
    static EVP_MAC* const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    if (mac == nullptr) throw std::runtime_error("OpenSSL offers no HMAC");
    return mac;
}

// HMAC-SHA256(key, id "." timestamp "." body), fed in pieces so that the body is not copied.
Mac signature_bytes(std::string_view key, std::string_view id, std::string_view timestamp,
                    std::string_view body) {
    std::unique_ptr<EVP_MAC_CTX, MacCtxFree> ctx(EVP_MAC_CTX_new(hmac_algorithm()));
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                 OSSL_PARAM_construct_end()};
    const auto* key_bytes = reinterpret_cast<const unsigned char*>(key.data());
    if (!ctx || EVP_MAC_init(ctx.get(), key_bytes, key.size(), params) != 1)
        throw std::runtime_error("HMAC-SHA256 initialisation failed");
    for (std::string_view piece :
         {id, std::string_view("."), timestamp, std::string_view("."), body})
        EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(piece.data()),
                       piece.size());
    Mac mac{};
    std::size_t written = 0;
    if (EVP_MAC_final(ctx.get(), mac.data(), &written, mac.size()) != 1 || written != mac.size())
        throw std::runtime_error("HMAC-SHA256 failed");
    return mac;
}

// Seconds since the epoch, as the header carries them: ASCII digits only.
std::optional<std::int64_t> parse_seconds(std::string_view text) {
    if (text.empty() || text.size() > 18) return std::nullopt;
    std::int64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

// The "v1" entries of a signature header, decoded; entries of other versions are skipped.
std::vector<std::string> v1_signatures(std::string_view header) {
    std::vector<std::string> found;
    std::size_t looked_at = 0;
    while (!header.empty() && looked_at < kMaxSignatures) {
        const std::size_t space = header.find(' ');
        const std::string_view entry = header.substr(0, space);
        header = space == std::string_view::npos ? std::string_view() : header.substr(space + 1);
        if (entry.empty()) continue;
        ++looked_at;
        if (entry.substr(0, 3) != "v1,") continue;
        if (auto bytes = unbase64(entry.substr(3)); bytes && bytes->size() == kMacBytes)
            found.push_back(*bytes);
    }
    return found;
}

}  // namespace

Expected<std::string> decode_webhook_secret(std::string_view whsec) {
    if (whsec.substr(0, kSecretPrefix.size()) != kSecretPrefix)
        return fail("secret", "a webhook secret must start with \"whsec_\"");
    auto key = unbase64(whsec.substr(kSecretPrefix.size()));
    if (!key)
        return fail("secret", "a webhook secret must be \"whsec_\" followed by standard base64");
    if (key->size() < kMinKeyBytes)
        return fail("secret", "a webhook secret must hold at least " +
                                  std::to_string(kMinKeyBytes) + " bytes, found " +
                                  std::to_string(key->size()));
    return std::move(*key);
}

std::string sign_webhook(std::string_view key, std::string_view id, std::int64_t timestamp,
                         std::string_view body) {
    const Mac mac = signature_bytes(key, id, std::to_string(timestamp), body);
    return "v1," + base64(mac.data(), mac.size());
}

Expected<void> verify_webhook(const std::vector<std::string>& keys, std::string_view id,
                              std::string_view timestamp, std::string_view signature_header,
                              std::string_view body, rules::Instant now,
                              std::chrono::seconds tolerance) {
    const auto sent = parse_seconds(timestamp);
    if (!sent) return fail("timestamp", "webhook-timestamp must be whole seconds since 1970");
    const std::int64_t now_seconds =
        std::chrono::floor<std::chrono::seconds>(now.time_since_epoch()).count();
    if (now_seconds - *sent > tolerance.count())
        return fail("timestamp", "webhook-timestamp is too old");
    if (*sent - now_seconds > tolerance.count())
        return fail("timestamp", "webhook-timestamp is in the future");
    if (id.empty()) return fail("signature", "the webhook-id header is missing");
    const auto candidates = v1_signatures(signature_header);
    if (candidates.empty())
        return fail("signature", "webhook-signature holds no \"v1,<base64>\" signature");
    // Every key against every entry, without stopping early: the time taken says nothing about
    // which comparison matched.
    bool matched = false;
    for (const auto& key : keys) {
        const Mac expected = signature_bytes(key, id, timestamp, body);
        for (const auto& candidate : candidates)
            matched |= CRYPTO_memcmp(expected.data(), candidate.data(), kMacBytes) == 0;
    }
    if (!matched) return fail("signature", "no webhook-signature matches a secret of this source");
    return {};
}

}  // namespace wg::app
