// Server settings read from YAML: the shipped file, and the database keys with their located
// errors. The other keys are exercised by every test that starts a server.
#include <doctest/doctest.h>

#include <string>

#include "adapters/config/settings.hpp"
#include "tests/support/temp_file.hpp"

using namespace wg;

TEST_CASE("settings: the shipped config keeps 10000 cases per node") {
    auto settings = config::load_settings(WG_SOURCE_DIR "/config/wageguard.yaml");
    REQUIRE(settings.has_value());
    CHECK(settings->cached_cases == 10000);
    CHECK(settings->database_pool_size == 8);
}

TEST_CASE("settings: database.cached_cases may turn the case cache off") {
    test::TempFile file("database:\n  url: \"dbname=x\"\n  cached_cases: 0\n");
    auto settings = config::load_settings(file.path);
    REQUIRE(settings.has_value());
    CHECK(settings->cached_cases == 0);
}

TEST_CASE("settings: a database.cached_cases that is not a count is refused at its line and column") {
    test::TempFile file("database:\n  pool_size: 4\n  cached_cases: many\n");
    auto settings = config::load_settings(file.path);
    REQUIRE_FALSE(settings.has_value());
    REQUIRE(settings.error().size() == 1);
    CHECK(settings.error().front().message == "'cached_cases' has the wrong type");
    CHECK(settings.error().front().location.line == 3);
    CHECK(settings.error().front().location.column == 17);
}
