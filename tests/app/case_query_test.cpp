// The case list's filter, its cursor and the party hash, as plain values: no database, no HTTP.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "adapters/app/case_query.hpp"
#include "adapters/app/party_hash.hpp"

using namespace wg;
using namespace wg::app;

namespace {

// The details of a failed parse, as "field:code" strings in order.
std::vector<std::string> problems(const QueryParams& params) {
    auto parsed = parse_case_filter(params);
    REQUIRE_FALSE(parsed.has_value());
    CHECK(parsed.error().code == "validation");
    std::vector<std::string> out;
    for (const auto& detail : parsed.error().details)
        out.push_back(detail.field + ":" + detail.code);
    return out;
}

using Problems = std::vector<std::string>;

const CaseCursor kCursor{1757928600123456, "00000000-0000-0000-0000-000000000001"};
const char* kCursorText = "MTc1NzkyODYwMDEyMzQ1NjowMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDE";

// A folder under the system temp dir, removed at the end of the test.
struct TempDir {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() /
        ("wg_pepper_" + std::to_string(getpid()) + "_" + std::to_string(std::rand()));
    ~TempDir() { std::filesystem::remove_all(path); }
};

}  // namespace

TEST_CASE("a query string splits into decoded pairs in order") {
    const QueryParams params =
        split_query("workflow=wage_complaint&state=a+b&&region=%34%34%30111&overdue");
    REQUIRE(params.size() == 4);
    CHECK(params[0] == std::pair<std::string, std::string>{"workflow", "wage_complaint"});
    CHECK(params[1].second == "a b");
    CHECK(params[2].second == "440111");
    CHECK(params[3] == std::pair<std::string, std::string>{"overdue", ""});
    CHECK(split_query("").empty());
    CHECK(split_query("a=%zz%4")[0].second == "%zz%4");
}

TEST_CASE("no parameters list everything, 50 at a time, from the start") {
    auto filter = parse_case_filter({});
    REQUIRE(filter.has_value());
    CHECK(filter->limit == 50);
    CHECK_FALSE(filter->workflow);
    CHECK_FALSE(filter->overdue);
    CHECK_FALSE(filter->after);
}

TEST_CASE("every filter is read from its parameter") {
    auto filter =
        parse_case_filter(split_query("workflow=wage_complaint&state=investigating&region=440111&"
                                      "owner_role=inspector&overdue=false"
                                      "&party_id_number=11010519491231002x&limit=200&after=" +
                                      std::string(kCursorText)));
    REQUIRE(filter.has_value());
    CHECK(filter->workflow == "wage_complaint");
    CHECK(filter->state == "investigating");
    CHECK(filter->region == "440111");
    CHECK(filter->owner_role == "inspector");
    CHECK(filter->overdue == false);
    CHECK(filter->party_id_number == "11010519491231002x");
    CHECK(filter->limit == 200);
    CHECK(filter->after == kCursor);
    CHECK(parse_case_filter({{"overdue", "true"}})->overdue == true);
}

TEST_CASE("a region must be six digits") {
    CHECK(problems({{"region", "44011"}}) == Problems{"region:format"});
    CHECK(problems({{"region", "4401111"}}) == Problems{"region:format"});
    CHECK(problems({{"region", "44011a"}}) == Problems{"region:format"});
    CHECK(problems({{"region", ""}}) == Problems{"region:format"});
}

TEST_CASE("a limit is a whole number from 1 to 200") {
    CHECK(problems({{"limit", "0"}}) == Problems{"limit:range"});
    CHECK(problems({{"limit", "201"}}) == Problems{"limit:range"});
    CHECK(problems({{"limit", "ten"}}) == Problems{"limit:format"});
    CHECK(problems({{"limit", "-1"}}) == Problems{"limit:format"});
    CHECK(problems({{"limit", "99999999999999999999"}}) == Problems{"limit:format"});
    CHECK(parse_case_filter({{"limit", "1"}})->limit == 1);
}

TEST_CASE("overdue is true or false, nothing else") {
    CHECK(problems({{"overdue", "yes"}}) == Problems{"overdue:format"});
    CHECK(problems({{"overdue", ""}}) == Problems{"overdue:format"});
    CHECK(problems({{"overdue", "TRUE"}}) == Problems{"overdue:format"});
}

TEST_CASE("unknown, repeated and empty parameters are refused, all of them at once") {
    CHECK(problems({{"colour", "red"},
                    {"state", "a"},
                    {"state", "b"},
                    {"workflow", ""},
                    {"limit", "0"}}) ==
          Problems{"colour:unknown", "state:format", "workflow:format", "limit:range"});
}

TEST_CASE("a parameter name that cannot be shown safely is not echoed") {
    const auto found = problems({{std::string("bad\xff", 4), "x"}});
    CHECK(found == Problems{"?:unknown"});
}

TEST_CASE("names and ID numbers that are not UTF-8 are format errors, not database errors") {
    CHECK(problems({{"state", std::string("\xc0\xaf")}}) == Problems{"state:format"});
    CHECK(problems({{"party_id_number", std::string("1101\xff")}}) ==
          Problems{"party_id_number:format"});
    CHECK(parse_case_filter({{"state", "待受理"}}).has_value());
}

TEST_CASE("a bad party ID number is refused without repeating it") {
    auto parsed = parse_case_filter({{"party_id_number", "   "}});
    REQUIRE_FALSE(parsed.has_value());
    REQUIRE(parsed.error().details.size() == 1);
    CHECK(parsed.error().details[0].field == "party_id_number");
    CHECK(parse_case_filter({{"party_id_number", std::string(65, '1')}}).has_value() == false);
}

