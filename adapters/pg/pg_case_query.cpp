// SQL for the case list. The statement is assembled from fixed fragments, one per filter asked
// for; values are only ever bound (never spliced), and the party ID number is hashed first.
#include "adapters/pg/pg_case_query.hpp"

#include "adapters/app/access.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "adapters/app/party_hash.hpp"
#include "adapters/pg/database.hpp"
#include "adapters/pg/sql_text.hpp"

namespace wg::pg {
namespace {


// Columns 0-11. created_at also goes out exact, in microseconds, for the next page's cursor
// (the text forms stop at milliseconds). The lateral join runs only for the rows of the page.
// clang-format off
constexpr const char* kSelectPage =
    "SELECT c.id::text, c.workflow, c.workflow_version, c.state, c.region, c.owner_role, "
    "c.version, " WG_UTC_TEXT("c.created_at") ", " WG_UTC_TEXT("c.updated_at") ", "
    "CAST(EXTRACT(EPOCH FROM c.created_at) * 1000000 AS bigint), " WG_UTC_TEXT("d.next_due") ", "
    "CAST(coalesce(d.next_due < CAST(:now AS timestamptz), false) AS integer) "
    "FROM cases c LEFT JOIN LATERAL (SELECT min(due_at) AS next_due FROM deadlines "
    "WHERE case_id = c.id AND status = 'pending') d ON true";
// clang-format on

// One fragment per filter; each names the parameters bound for it.
constexpr const char* kWhereWorkflow = "c.workflow = :workflow";
constexpr const char* kWhereState = "c.state = :state";
constexpr const char* kWhereRegion = "c.region = :region";
// Keeps the region index usable: a prefix LIKE under the C collation of our clusters (and
// text_pattern_ops otherwise) is a range scan.
constexpr const char* kWhereRegionScope = "c.region LIKE :scope";
constexpr const char* kWhereOwnerRole = "c.owner_role = :owner_role";
constexpr const char* kWhereParty =
    "c.id IN (SELECT p.case_id FROM case_parties p WHERE p.id_hash = :party_hash)";
constexpr const char* kPendingPastDue =
    "EXISTS (SELECT 1 FROM deadlines o WHERE o.case_id = c.id AND o.status = 'pending' "
    "AND o.due_at < CAST(:overdue_now AS timestamptz))";
// Row comparison on (created_at, id): a btree on (…, created_at, id) serves it as a range.
constexpr const char* kWhereAfter =
    "(c.created_at, c.id) > (TIMESTAMPTZ 'epoch' + "
    "CAST(:after_micros AS bigint) * INTERVAL '1 microsecond', CAST(:after_id AS uuid))";
constexpr const char* kOrderAndLimit = " ORDER BY c.created_at, c.id LIMIT CAST(:limit AS integer)";

using Bindings = std::vector<std::pair<std::string, std::string>>;  // name, value

struct Statement {
    std::string sql;
    Bindings bindings;
};

// The page statement for `filter`, asking one row more than the limit to learn whether a next
// page exists.
Statement page_statement(const app::CaseFilter& filter, const std::string& pepper,
                         rules::Instant now) {
    const std::string at = rules::format_instant(now);
    Statement statement{kSelectPage, {{"now", at}}};
    std::vector<std::string> conditions;
    auto add = [&](const char* condition, Bindings values) {
        conditions.emplace_back(condition);
        for (auto& value : values) statement.bindings.push_back(std::move(value));
    };
    if (filter.workflow) add(kWhereWorkflow, {{"workflow", *filter.workflow}});
    if (filter.state) add(kWhereState, {{"state", *filter.state}});
    if (filter.region) add(kWhereRegion, {{"region", *filter.region}});
    if (!filter.region_scope.empty())
        add(kWhereRegionScope, {{"scope", app::region_prefix(filter.region_scope) + "%"}});
    if (filter.owner_role) add(kWhereOwnerRole, {{"owner_role", *filter.owner_role}});
    if (filter.party_id_number)
        add(kWhereParty, {{"party_hash", app::party_hash(pepper, *filter.party_id_number)}});
    if (filter.overdue == true) add(kPendingPastDue, {{"overdue_now", at}});
    if (filter.overdue == false) {
        conditions.push_back(std::string("NOT ") + kPendingPastDue);
        statement.bindings.emplace_back("overdue_now", at);
    }
    if (filter.after)
        add(kWhereAfter, {{"after_micros", std::to_string(filter.after->created_micros)},
                          {"after_id", filter.after->id}});
    for (std::size_t i = 0; i < conditions.size(); ++i)
        statement.sql += (i == 0 ? " WHERE " : " AND ") + conditions[i];
    statement.sql += kOrderAndLimit;
    statement.bindings.emplace_back("limit", std::to_string(filter.limit + 1));
    return statement;
}

// Prepares `sql` with every binding; `bindings` must outlive the rowset.
soci::rowset<soci::row> run(soci::session& session, const std::string& sql,
                            const Bindings& bindings) {
    auto prepared = (session.prepare << sql);
    for (const auto& [name, value] : bindings) prepared, soci::use(value, name);
    return soci::rowset<soci::row>(prepared);
}

std::string text_or_empty(const soci::row& row, std::size_t column) {
    return row.get_indicator(column) == soci::i_null ? std::string() : row.get<std::string>(column);
}

app::CaseSummary summary_of(const soci::row& row) {
    app::CaseSummary summary;
    summary.id = row.get<std::string>(0);
    summary.workflow = row.get<std::string>(1);
    summary.workflow_version = row.get<std::string>(2);
    summary.state = row.get<std::string>(3);
    summary.region = text_or_empty(row, 4);
    summary.owner_role = text_or_empty(row, 5);
    summary.version = row.get<long long>(6);
    summary.created_at = instant_of(row.get<std::string>(7));
    summary.updated_at = instant_of(row.get<std::string>(8));
    if (row.get_indicator(10) != soci::i_null)
        summary.next_due_at = instant_of(row.get<std::string>(10));
    summary.overdue = row.get<int>(11) != 0;
    return summary;
}

// A filter built by hand (not by parse_case_filter) may hold any limit: clamp it, so that a
// page always has room for at least one case.
app::CaseFilter with_valid_limit(app::CaseFilter filter) {
    filter.limit = std::clamp(filter.limit, 1, app::kMaxPageLimit);
    return filter;
}

}  // namespace

Expected<app::CasePage> PgCaseQuery::list(const app::CaseFilter& filter, rules::Instant now) {
    const app::CaseFilter bounded = with_valid_limit(filter);
    const Statement statement = page_statement(bounded, pepper_, now);
    app::CasePage page;
    std::optional<app::CaseCursor> last;
    auto done = database_.with_session([&](soci::session& sql) -> Expected<void> {
        soci::rowset<soci::row> rows = run(sql, statement.sql, statement.bindings);
        for (const auto& row : rows) {
            if (page.items.size() == static_cast<std::size_t>(bounded.limit)) {
                page.next_cursor = app::encode_cursor(*last);
                break;
            }
            page.items.push_back(summary_of(row));
            last = app::CaseCursor{row.get<long long>(9), page.items.back().id};
        }
        return {};
    });
    if (!done) return Unexpected<Error>{done.error()};
    return page;
}

Expected<std::string> PgCaseQuery::explain(const app::CaseFilter& filter, rules::Instant now) {
    const Statement statement = page_statement(with_valid_limit(filter), pepper_, now);
    std::string plan;
    auto done = database_.with_session([&](soci::session& sql) -> Expected<void> {
        soci::rowset<soci::row> rows =
            run(sql, "EXPLAIN (FORMAT JSON) " + statement.sql, statement.bindings);
        for (const auto& row : rows) plan += row.get<std::string>(0);
        return {};
    });
    if (!done) return Unexpected<Error>{done.error()};
    return plan;
}

}  // namespace wg::pg
