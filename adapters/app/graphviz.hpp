// Rendering Graphviz dot text as SVG with the `dot` program, when it is installed.
#pragma once

#include <string>

#include "rules/expected.hpp"

namespace wg::app {

/// SVG for `dot_text`; `unavailable` when Graphviz's dot is not on PATH, `graphviz` when it fails.
Expected<std::string> render_svg(const std::string& dot_text);

}  // namespace wg::app
