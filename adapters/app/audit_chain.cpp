// Chain verification, the Merkle root over chain heads, and the Ed25519-signed daily digest
// (OpenSSL EVP). See audit_chain.hpp for the definitions the outside world relies on.
#include "adapters/app/audit_chain.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <algorithm>
#include <cassert>
#include <set>

#include "adapters/app/audit_hash.hpp"

namespace wg::app {
namespace {

// The first hex digits of a hash are enough to tell hashes apart in a message.
std::string short_hash(const std::string& hash) { return hash.substr(0, 12) + "..."; }

std::string seq_text(std::int64_t seq) { return std::to_string(seq); }

// The link of `event` to what came before it: its seq, its prev_hash, its own hash.
std::optional<Finding> check_link(const std::string& case_id, const EventRecord& event,
                                  std::int64_t expected_seq, const std::string& expected_prev) {
    if (event.seq != expected_seq)
        return Finding{case_id, event.seq, "seq_gap",
                       "expected seq " + seq_text(expected_seq) + ", found seq " + seq_text(event.seq) +
                           " (events deleted or out of order)"};
    if (event.prev_hash != expected_prev)
        return Finding{case_id, event.seq, "prev_hash",
                       "prev_hash " + short_hash(event.prev_hash) + " is not " +
                           (expected_seq == 1 ? "the genesis hash (64 zeros)"
                                              : "the hash of seq " + seq_text(expected_seq - 1)) +
                           " (" + short_hash(expected_prev) + ")"};
    const std::string recomputed = event_hash(event.prev_hash, event);
    if (event.hash != recomputed)
        return Finding{case_id, event.seq, "hash",
                       "stored hash " + short_hash(event.hash) + " differs from the recomputed " +
                           short_hash(recomputed) + " (the event row was edited)"};
    return std::nullopt;
}

// The case row's head against the last event: a chain that is whole on its own but shorter
// than the head says has lost its newest events.
std::optional<Finding> check_head(const ChainHead& head, std::span<const EventRecord> events) {
    const std::int64_t last_seq = events.empty() ? 0 : events.back().seq;
    const std::string& last_hash = events.empty() ? kGenesisHash : events.back().hash;
    if (head.seq == last_seq && head.hash == last_hash) return std::nullopt;
    if (head.seq > last_seq)
        return Finding{head.case_id, head.seq, "head_mismatch",
                       "the case row says the chain ends at seq " + seq_text(head.seq) +
                           ", but the last event is seq " + seq_text(last_seq) +
                           " (the newest events were deleted)"};
    if (head.seq < last_seq)
        return Finding{head.case_id, last_seq, "head_mismatch",
                       "the case row says the chain ends at seq " + seq_text(head.seq) +
                           ", but events run to seq " + seq_text(last_seq) +
                           " (events added by hand, or the head was not updated)"};
    return Finding{head.case_id, head.seq, "head_mismatch",
                   "the case row's head hash " + short_hash(head.hash) + " is not the hash of seq " +
                       seq_text(last_seq) + " (" + short_hash(last_hash) + ")"};
}

}  // namespace

std::optional<Finding> verify_chain(const ChainHead& stored_head, std::span<const EventRecord> events) {
    const std::string* previous_hash = &kGenesisHash;
    std::int64_t expected_seq = 1;
    for (const auto& event : events) {
        if (auto broken = check_link(stored_head.case_id, event, expected_seq, *previous_hash)) return broken;
        previous_hash = &event.hash;
        ++expected_seq;
    }
    return check_head(stored_head, events);
}

std::optional<Finding> VerifyTally::add(const ChainHead& stored_head, std::span<const EventRecord> chain_events) {
    ++cases;
    events += static_cast<std::int64_t>(chain_events.size());
    auto finding = verify_chain(stored_head, chain_events);
    if (finding) ++broken;
    return finding;
}

// --- Merkle root ------------------------------------------------------------------------------

const std::string kEmptyMerkleRoot = sha256_hex("");

std::string merkle_leaf(const ChainHead& head) {
    return sha256_hex(head.case_id + ":" + seq_text(head.seq) + ":" + head.hash);
}

std::string merkle_parent(const std::string& left, const std::string& right) {
    return sha256_hex(left + right);
}

Expected<void> MerkleBuilder::add(const ChainHead& head) {
    if (leaves_ > 0 && head.case_id <= last_case_id_)
        return fail("order", "chain heads must come in increasing case_id order: " + head.case_id +
                                 " after " + last_case_id_);
    last_case_id_ = head.case_id;
    ++leaves_;
    stack_.push_back({0, merkle_leaf(head)});
    // Two perfect subtrees of equal height are neighbours on their level: join them.
    while (stack_.size() >= 2 && stack_[stack_.size() - 2].height == stack_.back().height) {
        Subtree right = std::move(stack_.back());
        stack_.pop_back();
        stack_.back().hash = merkle_parent(stack_.back().hash, right.hash);
        ++stack_.back().height;
    }
    return {};
}

std::string MerkleBuilder::root() const {
    if (stack_.empty()) return kEmptyMerkleRoot;
    // The leftover subtrees shrink to the right; promoting odd nodes level by level joins them
    // right to left, so folding from the right gives the same root as the level-wise tree.
    std::string acc = stack_.back().hash;
    for (auto it = stack_.rbegin() + 1; it != stack_.rend(); ++it) acc = merkle_parent(it->hash, acc);
    return acc;
}

std::string merkle_root(std::vector<ChainHead> heads) {
    std::sort(heads.begin(), heads.end(),
              [](const ChainHead& a, const ChainHead& b) { return a.case_id < b.case_id; });
    MerkleBuilder builder;
    for (const auto& head : heads) {
        [[maybe_unused]] auto added = builder.add(head);
        assert(added && "merkle_root: duplicate case_id");
    }
    return builder.root();
}

// --- the digest document ----------------------------------------------------------------------

rules::Instant end_of_legal_day(rules::Date date) {
    using namespace std::chrono;
    return rules::Instant{sys_days{date} + days{1} - hours{8}};
}

namespace {

Json digest_document(const DailyDigest& digest) {
    return Json{{"version", 1},
                {"date", rules::format_date(digest.date)},
                {"as_of", rules::format_instant(digest.as_of)},
                {"cases", digest.cases},
                {"events", digest.events},
                {"root", digest.root}};
}

}  // namespace

std::string canonical_digest_json(const DailyDigest& digest) {
    return digest_document(digest).dump();  // nlohmann::json objects are key-sorted: canonical
}

// --- Ed25519 through OpenSSL EVP --------------------------------------------------------------

namespace {

constexpr std::size_t kPublicKeySize = 32;
constexpr std::size_t kSignatureSize = 64;

struct PkeyFree {
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct BioFree {
    void operator()(BIO* bio) const { BIO_free(bio); }
};
struct MdCtxFree {
    void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using BioPtr = std::unique_ptr<BIO, BioFree>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

const unsigned char* bytes_of(std::string_view text) {
    return reinterpret_cast<const unsigned char*>(text.data());
}

// Refuses to prompt for a passphrase: the command runs unattended.
int no_passphrase(char*, int, int, void*) { return 0; }

BioPtr memory_bio(std::string_view pem) {
    return BioPtr(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

PkeyPtr read_private_key(std::string_view pem) {
    auto bio = memory_bio(pem);
    PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr));
    ERR_clear_error();  // a failed read leaves errors queued that would confuse later calls
    return key;
}

PkeyPtr read_public_key(std::string_view pem) {
    auto bio = memory_bio(pem);
    PkeyPtr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, no_passphrase, nullptr));
    ERR_clear_error();
    return key;
}

std::string raw_public_key(EVP_PKEY* key) {
    std::string raw(kPublicKeySize, '\0');
    std::size_t length = raw.size();
    EVP_PKEY_get_raw_public_key(key, reinterpret_cast<unsigned char*>(raw.data()), &length);
    raw.resize(length);
    return raw;
}

bool is_ed25519(const PkeyPtr& key) { return key && EVP_PKEY_id(key.get()) == EVP_PKEY_ED25519; }

}  // namespace

struct AuditSigner::Key {
    PkeyPtr pkey;
};

AuditSigner::AuditSigner(std::shared_ptr<Key> key, std::string public_key)
    : key_(std::move(key)), public_key_(std::move(public_key)) {}

Expected<AuditSigner> AuditSigner::from_pem(std::string_view pem) {
    auto pkey = read_private_key(pem);
    if (!is_ed25519(pkey))
        return fail("key", "not an unencrypted Ed25519 private key in PEM "
                           "(make one with: openssl genpkey -algorithm ed25519 -out audit-key.pem)");
    std::string public_key = raw_public_key(pkey.get());
    return AuditSigner(std::make_shared<Key>(Key{std::move(pkey)}), std::move(public_key));
}

Expected<std::string> AuditSigner::sign(std::string_view message) const {
    MdCtxPtr ctx(EVP_MD_CTX_new());
    std::string signature(kSignatureSize, '\0');
    std::size_t length = signature.size();
    // Ed25519 hashes the message itself: no digest is named, and signing is one shot.
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key_->pkey.get()) != 1 ||
        EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                       bytes_of(message), message.size()) != 1) {
        ERR_clear_error();
        return fail("signature", "OpenSSL could not sign with the Ed25519 key");
    }
    signature.resize(length);
    return signature;
}