TEST_CASE("a cursor is base64url of micros:id and round-trips exactly") {
    CHECK(encode_cursor(kCursor) == kCursorText);
    auto decoded = decode_cursor(kCursorText);
    REQUIRE(decoded.has_value());
    CHECK(*decoded == kCursor);
    const CaseCursor before_1970{-1, "ffffffff-ffff-4fff-bfff-ffffffffffff"};
    CHECK(*decode_cursor(encode_cursor(before_1970)) == before_1970);
    const CaseCursor zero{0, "12345678-9abc-4def-8123-456789abcdef"};
    CHECK(*decode_cursor(encode_cursor(zero)) == zero);
}

TEST_CASE("a cursor that was not issued is a format error on field after") {
    for (const std::string& text :
         {std::string(""), std::string("not a cursor"), std::string(kCursorText) + "==",
          std::string(kCursorText).substr(1), std::string("MTIz"),  // "123"
          encode_cursor({1, "00000000-0000-0000-0000-00000000000G"}),
          encode_cursor({1, "00000000-0000-0000-0000-00000000000A"}), std::string(129, 'A')}) {
        CAPTURE(text);
        auto decoded = decode_cursor(text);
        REQUIRE_FALSE(decoded.has_value());
        CHECK(decoded.error().code == "format");
        CHECK(decoded.error().field == "after");
    }
    CHECK(problems({{"after", "%%%"}}) == Problems{"after:format"});
}

TEST_CASE("a cursor whose micros overflow or carry junk is refused") {
    // base64url of "99999999999999999999:…01", "12a:…01" and "+12:…01" (from Python).
    for (const char* text :
         {"OTk5OTk5OTk5OTk5OTk5OTk5OTk6MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAx",
          "MTJhOjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMQ",
          "KzEyOjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMQ"}) {
        CAPTURE(text);
        CHECK_FALSE(decode_cursor(text).has_value());
    }
    CHECK_FALSE(decode_cursor(encode_cursor({1, "x"})).has_value());
}

TEST_CASE("the party hash is HMAC-SHA256 of the normalized number, in lower-case hex") {
    const std::string pepper = "0123456789abcdef0123456789abcdef";
    // Reference value from Python: hmac.new(pepper, b"11010519491231002X", hashlib.sha256).
    const std::string expected = "7b2b7323b75750d6b3bf13c96f9841b6f9b099fed3f4ac35fa61cfa57ff8b97b";
    CHECK(party_hash(pepper, "11010519491231002X") == expected);
    CHECK(party_hash(pepper, "11010519491231002x") == expected);
    CHECK(party_hash(pepper, "  11010519491231002x \t") == expected);
    CHECK(party_hash("another pepper of thirty-two bytes", "11010519491231002X") != expected);
    CHECK(party_hash(pepper, "11010519491231002Y") != expected);
    // RFC 4231-style check of the HMAC itself (Wikipedia's HMAC_SHA256 example).
    CHECK(party_hash("key", "The quick brown fox jumps over the lazy dog") ==
          "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
}

TEST_CASE("only the final x is upper-cased when normalizing") {
    CHECK(normalize_id_number(" 44010619900101123x ") == "44010619900101123X");
    CHECK(normalize_id_number("x4401") == "x4401");
    CHECK(normalize_id_number("") == "");
}

TEST_CASE("a missing pepper file is created once, 64 hex characters, readable by its owner only") {
    ::unsetenv("WAGEGUARD_PEPPER");
    TempDir dir;
    const std::string path = (dir.path / "nested" / "pepper").string();
    auto created = load_or_create_pepper(path);
    REQUIRE(created.has_value());
    CHECK(created->size() == 64);
    CHECK(created->find_first_not_of("0123456789abcdef") == std::string::npos);
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    auto again = load_or_create_pepper(path);
    REQUIRE(again.has_value());
    CHECK(*again == *created);
}

TEST_CASE("a pepper file shorter than 32 bytes is refused") {
    ::unsetenv("WAGEGUARD_PEPPER");
    TempDir dir;
    std::filesystem::create_directories(dir.path);
    const std::string path = (dir.path / "pepper").string();
    std::ofstream(path) << "short\n";
    auto loaded = load_or_create_pepper(path);
    REQUIRE_FALSE(loaded.has_value());
    CHECK(loaded.error().code == "pepper");
    std::ofstream(path) << std::string(32, 'p') << "\n";
    CHECK(*load_or_create_pepper(path) == std::string(32, 'p'));
}

TEST_CASE("WAGEGUARD_PEPPER wins over the file and creates none") {
    TempDir dir;
    const std::string path = (dir.path / "pepper").string();
    ::setenv("WAGEGUARD_PEPPER", "an environment pepper of 32 bytes+", 1);
    auto loaded = load_or_create_pepper(path);
    ::setenv("WAGEGUARD_PEPPER", "too short", 1);
    auto short_one = load_or_create_pepper(path);
    ::unsetenv("WAGEGUARD_PEPPER");
    REQUIRE(loaded.has_value());
    CHECK(*loaded == "an environment pepper of 32 bytes+");
    CHECK_FALSE(std::filesystem::exists(path));
    REQUIRE_FALSE(short_one.has_value());
    CHECK(short_one.error().code == "pepper");
}
