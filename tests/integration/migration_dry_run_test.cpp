// The migration dry run against a real PostgreSQL: the cases of one workflow version are read
// (read-only) and each gets its move or the reason it cannot move; no row changes.
#include <doctest/doctest.h>

#include "adapters/pg/database.hpp"
#include "adapters/pg/migrations.hpp"
#include "adapters/pg/pg_case_versions.hpp"
#include "tests/support/test_database.hpp"
#include "workflow/definition_loader.hpp"
#include "workflow/migration_plan.hpp"
#include "workflow/migration_plan_loader.hpp"

using namespace wg;
using wg::test::TestDatabase;

namespace {

const char* kOld = R"(workflow: w
version: "2025.1"
roles: [inspector]
initial: pending
states:
  pending: {owner: inspector, on: {open: {to: investigating}}}
  investigating: {owner: inspector, on: {pay: {to: paid}, drop: {to: dropped}}}
  dropped: {final: true}
  paid: {final: true}
)";

const char* kNew = R"(workflow: w
version: "2026.1"
roles: [inspector]
initial: pending
states:
  pending: {owner: inspector, on: {open: {to: under_review}}}
  under_review: {owner: inspector, on: {pay: {to: paid}}}
  paid: {final: true}
)";

const char* kPlan =
    "workflow: w\nfrom_version: \"2025.1\"\nto_version: \"2026.1\"\n"
    "states: {investigating: under_review}\n";

workflow::Definition definition(const char* yaml, const char* hash) {
    auto loaded = workflow::load_definition(yaml, "w.yaml", rules::FunctionRegistry{});
    REQUIRE(loaded.has_value());
    loaded->content_hash = hash;
    return std::move(*loaded);
}

// Ids as UUID text, so that the read order (created_at, then id) is the order written here.
std::string id(int n) {
    return "00000000-0000-0000-0000-00000000000" + std::to_string(n);
}

}  // namespace

TEST_CASE("a dry run reads the cases of the old version from PostgreSQL and moves none of them") {
    TestDatabase db;
    pg::Database database(db.dsn(), 1);
    REQUIRE(pg::migrate(database, pg::embedded_migrations()).has_value());
    db.execute(
        "INSERT INTO cases (id, workflow, workflow_version, workflow_hash, state) VALUES "
        "('" +
        id(1) +
        "', 'w', '2025.1', 'hash-old', 'investigating'),"
        "('" +
        id(2) +
        "', 'w', '2025.1', 'hash-old', 'pending'),"
        "('" +
        id(3) +
        "', 'w', '2025.1', 'hash-old', 'dropped'),"
        "('" +
        id(4) +
        "', 'w', '2025.1', 'hash-edited', 'investigating'),"
        "('" +
        id(5) +
        "', 'w', '2026.1', 'hash-new', 'under_review'),"
        "('" +
        id(6) + "', 'other', '2025.1', 'hash-old', 'investigating')");
    const auto from = definition(kOld, "hash-old");
    const auto to = definition(kNew, "hash-new");
    const auto plan = workflow::load_migration_plan(kPlan, "plan.yaml");
    REQUIRE(plan.has_value());

    const auto cases = pg::cases_on_version(database, "w", "2025.1");
    REQUIRE(cases.has_value());
    const auto run = workflow::dry_run(*plan, from, to, *cases);

    REQUIRE(run.moves.size() == 4);
    CHECK(run.moves[0].case_id == id(1));
    CHECK(run.moves[0].outcome == workflow::MoveOutcome::moves);
    CHECK(run.moves[0].to_state == "under_review");
    CHECK(run.moves[1].case_id == id(2));
    CHECK(run.moves[1].outcome == workflow::MoveOutcome::keeps_state);
    CHECK(run.moves[2].case_id == id(3));
    CHECK(run.moves[2].outcome == workflow::MoveOutcome::unmapped_state);
    CHECK(run.moves[3].case_id == id(4));
    CHECK(run.moves[3].outcome == workflow::MoveOutcome::other_version);
    CHECK(workflow::summary(run.totals) ==
          "4 case(s): 1 move, 1 keep their state, 2 cannot move (1 on another "
          "version, 1 unmapped, 0 with an unknown target)");
    CHECK(db.scalar("SELECT count(*) FROM cases WHERE state = 'investigating'") == 3);
    CHECK(db.scalar("SELECT count(*) FROM cases WHERE version <> 1") == 0);
}

TEST_CASE("reading the cases of a version fails as a value when the database is away") {
    pg::Database database("host=127.0.0.1 port=1 user=nobody dbname=none", 1);
    const auto cases = pg::cases_on_version(database, "w", "2025.1");
    REQUIRE_FALSE(cases.has_value());
    CHECK(cases.error().code == "database_unavailable");
}
