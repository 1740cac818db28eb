// The audit chain's pure logic: finding the first broken link, the Merkle root over chain
// heads, and the Ed25519-signed daily digest.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "adapters/app/audit_chain.hpp"
#include "adapters/app/audit_hash.hpp"

using namespace wg;
using namespace wg::app;

namespace {

const std::string kCase = "0b7c2a4e-5d1f-4c3a-9e8b-1f2a3b4c5d6e";

rules::Instant at(const char* text) { return *rules::parse_instant(text); }

// A whole chain of `length` events for kCase, hashed as the store hashes them.
std::vector<EventRecord> chain_of(int length) {
    std::vector<EventRecord> events;
    std::string prev = kGenesisHash;
    for (int i = 1; i <= length; ++i) {
        EventRecord event;
        event.case_id = kCase;
        event.seq = i;
        event.event = i == 1 ? "open" : "accept";
        event.actor = "inspector-7";
        event.role = "inspector";
        if (i > 1) event.from_state = "pending_acceptance";
        event.to_state = "investigating";
        event.payload = Json{{"amount", "21000.00"}, {"step", i}};
        event.occurred_at = at("2025-09-15T01:30:00.000Z") + std::chrono::minutes(i);
        event.prev_hash = prev;
        event.hash = event_hash(prev, event);
        prev = event.hash;
        events.push_back(std::move(event));
    }
    return events;
}

ChainHead head_of(const std::vector<EventRecord>& events) {
    if (events.empty()) return {kCase, 0, kGenesisHash};
    return {kCase, events.back().seq, events.back().hash};
}

std::optional<Finding> verify(const ChainHead& head, const std::vector<EventRecord>& events) {
    return verify_chain(head, std::span<const EventRecord>(events));
}

std::string hex_decode(const std::string& hex) {
    std::string out;
    for (std::size_t i = 0; i < hex.size(); i += 2)
        out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    return out;
}

std::string hex_encode(const std::string& bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (char byte : bytes) {
        const auto c = static_cast<unsigned char>(byte);
        out += kHex[c >> 4];
        out += kHex[c & 0x0f];
    }
    return out;
}

// RFC 8032 §7.1, test 1: a published Ed25519 key pair and its signature of the empty message.
const std::string kRfcSeed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
const std::string kRfcPublic = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
const std::string kRfcSignature =
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46b"
    "d25bf5f0595bbe24655141438e7a100b";

// PKCS#8 PEM of an Ed25519 seed: the fixed DER prefix of RFC 8410 followed by the 32 bytes.
std::string pem_of_seed(const std::string& seed_hex) {
    const std::string der = hex_decode("302e020100300506032b657004220420" + seed_hex);
    return "-----BEGIN PRIVATE KEY-----\n" + base64_encode(der) + "\n-----END PRIVATE KEY-----\n";
}

AuditSigner rfc_signer() {
    auto signer = AuditSigner::from_pem(pem_of_seed(kRfcSeed));
    REQUIRE_MESSAGE(signer, signer.error().message);
    return *signer;
}

DailyDigest sample_digest() {
    DailyDigest digest;
    digest.date = *rules::parse_date("2025-09-15");
    digest.as_of = end_of_legal_day(digest.date);
    digest.cases = 3;
    digest.events = 4;
    digest.root = sha256_hex("some root");
    return digest;
}

// The level-by-level tree as the documentation states it, to check the streaming builder.
std::string level_wise_root(std::vector<std::string> level) {
    if (level.empty()) return sha256_hex("");
    while (level.size() > 1) {
        std::vector<std::string> next;
        for (std::size_t i = 0; i + 1 < level.size(); i += 2) next.push_back(sha256_hex(level[i] + level[i + 1]));
        if (level.size() % 2 == 1) next.push_back(level.back());
        level = std::move(next);
    }
    return level.front();
}

}  // namespace

