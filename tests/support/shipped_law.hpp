// Test helpers over the shipped law parameters (config/rules/*.yaml), loaded once the way an
// adapter loads them: every .yaml file of the folder, in name order.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "rules/law_parameters_loader.hpp"

namespace wg::test {

inline std::vector<rules::NamedText> shipped_law_texts() {
    namespace fs = std::filesystem;
    std::vector<rules::NamedText> texts;
    for (const auto& entry : fs::directory_iterator(fs::path(WG_SOURCE_DIR) / "config" / "rules")) {
        if (entry.path().extension() != ".yaml") continue;
        std::ifstream in(entry.path());
        std::ostringstream text;
        text << in.rdbuf();
        texts.push_back({entry.path().filename().string(), text.str()});
    }
    std::sort(texts.begin(), texts.end(), [](const auto& a, const auto& b) { return a.file < b.file; });
    return texts;
}

inline const rules::LawParameters& shipped_law() {
    static const rules::LawParameters law = [] {
        auto loaded = rules::load_law_parameters(shipped_law_texts());
        if (!loaded) throw std::runtime_error(loaded.error().front().to_string());
        return *loaded;
    }();
    return law;
}

/// Loads law parameters from one YAML text (named "test.yaml"); throws on any error.
inline rules::LawParameters law_from(const std::string& yaml) {
    const std::vector<rules::NamedText> texts{{"test.yaml", yaml}};
    auto loaded = rules::load_law_parameters(texts);
    if (!loaded) throw std::runtime_error(loaded.error().front().to_string());
    return *loaded;
}

}  // namespace wg::test
