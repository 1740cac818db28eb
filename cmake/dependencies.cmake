# Third-party packages, all from Debian 12 (see scripts/deps.sh for the package names).
find_package(Threads REQUIRED)
find_package(Boost 1.81 CONFIG REQUIRED)            # headers only: Asio and Beast
find_package(OpenSSL REQUIRED)
find_package(yaml-cpp 0.7 REQUIRED)                  # target: yaml-cpp
find_package(spdlog 1.10 REQUIRED)                   # spdlog::spdlog, pulls fmt::fmt
find_package(nlohmann_json 3.11 REQUIRED)            # nlohmann_json::nlohmann_json
find_package(PostgreSQL REQUIRED)                    # PostgreSQL::PostgreSQL (libpq)
if(WG_BUILD_TESTS)
  find_package(doctest REQUIRED)
  include(doctest)
endif()

# SOCI: Debian ships no CMake package and no pkg-config file, so import it by hand.
find_path(SOCI_INCLUDE_DIR soci/soci.h REQUIRED)
find_library(SOCI_CORE_LIBRARY soci_core REQUIRED)
find_library(SOCI_POSTGRESQL_LIBRARY soci_postgresql REQUIRED)
add_library(SOCI::core UNKNOWN IMPORTED)
set_target_properties(SOCI::core PROPERTIES
  IMPORTED_LOCATION "${SOCI_CORE_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${SOCI_INCLUDE_DIR}"
  INTERFACE_LINK_LIBRARIES "${CMAKE_DL_LIBS}")
add_library(SOCI::postgresql UNKNOWN IMPORTED)
set_target_properties(SOCI::postgresql PROPERTIES
  IMPORTED_LOCATION "${SOCI_POSTGRESQL_LIBRARY}"
  INTERFACE_LINK_LIBRARIES "SOCI::core;PostgreSQL::PostgreSQL")