TEST_SUITE("audit chain") {

TEST_CASE("a whole chain whose head is its last event has no finding") {
    const auto events = chain_of(3);
    CHECK_FALSE(verify(head_of(events), events));
}

TEST_CASE("a case without events and a genesis head has no finding") {
    CHECK_FALSE(verify({kCase, 0, kGenesisHash}, {}));
}

TEST_CASE("an edited payload is found at its seq as a hash mismatch") {
    auto events = chain_of(3);
    const auto head = head_of(events);
    events[1].payload["amount"] = "1.00";
    const auto finding = verify(head, events);
    REQUIRE(finding);
    CHECK(finding->case_id == kCase);
    CHECK(finding->seq == 2);
    CHECK(finding->code == "hash");
}

TEST_CASE("a row rehashed after editing breaks the link of the next event") {
    auto events = chain_of(3);
    const auto head = head_of(events);
    events[1].payload["amount"] = "1.00";
    events[1].hash = event_hash(events[1].prev_hash, events[1]);
    const auto finding = verify(head, events);
    REQUIRE(finding);
    CHECK(finding->seq == 3);
    CHECK(finding->code == "prev_hash");
}

TEST_CASE("a first event whose prev_hash is not the genesis hash is a broken link") {
    auto events = chain_of(1);
    events[0].prev_hash = std::string(64, 'f');
    events[0].hash = event_hash(events[0].prev_hash, events[0]);
    const auto finding = verify(head_of(events), events);
    REQUIRE(finding);
    CHECK(finding->seq == 1);
    CHECK(finding->code == "prev_hash");
}

TEST_CASE("a deleted middle event is found as a seq gap at the event after it") {
    auto events = chain_of(3);
    const auto head = head_of(events);
    events.erase(events.begin() + 1);
    const auto finding = verify(head, events);
    REQUIRE(finding);
    CHECK(finding->seq == 3);
    CHECK(finding->code == "seq_gap");
}

TEST_CASE("a chain that does not start at seq 1 is a seq gap") {
    auto events = chain_of(2);
    const auto head = head_of(events);
    events.erase(events.begin());
    const auto finding = verify(head, events);
    REQUIRE(finding);
    CHECK(finding->seq == 2);
    CHECK(finding->code == "seq_gap");
}

TEST_CASE("a deleted newest event is found by the head on the case row") {
    auto events = chain_of(3);
    const auto head = head_of(events);
    events.pop_back();
    const auto finding = verify(head, events);
    REQUIRE(finding);
    CHECK(finding->seq == 3);
    CHECK(finding->code == "head_mismatch");
}

TEST_CASE("every event deleted leaves a head that points past an empty chain") {
    const auto events = chain_of(2);
    const auto finding = verify(head_of(events), {});
    REQUIRE(finding);
    CHECK(finding->seq == 2);
    CHECK(finding->code == "head_mismatch");
}

TEST_CASE("a head that lags behind the events is a head mismatch at the last event") {
    const auto events = chain_of(2);
    const auto finding = verify({kCase, 0, kGenesisHash}, events);
    REQUIRE(finding);
    CHECK(finding->seq == 2);
    CHECK(finding->code == "head_mismatch");
}

TEST_CASE("a head with the right seq but another hash is a head mismatch") {
    const auto events = chain_of(2);
    const auto finding = verify({kCase, 2, std::string(64, 'a')}, events);
    REQUIRE(finding);
    CHECK(finding->code == "head_mismatch");
}

TEST_CASE("the tally counts cases, events and broken cases") {
    VerifyTally tally;
    const auto whole = chain_of(3);
    auto cut = chain_of(2);
    const auto cut_head = head_of(cut);
    cut.pop_back();
    CHECK_FALSE(tally.add(head_of(whole), whole));
    CHECK(tally.add(cut_head, cut));
    CHECK(tally.cases == 2);
    CHECK(tally.events == 4);
    CHECK(tally.broken == 1);
}

}  // TEST_SUITE

TEST_SUITE("audit merkle root") {

TEST_CASE("the root of no chains is sha256 of the empty string") {
    CHECK(merkle_root({}) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("the root of one chain is its leaf: sha256 of case_id:seq:hash") {
    const ChainHead head{"a", 2, std::string(64, '1')};
    CHECK(merkle_root({head}) == sha256_hex("a:2:" + std::string(64, '1')));
}

TEST_CASE("the root of two chains hashes their leaves in case id order") {
    const ChainHead a{"a", 1, std::string(64, '1')};
    const ChainHead b{"b", 5, std::string(64, '2')};
    const std::string expected = sha256_hex(sha256_hex("a:1:" + a.hash) + sha256_hex("b:5:" + b.hash));
    CHECK(merkle_root({a, b}) == expected);
    CHECK(merkle_root({b, a}) == expected);
}

TEST_CASE("the root of three chains promotes the odd leaf unchanged") {
    const ChainHead a{"a", 1, std::string(64, '1')};
    const ChainHead b{"b", 2, std::string(64, '2')};
    const ChainHead c{"c", 3, std::string(64, '3')};
    const std::string ab = sha256_hex(sha256_hex("a:1:" + a.hash) + sha256_hex("b:2:" + b.hash));
    const std::string expected = sha256_hex(ab + sha256_hex("c:3:" + c.hash));
    CHECK(merkle_root({c, a, b}) == expected);
}

TEST_CASE("the streaming builder gives the level-by-level root for 1 to 40 chains") {
    std::vector<ChainHead> heads;
    std::vector<std::string> leaves;
    for (int n = 1; n <= 40; ++n) {
        const std::string id = (n < 10 ? "case-0" : "case-") + std::to_string(n);
        heads.push_back({id, n, sha256_hex(id)});
        leaves.push_back(merkle_leaf(heads.back()));
        CHECK_MESSAGE(merkle_root(heads) == level_wise_root(leaves), n << " leaves");
    }
}

TEST_CASE("the builder refuses heads out of case id order") {
    MerkleBuilder builder;
    REQUIRE(builder.add({"b", 1, kGenesisHash}));
    const auto refused = builder.add({"a", 1, kGenesisHash});
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == "order");
    CHECK_FALSE(builder.add({"b", 2, kGenesisHash}));
}

}  // TEST_SUITE

TEST_SUITE("audit digest") {

TEST_CASE("a legal day ends at the next midnight in China, 16:00 UTC") {
    CHECK(rules::format_instant(end_of_legal_day(*rules::parse_date("2025-09-15"))) ==
          "2025-09-15T16:00:00.000Z");
    CHECK(rules::format_instant(end_of_legal_day(*rules::parse_date("2025-12-31"))) ==
          "2025-12-31T16:00:00.000Z");
}

TEST_CASE("the signed bytes are the digest's canonical JSON") {
    auto digest = sample_digest();
    digest.root = std::string(64, 'a');
    CHECK(canonical_digest_json(digest) ==
          R"({"as_of":"2025-09-15T16:00:00.000Z","cases":3,"date":"2025-09-15","events":4,"root":")" +
              std::string(64, 'a') + R"(","version":1})");
}

