// The case list on PostgreSQL: one SELECT whose WHERE clause holds only the filters asked for,
// every value bound, with keyset pagination on (created_at, id).
#pragma once

#include <string>

#include "adapters/app/case_query.hpp"

namespace wg::pg {

class Database;

class PgCaseQuery final : public app::CaseQuery {
public:
    /// `pepper` hashes the party ID number of a filter (app::party_hash), as the store did when
    /// it wrote case_parties. `database` must outlive the query.
    PgCaseQuery(Database& database, std::string pepper)
        : database_(database), pepper_(std::move(pepper)) {}

    Expected<app::CasePage> list(const app::CaseFilter& filter, rules::Instant now) override;

    /// EXPLAIN (FORMAT JSON) of the statement list() runs for `filter`, with the same bound
    /// values: for tests and operators checking that a filter is served by an index.
    Expected<std::string> explain(const app::CaseFilter& filter, rules::Instant now);

private:
    Database& database_;
    std::string pepper_;
};

}  // namespace wg::pg
