// SHA-256 through OpenSSL's EVP interface.
#include "adapters/app/audit_hash.hpp"

#include <openssl/evp.h>

#include <array>

namespace wg::app {

const std::string kGenesisHash(64, '0');

Json event_document(const EventRecord& event) {
    return {
        {"case_id", event.case_id},
        {"seq", event.seq},
        {"event", event.event},
        {"actor", event.actor},
        {"role", event.role},
        {"from_state", event.from_state ? Json(*event.from_state) : Json(nullptr)},
        {"to_state", event.to_state},
        {"payload", event.payload},
        {"occurred_at", rules::format_instant(event.occurred_at)},
    };
}

std::string canonical_event_json(const EventRecord& event) {
    return event_document(event).dump();  // nlohmann::json objects are key-sorted: canonical
}

std::string sha256_hex(const std::string& text) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    EVP_Digest(text.data(), text.size(), digest.data(), &length, EVP_sha256(), nullptr);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        out += kHex[digest[i] >> 4];
        out += kHex[digest[i] & 0x0f];
    }
    return out;
}

std::string event_hash(const std::string& prev_hash, const EventRecord& event) {
    return sha256_hex(prev_hash + canonical_event_json(event));
}

}  // namespace wg::app