TEST_CASE("the RFC 8032 key signs the empty message as the RFC says") {
    const auto signer = rfc_signer();
    CHECK(hex_encode(signer.public_key()) == kRfcPublic);
    auto signature = signer.sign("");
    REQUIRE(signature);
    CHECK(hex_encode(*signature) == kRfcSignature);
    CHECK(signature_valid(signer.public_key(), "", *signature));
    CHECK(key_id(signer.public_key()) == sha256_hex(hex_decode(kRfcPublic)).substr(0, 16));
}

TEST_CASE("a public key reads from a private key PEM too") {
    auto key = public_key_from_pem(pem_of_seed(kRfcSeed));
    REQUIRE(key);
    CHECK(hex_encode(*key) == kRfcPublic);
    CHECK_FALSE(public_key_from_pem("not a key"));
}

TEST_CASE("a key that is not Ed25519 PEM is refused") {
    const auto refused = AuditSigner::from_pem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == "key");
}

TEST_CASE("a signed digest verifies and gives back its document") {
    const auto signer = rfc_signer();
    auto signed_digest = sign_digest(sample_digest(), signer);
    REQUIRE(signed_digest);
    CHECK((*signed_digest)["key_id"] == key_id(signer.public_key()));
    const auto verified = verify_signed_digest(*signed_digest, signer.public_key());
    REQUIRE_MESSAGE(verified, verified.error().message);
    CHECK(verified->digest.root == sample_digest().root);
    CHECK(verified->digest.cases == 3);
    CHECK(verified->digest.events == 4);
}

TEST_CASE("a digest survives being written out and read back") {
    auto signed_digest = sign_digest(sample_digest(), rfc_signer());
    REQUIRE(signed_digest);
    const auto reread = Json::parse(signed_digest->dump(2));
    CHECK(verify_signed_digest(reread, std::nullopt));
}

TEST_CASE("one flipped byte of the root fails the signature") {
    auto signed_digest = sign_digest(sample_digest(), rfc_signer());
    REQUIRE(signed_digest);
    auto root = (*signed_digest)["root"].get<std::string>();
    root[10] = root[10] == '0' ? '1' : '0';
    (*signed_digest)["root"] = root;
    const auto refused = verify_signed_digest(*signed_digest, std::nullopt);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == "signature");
}

TEST_CASE("one flipped byte of the signature fails it") {
    auto signed_digest = sign_digest(sample_digest(), rfc_signer());
    REQUIRE(signed_digest);
    auto signature = *base64_decode((*signed_digest)["signature"].get<std::string>());
    signature[0] = static_cast<char>(signature[0] ^ 0x01);
    (*signed_digest)["signature"] = base64_encode(signature);
    const auto refused = verify_signed_digest(*signed_digest, std::nullopt);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == "signature");
}

TEST_CASE("a digest signed by another key fails against the trusted key") {
    auto signed_digest = sign_digest(sample_digest(), rfc_signer());
    REQUIRE(signed_digest);
    const std::string other(32, '\x07');
    const auto refused = verify_signed_digest(*signed_digest, other);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == "key");
}

TEST_CASE("unsigned extra fields and a wrong as_of are refused as format errors") {
    auto signed_digest = sign_digest(sample_digest(), rfc_signer());
    REQUIRE(signed_digest);
    auto extra = *signed_digest;
    extra["note"] = "added later";
    auto moved = *signed_digest;
    moved["as_of"] = "2025-09-15T00:00:00.000Z";
    auto negative = *signed_digest;
    negative["cases"] = -1;
    for (const auto& bad : {extra, moved, negative}) {
        const auto refused = verify_signed_digest(bad, std::nullopt);
        REQUIRE_FALSE(refused);
        CHECK(refused.error().code == "format");
    }
}

TEST_CASE("base64 round-trips every length and refuses stray characters") {
    CHECK(base64_encode("foobar") == "Zm9vYmFy");
    CHECK(base64_encode("fo") == "Zm8=");
    const std::string bytes("\x00\xff\x10wage\x80guard", 13);
    for (std::size_t n = 0; n <= bytes.size(); ++n) {
        const auto text = base64_encode(bytes.substr(0, n));
        CHECK(base64_decode(text) == bytes.substr(0, n));
    }
    CHECK_FALSE(base64_decode("Zm9v!mFy"));
    CHECK_FALSE(base64_decode("Zm9"));
    CHECK_FALSE(base64_decode("Z=9v"));
}

}  // TEST_SUITE
