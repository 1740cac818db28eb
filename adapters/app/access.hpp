// Who may do what: API tokens, staff roles and regions (DESIGN.md §7).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/date.hpp"
#include "rules/expected.hpp"

namespace wg::app {

/// The roles a token can carry. Workflow YAML names which of them may fire each event; `system`
/// (deadlines, relays) and `worker` (the public complaint route) never come from a token.
const std::vector<std::string>& token_roles();

/// Staff roles: those that read cases through the API (all but `registry`).
bool is_staff_role(std::string_view role);

/// Whether a caller scoped to `scope` may see a case in `region`. An empty scope sees all. A
/// scope covers the divisions below it: trailing "00" pairs are wildcards, so 440000 (Guangdong)
/// covers 440111, and 440100 (Guangzhou) covers 440111 (Baiyun) but not 440306 (Shenzhen).
/// A case without a region is visible only to unscoped callers.
bool region_covers(std::string_view scope, std::string_view region);

/// The prefix of division codes a scope covers ("4401" for 440100; "" for an empty scope).
std::string region_prefix(std::string_view scope);

/// A stored token (never the token itself).
struct TokenRecord {
    std::string id;
    std::string name;
    std::string role;
    std::string region;  // "" when the holder is not bound to an area
    std::string prefix;
    rules::Instant created_at{};
    std::optional<rules::Instant> revoked_at;
};

/// A new token: "wgt_" and 43 characters of base64url (256 random bits). Shown once.
std::string new_token();

/// Lower-case hex sha256 of the token: what is stored and looked up. A token has 256 bits of
/// entropy, so a plain hash is safe (no pepper or slow hash is needed, unlike ID numbers).
std::string token_hash(std::string_view token);

class TokenStore {
public:
    virtual ~TokenStore() = default;
    /// Stores a token's hash; returns the record and the token (the only time it is known).
    /// Codes: validation (unknown role, bad region, empty name).
    virtual Expected<std::pair<TokenRecord, std::string>> create(const std::string& name, const std::string& role,
                                                                 const std::string& region, rules::Instant now) = 0;
    virtual Expected<std::vector<TokenRecord>> list() = 0;
    /// Revokes by id or by the prefix shown in lists. Codes: not_found, ambiguous.
    virtual Expected<TokenRecord> revoke(const std::string& id_or_prefix, rules::Instant now) = 0;
    /// The live (not revoked) token with this hash, or not_found.
    virtual Expected<TokenRecord> find_live(const std::string& hash) = 0;
};

}  // namespace wg::app
