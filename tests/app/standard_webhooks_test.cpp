// Standard Webhooks signing and verification, the webhooks file, and the CloudEvents checks
// and correlation rules of inbound webhooks: plain values, no database.
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "adapters/app/inbound_webhooks.hpp"
#include "adapters/app/standard_webhooks.hpp"
#include "adapters/app/webhook_config.hpp"
#include "tests/support/temp_file.hpp"

using namespace wg;
using namespace wg::app;

namespace {

// The example of the Standard Webhooks specification and its reference libraries.
const std::string kSpecSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const std::string kSpecId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const std::string kSpecBody = R"({"test": 2432232314})";
constexpr std::int64_t kSpecTimestamp = 1614265330;
const std::string kSpecSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

// Our own vector, with a UTF-8 body, computed independently with
//   printf '%s' 'msg_court_0001.1767225600.<body>' |
//     openssl dgst -sha256 -mac HMAC -macopt hexkey:$(printf 'wageguard-court-test-secret-32by' |
//     xxd -p -c 256) -binary | base64
const std::string kCourtSecret = "whsec_d2FnZWd1YXJkLWNvdXJ0LXRlc3Qtc2VjcmV0LTMyYnk=";
const std::string kCourtBody =
    R"({"specversion":"1.0","type":"cn.court.case.accepted","data":{"case_number":"(2026)粤0111民初1号"}})";
const std::string kCourtSignature = "v1,sfwC+E73gejs715yEdJyJz6q0YqWN7toUR1v3U85LCc=";

rules::Instant seconds(std::int64_t since_epoch) {
    return rules::Instant(std::chrono::milliseconds(since_epoch * 1000));
}

std::string key_of(const std::string& whsec) {
    return *decode_webhook_secret(whsec);
}

Expected<void> verify_spec(const std::vector<std::string>& keys, const std::string& signature,
                           rules::Instant now, const std::string& body = kSpecBody) {
    return verify_webhook(keys, kSpecId, std::to_string(kSpecTimestamp), signature, body, now);
}

}  // namespace

TEST_CASE("the specification's example is signed and verified as published") {
    const std::string key = key_of(kSpecSecret);
    CHECK(sign_webhook(key, kSpecId, kSpecTimestamp, kSpecBody) == kSpecSignature);
    CHECK(verify_spec({key}, kSpecSignature, seconds(kSpecTimestamp)).has_value());
}

TEST_CASE("a UTF-8 body signs to the value openssl computes") {
    CHECK(sign_webhook(key_of(kCourtSecret), "msg_court_0001", 1767225600, kCourtBody) ==
          kCourtSignature);
}