Expected<std::string> public_key_from_pem(std::string_view pem) {
    auto key = read_public_key(pem);
    if (!key) key = read_private_key(pem);
    if (!is_ed25519(key)) return fail("key", "not an Ed25519 public or private key in PEM");
    return raw_public_key(key.get());
}

bool signature_valid(std::string_view public_key, std::string_view message, std::string_view signature) {
    if (public_key.size() != kPublicKeySize || signature.size() != kSignatureSize) return false;
    PkeyPtr key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, bytes_of(public_key),
                                            public_key.size()));
    MdCtxPtr ctx(EVP_MD_CTX_new());
    const bool valid = key && ctx &&
                       EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) == 1 &&
                       EVP_DigestVerify(ctx.get(), bytes_of(signature), signature.size(),
                                        bytes_of(message), message.size()) == 1;
    ERR_clear_error();
    return valid;
}

std::string key_id(std::string_view public_key) {
    return sha256_hex(std::string(public_key)).substr(0, 16);
}

Expected<Json> sign_digest(const DailyDigest& digest, const AuditSigner& signer) {
    auto signature = signer.sign(canonical_digest_json(digest));
    if (!signature) return Unexpected<Error>{signature.error()};
    Json document = digest_document(digest);
    document["signature"] = base64_encode(*signature);
    document["public_key"] = base64_encode(signer.public_key());
    document["key_id"] = key_id(signer.public_key());
    return document;
}

