// `wageguard audit`: verify the hash chains in the database, and export or check the signed
// daily digest that an outside timestamping authority countersigns.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "adapters/app/audit_chain.hpp"
#include "adapters/app/clock.hpp"
#include "adapters/cli/command.hpp"
#include "adapters/cli/settings_options.hpp"
#include "adapters/pg/database.hpp"
#include "adapters/pg/pg_audit.hpp"

namespace wg::cli {

namespace {

constexpr const char* kHelp = R"(usage: wageguard audit verify [--case ID] [--config FILE] [--database-url DSN] [--batch-size N]
       wageguard audit digest [--date YYYY-MM-DD] [--key FILE] [--out FILE]
                              [--config FILE] [--database-url DSN] [--batch-size N]
       wageguard audit digest-verify FILE [--public-key-file PEM]
                              [--recompute [--config FILE] [--database-url DSN]]

Each case's events form a hash chain: hash = sha256(prev_hash || canonical JSON of the event),
prev_hash of the first event is 64 zeros, and the case row keeps the chain's head (the seq and
hash of its last event), written in the same transaction as each event.

verify          walks every case's chain (or only --case ID) and prints, for each broken case,
                "case ID seq N: CODE: message" about its first broken link:
                  seq_gap        seqs do not run 1, 2, 3 ... (an event row was deleted)
                  prev_hash      an event's prev_hash is not the hash of the event before it
                  hash           an event's hash is not the recomputed one (the row was edited)
                  head_mismatch  the case row's head is not the last event (the newest events
                                 were deleted, or the head was edited)
                Prints "ok: N cases, M events verified" when every chain is whole.
                Someone who can write to the database could rewrite a chain and its head
                consistently; a digest timestamped outside, checked with --recompute, catches it.

digest          writes the signed digest of one legal day (China time; default yesterday): the
                Merkle root over every case's chain head as of the day's end (the next day
                00:00 +08:00), with the numbers of cases and events, signed with Ed25519:
                  {"version":1,"date":"YYYY-MM-DD","as_of":"...Z","cases":N,"events":M,
                   "root":"hex","signature":"base64","public_key":"base64","key_id":"hex"}
                The signature covers the first six fields as canonical JSON (keys sorted, no
                spaces). The private key is a PEM file named by --key or WAGEGUARD_AUDIT_KEY_FILE;
                keep it outside the repository, readable only by the operator. Make one with
                  openssl genpkey -algorithm ed25519 -out audit-key.pem
                  openssl pkey -in audit-key.pem -pubout -out audit-pub.pem   (hand this one out)
                --out FILE writes the digest there instead of to standard output.

digest-verify   checks a digest file: its form, and its signature against --public-key-file
                (that is what tells you who signed it; without it, only against the key inside
                the file). With --recompute it recomputes that day's cases, events and root from
                the database: a chain edited or cut after the digest was made gives another root.

The Merkle tree: leaves are sha256 of "case_id:head_seq:head_hash" ordered by case id; each
level hashes neighbours as sha256 of the two hex texts, left then right; an odd last node moves
up unchanged; no cases at all gives sha256 of the empty string. All hashes are lower-case hex.

Timestamping with an RFC 3161 authority (TSA), so that the digest provably existed by then:
  openssl ts -query -data digest.json -sha256 -cert -out digest.tsq
  curl -s -H 'Content-Type: application/timestamp-query' --data-binary @digest.tsq TSA_URL -o digest.tsr
  openssl ts -verify -data digest.json -in digest.tsr -CAfile tsa-ca.pem -untrusted tsa.crt
Keep digest.json and digest.tsr together.

Options:
  --config FILE         settings file (default config/wageguard.yaml); not read when
                        --database-url is given
  --database-url DSN    overrides `database.url` and WAGEGUARD_DATABASE_URL
  --batch-size N        cases read per query (default 500); memory grows with it

Exit status: 0 all checks passed; 1 a broken chain, a bad digest or signature, or a root that
differs from the database; 2 usage, file or database errors.
)";

constexpr int kOk = 0;
constexpr int kFound = 1;
constexpr int kTrouble = 2;

int usage_error(const std::string& command, const std::string& message) {
    std::cerr << "wageguard audit " << command << ": " << message << "\n(see wageguard audit --help)\n";
    return kTrouble;
}

int trouble(const std::string& command, const std::string& message) {
    std::cerr << "wageguard audit " << command << ": " << message << '\n';
    return kTrouble;
}

// A database error, with a hint when the schema is older than the audit columns.
int database_trouble(const std::string& command, const Error& error) {
    const bool unmigrated = error.message.find("42703") != std::string::npos ||
                            error.message.find("42P01") != std::string::npos;
    return trouble(command, error.message + (unmigrated ? " (is the database migrated? run wageguard migrate)" : ""));
}

