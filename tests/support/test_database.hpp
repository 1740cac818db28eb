// A fresh, migrated PostgreSQL database per test, in the throwaway cluster that the ctest
// fixture `pg` started (its admin DSN is in $WG_TEST_PG_DIR/dsn). Dropped on destruction.
#pragma once

#include <string>

namespace wg::test {

class TestDatabase {
public:
    /// Creates the database; throws std::runtime_error with a clear message when the test
    /// cluster is not running (a test that needs PostgreSQL fails, it is never skipped).
    TestDatabase();
    ~TestDatabase();
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    /// libpq connection string of this test's database.
    [[nodiscard]] const std::string& dsn() const { return dsn_; }

    /// Runs a query returning one integer (e.g. a count), for assertions on stored rows.
    [[nodiscard]] long long scalar(const std::string& sql) const;

    /// Runs a statement (e.g. to tamper with rows in a test).
    void execute(const std::string& sql) const;

private:
    std::string admin_dsn_;
    std::string name_;
    std::string dsn_;
};

/// The admin DSN of the throwaway cluster; throws when the fixture did not run.
std::string cluster_dsn();

}  // namespace wg::test
