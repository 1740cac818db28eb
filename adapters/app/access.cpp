// Token material and region arithmetic; storage is the TokenStore's.
#include "adapters/app/access.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <stdexcept>

#include "adapters/app/audit_hash.hpp"

namespace wg::app {

const std::vector<std::string>& token_roles() {
    static const std::vector<std::string> roles{"inspector", "supervisor", "mediator", "arbitrator",
                                                "court",     "registry",   "admin"};
    return roles;
}

bool is_staff_role(std::string_view role) {
    return role != "registry" && std::find(token_roles().begin(), token_roles().end(), role) != token_roles().end();
}

std::string region_prefix(std::string_view scope) {
    std::string prefix(scope);
    while (prefix.size() >= 2 && prefix.ends_with("00")) prefix.resize(prefix.size() - 2);
    return prefix;
}

bool region_covers(std::string_view scope, std::string_view region) {
    if (scope.empty()) return true;
    if (region.empty()) return false;
    return region.starts_with(region_prefix(scope));
}

std::string new_token() {
    std::array<unsigned char, 32> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
        throw std::runtime_error("the random number generator failed");
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out = "wgt_";
    unsigned buffer = 0;
    int bits = 0;
    for (unsigned char byte : bytes) {
        buffer = (buffer << 8) | byte;
        bits += 8;
        while (bits >= 6) {
            out += kAlphabet[(buffer >> (bits - 6)) & 0x3f];
            bits -= 6;
        }
    }
    if (bits > 0) out += kAlphabet[(buffer << (6 - bits)) & 0x3f];
    return out;
}

std::string token_hash(std::string_view token) { return sha256_hex(std::string(token)); }

}  // namespace wg::app
