// Checking the audit chain and sealing it: the first broken link of a case's chain, the Merkle
// root over all chain heads, and the signed daily digest handed to an outside timestamping
// authority. Pure logic: the events come from the caller (pg/pg_audit reads them).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/app/case_store.hpp"
#include "rules/date.hpp"
#include "rules/expected.hpp"

namespace wg::app {

// --- verifying one chain ----------------------------------------------------------------------

/// The head of a case's chain: the seq and hash of its last event (0 and 64 zeros when the case
/// has none). The store keeps it on the case row, written with each append.
struct ChainHead {
    std::string case_id;
    std::int64_t seq = 0;
    std::string hash;
};

/// The first broken link of one chain. Codes: `seq_gap` (seqs not 1, 2, 3 …: a row deleted),
/// `prev_hash` (a row's prev_hash is not the stored hash before it), `hash` (a row's hash is not
/// the recomputed one: the row was edited), `head_mismatch` (the case row's head is not the last
/// event: the newest events were deleted, or the head was edited).
struct Finding {
    std::string case_id;
    std::int64_t seq = 0;
    std::string code;
    std::string message;
};

/// Walks `events` (one case's, in seq order) against the case's stored head and returns the
/// first broken link, or nullopt when the chain is whole.
std::optional<Finding> verify_chain(const ChainHead& stored_head, std::span<const EventRecord> events);

/// Totals of a verification run. Findings are handed back, not kept, so that a run over
/// millions of broken cases (say, heads never written) still takes bounded memory.
struct VerifyTally {
    std::int64_t cases = 0;
    std::int64_t events = 0;
    std::int64_t broken = 0;

    /// Verifies one case's chain, counts it, and returns its first broken link if any.
    std::optional<Finding> add(const ChainHead& stored_head, std::span<const EventRecord> events);
};

// --- the Merkle root over chain heads ---------------------------------------------------------

/// The leaf of one chain head: sha256 hex of "case_id:seq:hash" (text, seq in decimal).
std::string merkle_leaf(const ChainHead& head);

/// sha256 hex of the two child hashes' hex texts concatenated, left first.
std::string merkle_parent(const std::string& left, const std::string& right);

/// The root of no leaves: sha256 of the empty string (as in RFC 6962).
extern const std::string kEmptyMerkleRoot;

/// Builds the root over chain heads fed one at a time in strictly increasing case_id order,
/// keeping only O(log n) hashes, so the heads of millions of cases can stream through.
///
/// The tree: leaves are merkle_leaf() of each head, sorted by case_id; each level pairs
/// neighbours left to right with merkle_parent(); an odd last node is promoted unchanged to the
/// next level; the single node left is the root. Leaf preimages contain ':' and inner preimages
/// are 128 hex digits, so a leaf can never pass for an inner node.
class MerkleBuilder {
public:
    /// Adds the next head; `order` error when its case_id is not greater than the previous one.
    Expected<void> add(const ChainHead& head);
    /// The root over the heads added so far.
    [[nodiscard]] std::string root() const;
    [[nodiscard]] std::int64_t leaves() const { return leaves_; }

private:
    struct Subtree {
        int height = 0;
        std::string hash;
    };
    std::vector<Subtree> stack_;  // perfect subtrees, heights strictly decreasing
    std::string last_case_id_;
    std::int64_t leaves_ = 0;
};

/// The root over `heads` in any order (sorted here by case_id). Case ids must be distinct.
std::string merkle_root(std::vector<ChainHead> heads);

// --- the daily digest -------------------------------------------------------------------------

/// The state of every chain at the end of one legal day (China time): the document signed
/// and sent for timestamping.
struct DailyDigest {
    rules::Date date{};
    rules::Instant as_of{};  // end_of_legal_day(date)
    std::int64_t cases = 0;  // chains with an event before as_of
    std::int64_t events = 0;
    std::string root;        // merkle root over those chains' heads as of as_of
};

/// The instant a legal day ends: the next day at 00:00 +08:00.
rules::Instant end_of_legal_day(rules::Date date);

/// Canonical JSON (keys sorted, no spaces) of {"version":1,"date","as_of","cases","events","root"}:
/// the exact bytes that are signed.
std::string canonical_digest_json(const DailyDigest& digest);

/// An Ed25519 private key, loaded from PEM (`openssl genpkey -algorithm ed25519`).
class AuditSigner {
public:
    /// Codes: `key` (not PEM, or not an Ed25519 private key).
    static Expected<AuditSigner> from_pem(std::string_view pem);

    /// The 64-byte Ed25519 signature of `message`. Codes: `signature` (OpenSSL refused).
    [[nodiscard]] Expected<std::string> sign(std::string_view message) const;
    /// The raw 32-byte public key.
    [[nodiscard]] const std::string& public_key() const { return public_key_; }

private:
    struct Key;
    explicit AuditSigner(std::shared_ptr<Key> key, std::string public_key);
    std::shared_ptr<Key> key_;
    std::string public_key_;
};

/// The raw 32-byte Ed25519 public key from a PEM public key or private key. Codes: `key`.
Expected<std::string> public_key_from_pem(std::string_view pem);

/// Whether `signature` is the Ed25519 signature of `message` by the raw `public_key`.
bool signature_valid(std::string_view public_key, std::string_view message, std::string_view signature);

/// First 16 hex digits of sha256 of the raw public key: names a key in files and logs.
std::string key_id(std::string_view public_key);

/// The digest document plus "signature" (base64), "public_key" (base64 of the raw 32 bytes)
/// and "key_id". Codes: `signature`.
Expected<Json> sign_digest(const DailyDigest& digest, const AuditSigner& signer);

/// A signed digest whose signature checked out.
struct VerifiedDigest {
    DailyDigest digest;
    std::string public_key;  // raw
    std::string key_id;
};

/// Parses a signed digest and checks it: the fields and their formats, as_of being the end of
/// `date`, key_id matching public_key, and the signature over the canonical document. When
/// `trusted_public_key` (raw) is given, the embedded key must be that one. Codes: `format`
/// (missing, extra or malformed field), `key` (not the trusted key, or key_id wrong),
/// `signature` (does not verify: the document was altered).
Expected<VerifiedDigest> verify_signed_digest(const Json& signed_digest,
                                              const std::optional<std::string>& trusted_public_key);

// --- encodings --------------------------------------------------------------------------------

/// Standard base64 with padding.
std::string base64_encode(std::string_view bytes);
/// Strict standard base64 with padding; nullopt on anything else.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace wg::app