TEST_CASE("secrets must be whsec_ and standard base64 of at least 16 bytes") {
    CHECK(key_of(kSpecSecret).size() == 24);
    CHECK(decode_webhook_secret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").error().code == "secret");
    CHECK(decode_webhook_secret("whsec_").error().code == "secret");
    CHECK(decode_webhook_secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS").error().code ==
          "secret");  // length
    CHECK(decode_webhook_secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2La$aSw").error().code == "secret");
    CHECK(decode_webhook_secret("whsec_c2hvcnQ=").error().code == "secret");  // "short"
    CHECK(key_of("whsec_"
                 "MDEyMzQ1Njc4OWFiY2RlZg==") == "0123456789abcdef");
    CHECK(key_of("whsec_"
                 "MDEyMzQ1Njc4OWFiY2RlZmc=") == "0123456789abcdefg");
}

TEST_CASE("a tampered body, id or timestamp fails with code signature") {
    const std::string key = key_of(kSpecSecret);
    const auto now = seconds(kSpecTimestamp);
    CHECK(verify_spec({key}, kSpecSignature, now, R"({"test": 2432232315})").error().code ==
          "signature");
    CHECK(verify_spec({key}, kSpecSignature, now, kSpecBody + " ").error().code == "signature");
    CHECK(verify_webhook({key}, "msg_other", std::to_string(kSpecTimestamp), kSpecSignature,
                         kSpecBody, now)
              .error()
              .code == "signature");
    CHECK(verify_webhook({key}, kSpecId, std::to_string(kSpecTimestamp + 1), kSpecSignature,
                         kSpecBody, now)
              .error()
              .code == "signature");
    CHECK(verify_webhook({key}, "", std::to_string(kSpecTimestamp), kSpecSignature, kSpecBody, now)
              .error()
              .code == "signature");
}

TEST_CASE(
    "a signature under another key fails, and during a rotation any configured key is accepted") {
    const std::string newest = key_of(kCourtSecret), oldest = key_of(kSpecSecret);
    const auto now = seconds(kSpecTimestamp);
    CHECK(verify_spec({newest}, kSpecSignature, now).error().code == "signature");
    CHECK(verify_spec({newest, oldest}, kSpecSignature, now).has_value());
    CHECK(verify_spec({oldest, newest}, kSpecSignature, now).has_value());
    CHECK(verify_spec({}, kSpecSignature, now).error().code == "signature");
}

TEST_CASE(
    "the header may hold several signatures: one match is enough, other versions are ignored") {
    const std::string key = key_of(kSpecSecret);
    const auto now = seconds(kSpecTimestamp);
    const std::string wrong = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
    CHECK(verify_spec({key}, wrong + " " + kSpecSignature, now).has_value());
    CHECK(verify_spec({key}, kSpecSignature + " " + wrong, now).has_value());
    CHECK(verify_spec({key}, "v1a,abc " + kSpecSignature, now).has_value());
    CHECK(verify_spec({key}, wrong, now).error().code == "signature");
    CHECK(verify_spec({key}, "v2," + kSpecSignature.substr(3), now).error().code == "signature");
    CHECK(verify_spec({key}, kSpecSignature.substr(3), now).error().code ==
          "signature");  // no "v1,"
    CHECK(verify_spec({key}, "v1,not base64!", now).error().code == "signature");
    CHECK(verify_spec({key}, "", now).error().code == "signature");
}

TEST_CASE("the timestamp may be off by five minutes either way, and no more") {
    const std::string key = key_of(kSpecSecret);
    CHECK(verify_spec({key}, kSpecSignature, seconds(kSpecTimestamp + 300)).has_value());
    CHECK(verify_spec({key}, kSpecSignature, seconds(kSpecTimestamp - 300)).has_value());
    // Whole seconds of `now` count, as in the reference libraries: 300.999 s is still 300.
    CHECK(verify_spec({key}, kSpecSignature,
                      seconds(kSpecTimestamp + 300) + std::chrono::milliseconds(999))
              .has_value());
    const auto stale = verify_spec({key}, kSpecSignature, seconds(kSpecTimestamp + 301));
    CHECK(stale.error().code == "timestamp");
    CHECK(stale.error().message == "webhook-timestamp is too old");
    CHECK(verify_spec({key}, kSpecSignature, seconds(kSpecTimestamp - 301)).error().code ==
          "timestamp");
}

TEST_CASE("a malformed timestamp fails with code timestamp, before any signature is checked") {
    const std::string key = key_of(kSpecSecret);
    const auto now = seconds(kSpecTimestamp);
    for (const char* bad :
         {"", "16142653a0", "-1614265330", "1614265330.5", " 1614265330", "9999999999999999999"}) {
        CAPTURE(bad);
        CHECK(verify_webhook({key}, kSpecId, bad, kSpecSignature, kSpecBody, now).error().code ==
              "timestamp");
    }
}

// --- config/webhooks.yaml ------------------------------------------------------------------

namespace {

using test::TempFile;

const char* kCourtSource = R"(sources:
  - name: court
    role: court
    secrets_env: [WG_TEST_WHSEC_NEW, WG_TEST_WHSEC_OLD]
    reference_field: court_case_number
    events:
      cn.court.case.accepted: court_accepted
endpoints:
  - name: union_portal
    url: https://example.org/hooks
    secrets_env: [WG_TEST_WHSEC_NEW]
    events: ["wage_complaint.accept", "*"]
    enabled: false
)";

}  // namespace

TEST_CASE(
    "the webhooks file gives sources and endpoints with keys from the environment, newest first") {
    setenv("WG_TEST_WHSEC_NEW", kCourtSecret.c_str(), 1);
    setenv("WG_TEST_WHSEC_OLD", kSpecSecret.c_str(), 1);
    TempFile file(kCourtSource);
    auto config = load_webhook_config(file.path);
    REQUIRE(config.has_value());
    REQUIRE(config->sources.size() == 1);
    const InboundSource& court = config->sources[0];
    CHECK(court.name == "court");
    CHECK(court.role == "court");
    CHECK(court.keys == std::vector<std::string>{key_of(kCourtSecret), key_of(kSpecSecret)});
    CHECK(court.reference_field == "court_case_number");
    CHECK(court.events.at("cn.court.case.accepted") == "court_accepted");
    REQUIRE(config->endpoints.size() == 1);
    CHECK(config->endpoints[0].url == "https://example.org/hooks");
    CHECK(config->endpoints[0].event_types ==
          std::vector<std::string>{"wage_complaint.accept", "*"});
    CHECK_FALSE(config->endpoints[0].enabled);
    unsetenv("WG_TEST_WHSEC_NEW");
    unsetenv("WG_TEST_WHSEC_OLD");
}

TEST_CASE(
    "an entry none of whose secret variables is set is left out, and a partly set one is an "
    "error") {
    unsetenv("WG_TEST_WHSEC_NEW");
    unsetenv("WG_TEST_WHSEC_OLD");
    TempFile file(kCourtSource);
    auto none = load_webhook_config(file.path);
    REQUIRE(none.has_value());
    CHECK(none->sources.empty());
    CHECK(none->endpoints.empty());

    setenv("WG_TEST_WHSEC_NEW", kCourtSecret.c_str(), 1);
    auto partly = load_webhook_config(file.path);
    REQUIRE_FALSE(partly.has_value());
    REQUIRE(partly.error().size() == 1);
    CHECK(partly.error()[0].to_string() ==
          file.path +
              ":4:18: error: environment variable WG_TEST_WHSEC_OLD of source 'court' is not set");
    unsetenv("WG_TEST_WHSEC_NEW");
}

TEST_CASE("errors in the webhooks file are all reported, each at its place") {
    setenv("WG_TEST_WHSEC_BAD", "whsec_short", 1);
    TempFile file(R"(sources:
  - name: Court/1
    role: court
    secrets_env: [WG_TEST_WHSEC_BAD]
    events: {}
    colour: red
  - name: arbitration
    secrets_env: []
    events: {cn.arbitration.award: award_issued}
endpoints:
  - name: x
    url: ftp://example.org
    secrets_env: [WG_TEST_WHSEC_BAD]
    events: "*"
)");
    auto config = load_webhook_config(file.path);
    REQUIRE_FALSE(config.has_value());
    std::vector<std::string> messages;
    for (const auto& error : config.error()) messages.push_back(error.to_string());
    const std::string at = file.path + ":";
    CHECK(
        messages ==
        std::vector<std::string>{
            at + "6:5: error: unknown key 'colour' in a source",
            at +
                "2:11: error: source name 'Court/1' must be lower-case letters, digits, '_' or '-'",
            at + "5:13: error: source 'Court/1' needs 'events', a map from CloudEvents type to "
                 "workflow event",
            at + "4:18: error: environment variable WG_TEST_WHSEC_BAD of source 'Court/1': a "
                 "webhook "
                 "secret must be \"whsec_\" followed by standard base64",
            at + "7:5: error: source 'arbitration' needs 'role'",
            at + "8:18: error: 'secrets_env' of source 'arbitration' names no variable",
            at + "12:10: error: the url of endpoint 'x' must start with https:// or http://",
            at + "14:13: error: 'events' of endpoint 'x' must be a list",
            at + "13:18: error: environment variable WG_TEST_WHSEC_BAD of endpoint 'x': a webhook "
                 "secret must be \"whsec_\" followed by standard base64",
        });
    unsetenv("WG_TEST_WHSEC_BAD");
}

TEST_CASE("no webhooks file configured is an empty configuration, and a missing file is an error") {
    CHECK(load_webhook_config("")->sources.empty());
    CHECK(load_webhook_config("/nonexistent/webhooks.yaml").error()[0].message ==
          "cannot read webhooks file /nonexistent/webhooks.yaml");
}

TEST_CASE(
    "the shipped webhooks file loads, and without secrets in the environment configures nothing") {
    for (const char* name : {"WAGEGUARD_WHSEC_COURT", "WAGEGUARD_WHSEC_COURT_OLD",
                             "WAGEGUARD_WHSEC_ARBITRATION", "WAGEGUARD_WHSEC_CLUE_PLATFORM"})
        unsetenv(name);
    auto config = load_webhook_config(std::string(WG_SOURCE_DIR) + "/config/webhooks.yaml");
    REQUIRE(config.has_value());
    CHECK(config->sources.empty());
    CHECK(config->endpoints.empty());
}

// --- CloudEvents and correlation -------------------------------------------------------------

TEST_CASE(
    "a CloudEvents 1.0 body needs specversion, id, source and type, and data must be an object") {
    CHECK(check_cloud_event({{"specversion", "1.0"},
                             {"id", "e1"},
                             {"source", "/court"},
                             {"type", "t"},
                             {"data", Json::object()}})
              .has_value());
    auto bad = check_cloud_event({{"specversion", "0.3"},
                                  {"source", ""},
                                  {"type", 7},
                                  {"time", "yesterday"},
                                  {"data", "text"},
                                  {"subject", ""}});
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().code == "validation");
    std::vector<std::string> fields;
    for (const auto& detail : bad.error().details)
        fields.push_back(detail.field + ":" + detail.code);
    CHECK(fields == std::vector<std::string>{"specversion:format", "id:required", "source:type",
                                             "type:type", "subject:type", "time:format",
                                             "data:type"});
    CHECK(check_cloud_event(Json::array()).error().code == "validation");
}

TEST_CASE(
    "a message names its case by our id in subject or data.case_id, else by the source's number") {
    const std::string id = "0b7c2a4e-5d1f-4c3a-9e8b-1f2a3b4c5d6e";
    Json data = {{"case_number", "(2026)粤0111民初1号"}, {"hearing_date", "2026-03-02"}};
    auto by_subject = correlate({{"subject", id}}, data);
    CHECK(by_subject->case_id == id);
    CHECK(by_subject->reference == "(2026)粤0111民初1号");
    CHECK(data == Json{{"hearing_date", "2026-03-02"}});

    Json with_id = {{"case_id", id}};
    CHECK(correlate(Json::object(), with_id)->case_id == id);
    CHECK(with_id.empty());

    Json plain = Json::object();
    auto by_number_subject = correlate({{"subject", "(2026)粤0111民初2号"}}, plain);
    CHECK(by_number_subject->case_id.empty());
    CHECK(by_number_subject->reference == "(2026)粤0111民初2号");

    Json nothing = Json::object();
    CHECK(correlate(Json::object(), nothing).error().code == "no_correlation");
    Json bad_id = {{"case_id", "42"}};
    CHECK(correlate(Json::object(), bad_id).error().code == "no_correlation");
}
