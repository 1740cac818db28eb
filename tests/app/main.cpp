// The one translation unit that holds doctest's runner for the app-layer tests (adapters/app
// logic that needs no database or network).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
