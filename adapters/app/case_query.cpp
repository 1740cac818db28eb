// Parsing and validating a case list's query parameters, and the opaque keyset cursor.
#include "adapters/app/case_query.hpp"

#include <array>
#include <charconv>
#include <functional>
#include <map>

namespace wg::app {
namespace {

constexpr std::size_t kMaxNameBytes = 200;     // workflow, state and role names
constexpr std::size_t kMaxIdNumberBytes = 64;  // ID numbers, passports and the like
constexpr std::size_t kMaxCursorBytes = 128;
constexpr char kBase64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string form_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out += ' ';
        } else if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
                   hex_value(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

int base64url_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
}

std::string base64url_encode(std::string_view bytes) {
    std::string out;
    unsigned bits = 0;
    int count = 0;
    for (const char c : bytes) {
        bits = (bits << 8) | static_cast<unsigned char>(c);
        count += 8;
        while (count >= 6) {
            count -= 6;
            out += kBase64Url[(bits >> count) & 0x3f];
        }
    }
    if (count > 0) out += kBase64Url[(bits << (6 - count)) & 0x3f];
    return out;
}

// Strict: only the alphabet, no padding, and unused trailing bits zero, so that each byte
// string has exactly one encoding.
std::optional<std::string> base64url_decode(std::string_view text) {
    if (text.size() % 4 == 1) return std::nullopt;
    std::string out;
    unsigned bits = 0;
    int count = 0;
    for (const char c : text) {
        const int value = base64url_value(c);
        if (value < 0) return std::nullopt;
        bits = (bits << 6) | static_cast<unsigned>(value);
        count += 6;
        if (count >= 8) {
            count -= 8;
            out += static_cast<char>((bits >> count) & 0xff);
        }
    }
    if ((bits & ((1U << count) - 1)) != 0) return std::nullopt;
    return out;
}

bool is_canonical_uuid(std::string_view text) {
    if (text.size() != 36) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash != (text[i] == '-')) return false;
        if (!dash && !((text[i] >= '0' && text[i] <= '9') || (text[i] >= 'a' && text[i] <= 'f')))
            return false;
    }
    return true;
}

bool all_digits(std::string_view text) {
    return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

bool has_control(std::string_view text) {
    for (const char c : text)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
    return false;
}

// Well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF): PostgreSQL
// refuses anything else, and a value must fail here as `format`, not there as a 500.
bool is_utf8(std::string_view text) {
    struct Lead {
        unsigned char mask, bits;
        std::size_t length;
        unsigned min;
    };
    static constexpr std::array<Lead, 3> kLeads{
        {{0xe0, 0xc0, 2, 0x80}, {0xf0, 0xe0, 3, 0x800}, {0xf8, 0xf0, 4, 0x10000}}};
    std::size_t i = 0;
    while (i < text.size()) {
        const auto first = static_cast<unsigned char>(text[i]);
        if (first < 0x80) {
            ++i;
            continue;
        }
        const Lead* lead = nullptr;
        for (const auto& candidate : kLeads)
            if ((first & candidate.mask) == candidate.bits) lead = &candidate;
        if (lead == nullptr || i + lead->length > text.size()) return false;
        unsigned code = first & static_cast<unsigned char>(~lead->mask);
        for (std::size_t k = 1; k < lead->length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xc0) != 0x80) return false;
            code = (code << 6) | (next & 0x3fU);
        }
        if (code < lead->min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return false;
        i += lead->length;
    }
    return true;
}

// Printable ASCII up to 40 bytes can be echoed in an error; anything else is not repeated.
bool echoable(std::string_view text) {
    if (text.empty() || text.size() > 40) return false;
    for (const char c : text)
        if (c < 0x20 || c > 0x7e) return false;
    return true;
}

Error detail(std::string field, std::string code, std::string message) {
    return Error{std::move(code), std::move(message), std::move(field), {}, {}};
}

// Each parameter's reader: stores the value in the filter or returns the detail error.
using Reader = std::function<std::optional<Error>(const std::string& value, CaseFilter& filter)>;

Reader name_reader(std::optional<std::string> CaseFilter::*member, const std::string& field) {
    return [member, field](const std::string& value, CaseFilter& filter) -> std::optional<Error> {
        if (value.empty()) return detail(field, "format", field + " must not be empty");
        if (value.size() > kMaxNameBytes || has_control(value) || !is_utf8(value))
            return detail(field, "format", field + " must be a name of at most 200 bytes");
        filter.*member = value;
        return std::nullopt;
    };
}

std::optional<Error> read_region(const std::string& value, CaseFilter& filter) {
    if (value.size() != 6 || !all_digits(value))
        return detail("region", "format", "region must be a 6-digit division code like 440111");
    filter.region = value;
    return std::nullopt;
}