// --database-url alone needs no config file; otherwise the usual file < environment < flag.
Expected<std::string, Errors> database_url(const Options& options) {
    if (options.has("--database-url") && !options.has("--config")) return options.get("--database-url");
    auto settings = settings_from(options);
    if (!settings) return Unexpected<Errors>{settings.error()};
    return settings->database_url;
}

std::optional<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

bool is_case_id(const std::string& text) {
    if (text.size() != 36) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash != (text[i] == '-')) return false;
        if (!dash && std::isxdigit(static_cast<unsigned char>(text[i])) == 0) return false;
    }
    return true;
}

std::string lower(std::string text) {
    for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

// Cases per query: at least 1, default 500.
Expected<std::size_t> batch_size(const Options& options) {
    if (!options.has("--batch-size")) return std::size_t{500};
    const std::string text = options.get("--batch-size");
    const bool digits = !text.empty() && text.size() <= 6 &&
                        std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || std::stoul(text) == 0) return fail("usage", "--batch-size needs a number from 1 to 999999");
    return std::stoul(text);
}

// --- verify -----------------------------------------------------------------------------------

void print_finding(const app::Finding& finding) {
    std::cout << "case " << finding.case_id << " seq " << finding.seq << ": " << finding.code << ": "
              << finding.message << '\n';
}

int report(const app::VerifyTally& tally) {
    if (tally.broken == 0) {
        std::cout << "ok: " << tally.cases << " cases, " << tally.events << " events verified\n";
        return kOk;
    }
    std::cout << "broken: " << tally.broken << " of " << tally.cases << " cases (" << tally.events
              << " events checked)\n";
    return kFound;
}

int run_verify(Args args) {
    auto options = parse_options(args, {"--case", "--config", "--database-url", "--batch-size"}, {});
    if (!options) return usage_error("verify", options.error().message);
    auto batch = batch_size(*options);
    if (!batch) return usage_error("verify", batch.error().message);
    if (!options->positionals.empty()) return usage_error("verify", "unexpected argument " + options->positionals[0]);
    const std::string case_id = lower(options->get("--case"));
    if (options->has("--case") && !is_case_id(case_id))
        return usage_error("verify", "--case needs a case id (a UUID), not '" + case_id + "'");
    auto url = database_url(*options);
    if (!url) {
        print_errors(url.error());
        return kTrouble;
    }
    pg::Database database(*url, 1);
    pg::PgAudit audit(database, *batch);
    app::VerifyTally tally;
    auto check = [&](const pg::StoredChain& chain) {
        if (auto finding = tally.add(chain.head, chain.events)) print_finding(*finding);
    };
    if (options->has("--case")) {
        auto chain = audit.chain(case_id);
        if (!chain) return database_trouble("verify", chain.error());
        check(*chain);
        return report(tally);
    }
    if (auto walked = audit.for_each_chain(check); !walked) return database_trouble("verify", walked.error());
    return report(tally);
}

// --- digest -----------------------------------------------------------------------------------

// Yesterday in China: the last legal day that has ended.
rules::Date yesterday_in_china(rules::Instant now) {
    return rules::Date{std::chrono::sys_days{rules::legal_date(now)} - std::chrono::days{1}};
}

Expected<app::AuditSigner> load_signer(const Options& options) {
    const char* env = std::getenv("WAGEGUARD_AUDIT_KEY_FILE");
    const std::string path = options.get("--key", env ? env : "");
    if (path.empty()) return fail("usage", "no signing key: pass --key FILE or set WAGEGUARD_AUDIT_KEY_FILE");
    auto pem = read_file(path);
    if (!pem) return fail("key", "cannot read key file " + path);
    auto signer = app::AuditSigner::from_pem(*pem);
    if (!signer) return fail("key", path + ": " + signer.error().message);
    return signer;
}

Expected<rules::Date> digest_date(const Options& options, rules::Instant now) {
    if (!options.has("--date")) return yesterday_in_china(now);
    auto date = rules::parse_date(options.get("--date"));
    if (!date) return fail("usage", "--date: " + date.error().message);
    return *date;
}

bool write_output(const std::string& path, const std::string& text) {
    if (path.empty()) {
        std::cout << text;
        return static_cast<bool>(std::cout);
    }
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    return static_cast<bool>(out);
}

std::string describe(const app::DailyDigest& digest) {
    return "date " + rules::format_date(digest.date) + ", " + std::to_string(digest.cases) + " cases, " +
           std::to_string(digest.events) + " events, root " + digest.root;
}

