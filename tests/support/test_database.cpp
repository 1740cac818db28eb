// Creating and dropping per-test databases through SOCI.
#include "tests/support/test_database.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <unistd.h>

namespace wg::test {

std::string cluster_dsn() {
    const char* dir = std::getenv("WG_TEST_PG_DIR");
    if (dir == nullptr) throw std::runtime_error("WG_TEST_PG_DIR is not set: run the integration tests through ctest");
    std::ifstream in(std::string(dir) + "/dsn");
    std::string dsn;
    if (!std::getline(in, dsn) || dsn.empty())
        throw std::runtime_error(std::string("no test PostgreSQL: ") + dir + "/dsn is missing (fixture pg_start failed?)");
    return dsn + " options='-c client_min_messages=warning'";
}

namespace {

std::string replace_dbname(const std::string& dsn, const std::string& name) {
    const auto at = dsn.find("dbname=");
    const auto end = dsn.find(' ', at);
    return dsn.substr(0, at) + "dbname=" + name + (end == std::string::npos ? "" : dsn.substr(end));
}

}  // namespace

TestDatabase::TestDatabase() : admin_dsn_(cluster_dsn()) {
    static std::atomic<int> counter{0};
    name_ = "wg_test_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
    soci::session admin(soci::postgresql, admin_dsn_);
    admin << "DROP DATABASE IF EXISTS " + name_;
    admin << "CREATE DATABASE " + name_;
    dsn_ = replace_dbname(admin_dsn_, name_);
}

TestDatabase::~TestDatabase() {
    try {
        soci::session admin(soci::postgresql, admin_dsn_);
        admin << "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)";
    } catch (...) {
        // The cluster is thrown away after the run anyway.
    }
}

long long TestDatabase::scalar(const std::string& sql) const {
    soci::session session(soci::postgresql, dsn_);
    long long value = 0;
    session << sql, soci::into(value);
    return value;
}

void TestDatabase::execute(const std::string& sql) const {
    soci::session session(soci::postgresql, dsn_);
    session << sql;
}

}  // namespace wg::test