std::optional<Error> read_overdue(const std::string& value, CaseFilter& filter) {
    if (value != "true" && value != "false")
        return detail("overdue", "format", "overdue must be true or false");
    filter.overdue = value == "true";
    return std::nullopt;
}

std::optional<Error> read_party(const std::string& value, CaseFilter& filter) {
    // The value is an ID number: the message never repeats it.
    std::string_view text = value;
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    if (text.empty() || text.size() > kMaxIdNumberBytes || has_control(text) || !is_utf8(text))
        return detail("party_id_number", "format",
                      "party_id_number must be an ID number of 1 to 64 characters");
    filter.party_id_number = value;
    return std::nullopt;
}

std::optional<Error> read_limit(const std::string& value, CaseFilter& filter) {
    if (!all_digits(value) || value.size() > 9)
        return detail("limit", "format", "limit must be a whole number");
    const int limit = std::stoi(value);
    if (limit < 1 || limit > kMaxPageLimit)
        return detail("limit", "range",
                      "limit must be between 1 and " + std::to_string(kMaxPageLimit));
    filter.limit = limit;
    return std::nullopt;
}

std::optional<Error> read_after(const std::string& value, CaseFilter& filter) {
    auto cursor = decode_cursor(value);
    if (!cursor) return cursor.error();
    filter.after = std::move(*cursor);
    return std::nullopt;
}

const std::map<std::string, Reader>& readers() {
    static const std::map<std::string, Reader> table{
        {"workflow", name_reader(&CaseFilter::workflow, "workflow")},
        {"state", name_reader(&CaseFilter::state, "state")},
        {"region", read_region},
        {"owner_role", name_reader(&CaseFilter::owner_role, "owner_role")},
        {"overdue", read_overdue},
        {"party_id_number", read_party},
        {"limit", read_limit},
        {"after", read_after},
    };
    return table;
}

}  // namespace

std::string encode_cursor(const CaseCursor& cursor) {
    return base64url_encode(std::to_string(cursor.created_micros) + ":" + cursor.id);
}

Expected<CaseCursor> decode_cursor(std::string_view text) {
    auto bad = [] {
        return fail("format", "after must be a cursor from a previous page's next", "after");
    };
    if (text.empty() || text.size() > kMaxCursorBytes) return bad();
    const auto plain = base64url_decode(text);
    if (!plain) return bad();
    const auto colon = plain->find(':');
    if (colon == std::string::npos) return bad();
    const std::string_view micros = std::string_view(*plain).substr(0, colon);
    CaseCursor cursor;
    cursor.id = plain->substr(colon + 1);
    const std::string_view digits = micros.starts_with('-') ? micros.substr(1) : micros;
    if (!all_digits(digits) || !is_canonical_uuid(cursor.id)) return bad();
    const auto [end, ec] =
        std::from_chars(micros.data(), micros.data() + micros.size(), cursor.created_micros);
    if (ec != std::errc{} || end != micros.data() + micros.size()) return bad();
    return cursor;
}

QueryParams split_query(std::string_view query) {
    QueryParams params;
    while (!query.empty()) {
        const std::size_t end = std::min(query.find('&'), query.size());
        const std::string_view pair = query.substr(0, end);
        query.remove_prefix(std::min(end + 1, query.size()));
        if (pair.empty()) continue;
        const std::size_t equals = pair.find('=');
        if (equals == std::string_view::npos) {
            params.emplace_back(form_decode(pair), "");
            continue;
        }
        params.emplace_back(form_decode(pair.substr(0, equals)),
                            form_decode(pair.substr(equals + 1)));
    }
    return params;
}

Expected<CaseFilter> parse_case_filter(const QueryParams& params) {
    CaseFilter filter;
    Errors details;
    std::map<std::string, int> seen;
    for (const auto& [name, value] : params) {
        const auto reader = readers().find(name);
        if (reader == readers().end()) {
            const bool shown = echoable(name);
            details.push_back(detail(
                shown ? name : "?", "unknown",
                (shown ? "'" + name + "'" : "a parameter") + " is not a filter of the case list"));
            continue;
        }
        if (++seen[name] == 2)
            details.push_back(detail(name, "format", name + " is given more than once"));
        if (seen[name] > 1) continue;
        if (auto error = reader->second(value, filter)) details.push_back(std::move(*error));
    }
    if (details.empty()) return filter;
    Error error{"validation", "the case list's parameters are invalid", {}, {}, std::move(details)};
    return Unexpected<Error>{std::move(error)};
}

}  // namespace wg::app
