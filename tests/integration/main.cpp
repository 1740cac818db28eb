// doctest's runner for the integration tests (real PostgreSQL, real sockets). Server logs are
// kept to warnings so that test output stays readable.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>
#include <spdlog/spdlog.h>

int main(int argc, char** argv) {
    spdlog::set_level(spdlog::level::warn);
    return doctest::Context(argc, argv).run();
}
