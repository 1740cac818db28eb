// Reads for people: list cases by workflow, state, region, owner role, overdue and party, a page
// at a time. The filter is parsed and validated here, free of HTTP; CaseQuery is the port that
// runs it (PgCaseQuery in adapters/pg). A page never carries case data: that is PII.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rules/date.hpp"
#include "rules/expected.hpp"

namespace wg::app {

inline constexpr int kDefaultPageLimit = 50;
inline constexpr int kMaxPageLimit = 200;

/// Where the previous page ended: the keyset (created_at, id) of its last case. Travels as an
/// opaque string (encode_cursor); created_at is kept to the microsecond, as PostgreSQL has it.
struct CaseCursor {
    std::int64_t created_micros = 0;  // microseconds since 1970-01-01T00:00:00Z
    std::string id;                   // lower-case canonical UUID

    bool operator==(const CaseCursor&) const = default;
};

/// base64url (no padding) of "created_micros:id".
std::string encode_cursor(const CaseCursor& cursor);

/// The cursor encoded by encode_cursor; code `format` (field `after`) for anything else.
Expected<CaseCursor> decode_cursor(std::string_view text);

/// What to list. Absent members do not filter. `party_id_number` is the plain number as typed;
/// it lives only in memory and the query hashes it (party_hash) before it reaches the database.
struct CaseFilter {
    std::optional<std::string> workflow;
    std::optional<std::string> state;
    std::optional<std::string> region;  // 6-digit administrative division code
    std::optional<std::string> owner_role;
    std::optional<bool> overdue;  // true: a pending deadline is past; false: none is
    std::optional<std::string> party_id_number;
    int limit = kDefaultPageLimit;  // 1..kMaxPageLimit
    std::optional<CaseCursor> after;
    std::string region_scope;  // the caller's region (see region_covers); "" sees all. Not a parameter.
};

/// Decoded query parameters in order; a name may repeat.
using QueryParams = std::vector<std::pair<std::string, std::string>>;

/// Splits "a=1&b=x%20y" into decoded pairs (application/x-www-form-urlencoded: '+' is a space,
/// %XX a byte). Empty segments are skipped.
QueryParams split_query(std::string_view query);

/// The filter named by `params`: workflow, state, region, owner_role, overdue (true|false),
/// party_id_number, limit (1..200, default 50), after (a cursor). Fails with code `validation`
/// and one detail per bad parameter: `format` (empty, malformed, repeated), `range` (limit out of
/// bounds) or `unknown` (a parameter this list does not take), each naming its field.
Expected<CaseFilter> parse_case_filter(const QueryParams& params);

/// One line of a list: what a person needs to pick a case, never its data.
struct CaseSummary {
    std::string id;
    std::string workflow;
    std::string workflow_version;
    std::string state;
    std::string region;      // "" when the case has none
    std::string owner_role;  // "" when no role owns the current state (a final state)
    std::int64_t version = 0;
    rules::Instant created_at{};
    rules::Instant updated_at{};
    std::optional<rules::Instant> next_due_at;  // the earliest pending deadline
    bool overdue = false;                       // next_due_at is before the query's `now`
};

struct CasePage {
    std::vector<CaseSummary> items;
    std::optional<std::string> next_cursor;  // present when more cases follow
};

/// The port: lists cases matching a filter, ordered by (created_at, id), at most filter.limit.
class CaseQuery {
public:
    virtual ~CaseQuery() = default;
    /// `now` decides what is overdue. Fails with `database`/`database_unavailable` errors.
    virtual Expected<CasePage> list(const CaseFilter& filter, rules::Instant now) = 0;
};

}  // namespace wg::app