// --- reading a signed digest back -------------------------------------------------------------

namespace {

const std::set<std::string> kSignedDigestFields{"version", "date",      "as_of",      "cases", "events",
                                                "root",    "signature", "public_key", "key_id"};

bool is_lower_hex(const std::string& text, std::size_t size) {
    return text.size() == size && std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

Expected<std::string> string_field(const Json& document, const std::string& name) {
    const auto it = document.find(name);
    if (it == document.end() || !it->is_string()) return fail("format", "\"" + name + "\" must be a string", name);
    return it->get<std::string>();
}

Expected<std::int64_t> count_field(const Json& document, const std::string& name) {
    const auto it = document.find(name);
    if (it == document.end() || !it->is_number_integer() || it->get<std::int64_t>() < 0)
        return fail("format", "\"" + name + "\" must be a non-negative integer", name);
    return it->get<std::int64_t>();
}

// Only the known fields: anything else would travel with the digest without being signed.
Expected<void> check_field_names(const Json& document) {
    if (!document.is_object()) return fail("format", "a signed digest is a JSON object");
    for (const auto& [name, value] : document.items())
        if (!kSignedDigestFields.contains(name)) return fail("format", "unexpected field \"" + name + "\"", name);
    const auto version = document.find("version");
    if (version == document.end() || *version != 1) return fail("format", "\"version\" must be 1", "version");
    return {};
}

Expected<rules::Date> date_field(const Json& document) {
    auto text = string_field(document, "date");
    if (!text) return Unexpected<Error>{text.error()};
    auto date = rules::parse_date(*text);
    if (!date) return fail("format", "\"date\" must be YYYY-MM-DD", "date");
    return *date;
}

// The document part, checked for form: what the signature covers.
Expected<DailyDigest> parse_document(const Json& document) {
    if (auto names = check_field_names(document); !names) return Unexpected<Error>{names.error()};
    DailyDigest digest;
    auto date = date_field(document);
    if (!date) return Unexpected<Error>{date.error()};
    digest.date = *date;
    digest.as_of = end_of_legal_day(digest.date);
    auto as_of = string_field(document, "as_of");
    if (!as_of) return Unexpected<Error>{as_of.error()};
    if (*as_of != rules::format_instant(digest.as_of))
        return fail("format", "\"as_of\" must be " + rules::format_instant(digest.as_of) + ", the end of " +
                                  rules::format_date(digest.date) + " in China time", "as_of");
    auto cases = count_field(document, "cases");
    if (!cases) return Unexpected<Error>{cases.error()};
    auto events = count_field(document, "events");
    if (!events) return Unexpected<Error>{events.error()};
    auto root = string_field(document, "root");
    if (!root) return Unexpected<Error>{root.error()};
    if (!is_lower_hex(*root, 64)) return fail("format", "\"root\" must be 64 lower-case hex digits", "root");
    digest.cases = *cases;
    digest.events = *events;
    digest.root = *root;
    return digest;
}

Expected<std::string> base64_field(const Json& document, const std::string& name, std::size_t size) {
    auto text = string_field(document, name);
    if (!text) return Unexpected<Error>{text.error()};
    auto raw = base64_decode(*text);
    if (!raw || raw->size() != size)
        return fail("format", "\"" + name + "\" must be base64 of " + std::to_string(size) + " bytes", name);
    return *raw;
}

}  // namespace

Expected<VerifiedDigest> verify_signed_digest(const Json& signed_digest,
                                              const std::optional<std::string>& trusted_public_key) {
    auto digest = parse_document(signed_digest);
    if (!digest) return Unexpected<Error>{digest.error()};
    auto public_key = base64_field(signed_digest, "public_key", kPublicKeySize);
    if (!public_key) return Unexpected<Error>{public_key.error()};
    auto signature = base64_field(signed_digest, "signature", kSignatureSize);
    if (!signature) return Unexpected<Error>{signature.error()};
    auto id = string_field(signed_digest, "key_id");
    if (!id) return Unexpected<Error>{id.error()};
    if (*id != key_id(*public_key)) return fail("key", "\"key_id\" does not name the embedded public key", "key_id");
    if (trusted_public_key && *trusted_public_key != *public_key)
        return fail("key", "signed by key " + *id + ", not by the trusted key " + key_id(*trusted_public_key));
    if (!signature_valid(*public_key, canonical_digest_json(*digest), *signature))
        return fail("signature", "the signature does not match the document (it was altered after signing)");
    return VerifiedDigest{std::move(*digest), std::move(*public_key), std::move(*id)};
}

// --- base64 -----------------------------------------------------------------------------------

namespace {
constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
}  // namespace

std::string base64_encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
        std::uint32_t group = 0;
        for (std::size_t k = 0; k < 3; ++k)
            group = (group << 8) | (k < n ? static_cast<unsigned char>(bytes[i + k]) : 0U);
        for (std::size_t k = 0; k < 4; ++k)
            out += k <= n ? kBase64Alphabet[(group >> (18 - 6 * k)) & 0x3f] : '=';
    }
    return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
    if (text.size() % 4 != 0) return std::nullopt;
    const std::size_t padding = text.ends_with("==") ? 2 : text.ends_with("=") ? 1 : 0;
    std::string out;
    std::uint32_t group = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool pad = i >= text.size() - padding;
        const std::size_t value = pad ? 0 : kBase64Alphabet.find(text[i]);
        if (value == std::string_view::npos) return std::nullopt;
        group = (group << 6) | static_cast<std::uint32_t>(value);
        if (i % 4 != 3) continue;
        for (int shift = 16; shift >= 0; shift -= 8) out += static_cast<char>((group >> shift) & 0xff);
        group = 0;
    }
    out.resize(out.size() - padding);
    return out;
}

}  // namespace wg::app
