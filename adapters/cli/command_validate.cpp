// `wageguard validate id-number X` and `wageguard validate uscc X`: checks one ID number
// (GB 11643) or unified social credit code (GB 32100) and prints the finding.
#include <iostream>
#include <string>

#include "adapters/app/clock.hpp"
#include "adapters/cli/command.hpp"
#include "adapters/cli/options.hpp"
#include "rules/id_number.hpp"
#include "rules/uscc.hpp"

namespace wg::cli {
namespace {

constexpr const char* kHelp = R"(usage: wageguard validate id-number NUMBER [--today YYYY-MM-DD] [--legacy reject|convert]
       wageguard validate uscc CODE

Checks a citizen ID number (GB 11643-1999) or a unified social credit code (GB 32100-2015).
Prints "valid" with the normalised form, what the number says and any warnings; or the error
code and message (format, charset, province, birth_date, checksum, legacy_15_digit).

  --today DATE     the day ages and future birth dates are judged on (default: today in China)
  --legacy MODE    15-digit legacy numbers: reject (default) or convert (insert 19, add check)

Exit status: 0 valid; 1 invalid; 2 bad usage.
)";

int usage_error(const std::string& message) {
    std::cerr << "wageguard validate: " << message << "\n(see wageguard validate --help)\n";
    return 2;
}

int print_invalid(const Error& error) {
    std::cout << error.code << ": " << error.message << '\n';
    return 1;
}

void print_warnings(const rules::Warnings& warnings) {
    for (const auto& warning : warnings) std::cout << "warning " << warning.code << ": " << warning.message << '\n';
}

Expected<rules::Date> today_from(const Options& options) {
    if (options.has("--today")) return rules::parse_date(options.get("--today"));
    return rules::legal_date(app::SystemClock{}.now());
}

Expected<rules::LegacyIdPolicy> legacy_from(const Options& options) {
    const std::string mode = options.get("--legacy", "reject");
    if (mode == "reject") return rules::LegacyIdPolicy::reject;
    if (mode == "convert") return rules::LegacyIdPolicy::convert;
    return fail("usage", "--legacy takes 'reject' or 'convert', got '" + mode + "'");
}

int validate_id_number(const Options& options, const std::string& number) {
    auto today = today_from(options);
    if (!today) return usage_error("--today: " + today.error().message);
    auto legacy = legacy_from(options);
    if (!legacy) return usage_error(legacy.error().message);
    auto id = rules::validate_id_number(number, *today, *legacy);
    if (!id) return print_invalid(id.error());
    std::cout << "valid\nnormalised: " << id->normalised << "\nbirth_date: " << rules::format_date(id->birth_date)
              << "\nsex: " << (id->sex == rules::Sex::male ? "male" : "female") << '\n';
    print_warnings(id->warnings);
    return 0;
}

int validate_uscc(const std::string& code) {
    auto uscc = rules::validate_uscc(code);
    if (!uscc) return print_invalid(uscc.error());
    std::cout << "valid\nnormalised: " << uscc->normalised << '\n';
    print_warnings(uscc->warnings);
    return 0;
}

}  // namespace

int run_validate(Args args) {
    if (wants_help(args)) {
        std::cout << kHelp;
        return 0;
    }
    auto options = parse_options(args, {"--today", "--legacy"}, {});
    if (!options) return usage_error(options.error().message);
    const auto& words = options->positionals;
    if (words.size() != 2) return usage_error("expected 'validate id-number NUMBER' or 'validate uscc CODE'");
    if (words[0] == "id-number") return validate_id_number(*options, words[1]);
    if (options->has("--today") || options->has("--legacy"))
        return usage_error("--today and --legacy apply to id-number only");
    if (words[0] == "uscc") return validate_uscc(words[1]);
    return usage_error("unknown kind '" + words[0] + "' (expected id-number or uscc)");
}

}  // namespace wg::cli