int run_digest(Args args) {
    auto options =
        parse_options(args, {"--date", "--key", "--out", "--config", "--database-url", "--batch-size"}, {});
    if (!options) return usage_error("digest", options.error().message);
    auto batch = batch_size(*options);
    if (!batch) return usage_error("digest", batch.error().message);
    if (!options->positionals.empty()) return usage_error("digest", "unexpected argument " + options->positionals[0]);
    const auto now = app::SystemClock().now();
    auto date = digest_date(*options, now);
    if (!date) return usage_error("digest", date.error().message);
    auto signer = load_signer(*options);  // before the database: a missing key fails fast
    if (!signer) return signer.error().code == "usage" ? usage_error("digest", signer.error().message)
                                                       : trouble("digest", signer.error().message);
    auto url = database_url(*options);
    if (!url) {
        print_errors(url.error());
        return kTrouble;
    }
    pg::Database database(*url, 1);
    auto digest = pg::PgAudit(database, *batch).daily_digest(*date);
    if (!digest) return database_trouble("digest", digest.error());
    auto signed_digest = app::sign_digest(*digest, *signer);
    if (!signed_digest) return trouble("digest", signed_digest.error().message);
    if (!write_output(options->get("--out"), signed_digest->dump(2) + "\n"))
        return trouble("digest", "cannot write " + options->get("--out"));
    if (digest->as_of > now)
        std::cerr << "note: " << rules::format_date(*date) << " has not ended in China time; "
                  << "events until " << rules::format_instant(digest->as_of) << " will change its root\n";
    std::cerr << "signed digest: " << describe(*digest) << ", key_id " << app::key_id(signer->public_key()) << '\n';
    return kOk;
}

// --- digest-verify ----------------------------------------------------------------------------

Expected<std::optional<std::string>> trusted_key(const Options& options) {
    if (!options.has("--public-key-file")) return std::optional<std::string>{};
    const std::string path = options.get("--public-key-file");
    auto pem = read_file(path);
    if (!pem) return fail("key", "cannot read public key file " + path);
    auto key = app::public_key_from_pem(*pem);
    if (!key) return fail("key", path + ": " + key.error().message);
    return std::optional<std::string>{std::move(*key)};
}

// The day's digest from the database against the signed one.
int recompute(const Options& options, const app::DailyDigest& signed_digest) {
    auto url = database_url(options);
    if (!url) {
        print_errors(url.error());
        return kTrouble;
    }
    pg::Database database(*url, 1);
    auto current = pg::PgAudit(database).daily_digest(signed_digest.date);
    if (!current) return database_trouble("digest-verify", current.error());
    if (current->root == signed_digest.root && current->cases == signed_digest.cases &&
        current->events == signed_digest.events) {
        std::cout << "database matches: " << describe(*current) << '\n';
        return kOk;
    }
    std::cout << "database differs: the digest has " << describe(signed_digest) << "; the database now has "
              << describe(*current) << '\n';
    return kFound;
}

int run_digest_verify(Args args) {
    auto options = parse_options(args, {"--public-key-file", "--config", "--database-url"}, {"--recompute"});
    if (!options) return usage_error("digest-verify", options.error().message);
    if (options->positionals.size() != 1) return usage_error("digest-verify", "needs exactly one digest FILE");
    if (!options->has("--recompute") && (options->has("--config") || options->has("--database-url")))
        return usage_error("digest-verify", "--config and --database-url are for --recompute");
    const std::string& path = options->positionals[0];
    auto trusted = trusted_key(*options);
    if (!trusted) return trouble("digest-verify", trusted.error().message);
    auto text = read_file(path);
    if (!text) return trouble("digest-verify", "cannot read " + path);
    const auto document = app::Json::parse(*text, nullptr, false);
    if (document.is_discarded()) {
        std::cout << path << ": format: not JSON\n";
        return kFound;
    }
    auto verified = app::verify_signed_digest(document, *trusted);
    if (!verified) {
        std::cout << path << ": " << verified.error().code << ": " << verified.error().message << '\n';
        return kFound;
    }
    std::cout << "signature ok: " << describe(verified->digest) << ", key_id " << verified->key_id
              << (trusted->has_value() ? " (the trusted key)" : " (the key inside the file; pin it with --public-key-file)")
              << '\n';
    return options->has("--recompute") ? recompute(*options, verified->digest) : kOk;
}

}  // namespace

int run_audit(Args args) {
    if (args.empty() || wants_help(args)) {
        (args.empty() ? std::cerr : std::cout) << kHelp;
        return args.empty() ? kTrouble : kOk;
    }
    const std::string& command = args[0];
    if (command == "verify") return run_verify(args.subspan(1));
    if (command == "digest") return run_digest(args.subspan(1));
    if (command == "digest-verify") return run_digest_verify(args.subspan(1));
    return usage_error(command, "unknown audit command (verify, digest, digest-verify)");
}

}  // namespace wg::cli
