// Who is calling: a Bearer token looked up by its hash (cached briefly), or — only in the
// development mode that test servers and a loopback-only server may enable — identity headers.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "adapters/app/access.hpp"
#include "adapters/app/case_service.hpp"
#include "adapters/app/clock.hpp"

namespace wg::app {

struct AuthOptions {
    /// Accept X-Wageguard-Role / X-Wageguard-Actor / X-Wageguard-Region instead of a token.
    /// Never in production: ServerApp refuses it unless the server listens on loopback only.
    bool header_identity = false;
    /// How long a token found valid is trusted without asking the database again (so a
    /// revocation takes effect on every node within this time).
    std::chrono::seconds cache_ttl{10};
};

class Authenticator {
public:
    Authenticator(TokenStore& tokens, const Clock& clock, AuthOptions options)
        : tokens_(tokens), clock_(clock), options_(options) {}

    /// The caller of a request, from its Authorization header (and the identity headers in
    /// development mode). Codes: unauthorized (no or unknown or revoked token),
    /// database_unavailable.
    Expected<Actor> authenticate(std::string_view authorization, std::string_view role_header,
                                 std::string_view actor_header, std::string_view region_header);

private:
    struct Cached {
        TokenRecord record;
        rules::Instant until{};
    };
    TokenStore& tokens_;
    const Clock& clock_;
    AuthOptions options_;
    std::mutex mutex_;
    std::unordered_map<std::string, Cached> cache_;
};

}  // namespace wg::app
