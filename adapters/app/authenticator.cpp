// Bearer tokens (RFC 6750); the audit name of a token's holder is "token:<name>".
#include "adapters/app/authenticator.hpp"

namespace wg::app {
namespace {

Actor actor_of(const TokenRecord& record) { return Actor{"token:" + record.name, record.role, record.region}; }

Expected<Actor> header_actor(std::string_view role, std::string_view actor, std::string_view region) {
    if (role.empty()) return fail("unauthorized", "send Authorization: Bearer <token>");
    return Actor{actor.empty() ? "anonymous" : std::string(actor), std::string(role), std::string(region)};
}

}  // namespace

Expected<Actor> Authenticator::authenticate(std::string_view authorization, std::string_view role_header,
                                            std::string_view actor_header, std::string_view region_header) {
    constexpr std::string_view kBearer = "Bearer ";
    if (authorization.empty()) {
        if (options_.header_identity) return header_actor(role_header, actor_header, region_header);
        return fail("unauthorized", "send Authorization: Bearer <token> (see wageguard token create)");
    }
    if (authorization.size() <= kBearer.size() || authorization.substr(0, kBearer.size()) != kBearer)
        return fail("unauthorized", "the Authorization header must be \"Bearer <token>\"");
    const std::string hash = token_hash(authorization.substr(kBearer.size()));
    const rules::Instant now = clock_.now();
    {
        std::lock_guard lock(mutex_);
        if (auto it = cache_.find(hash); it != cache_.end() && it->second.until > now) return actor_of(it->second.record);
    }
    auto found = tokens_.find_live(hash);
    if (!found) {
        if (found.error().code == "not_found") return fail("unauthorized", "the token is unknown or revoked");
        return Unexpected<Error>{found.error()};
    }
    std::lock_guard lock(mutex_);
    if (cache_.size() > 10'000) cache_.clear();  // bounded: tokens are few, bad guesses are not cached
    cache_[hash] = Cached{*found, now + options_.cache_ttl};
    return actor_of(*found);
}

}  // namespace wg::app
