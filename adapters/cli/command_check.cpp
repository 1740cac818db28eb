// `wageguard check [paths]`: load workflow definitions and report every error, located.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "adapters/cli/command.hpp"
#include "adapters/cli/settings_options.hpp"
#include "workflow/definition_loader.hpp"

namespace wg::cli {

namespace {

constexpr const char* kHelp = R"(usage: wageguard check [PATH...]

Checks workflow definitions (files, or folders of *.yaml; default config/workflows) and prints
every error as file:line:col: error: message. Exits 1 when any error is found.
)";

std::vector<std::filesystem::path> yaml_files(const std::vector<std::string>& paths) {
    namespace fs = std::filesystem;
    std::vector<fs::path> files;
    for (const auto& path : paths) {
        if (!fs::is_directory(path)) {
            files.emplace_back(path);
            continue;
        }
        for (const auto& entry : fs::directory_iterator(path))
            if (entry.path().extension() == ".yaml" || entry.path().extension() == ".yml") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

int run_check(Args args) {
    if (wants_help(args)) {
        std::cout << kHelp;
        return 0;
    }
    std::vector<std::string> paths(args.begin(), args.end());
    if (paths.empty()) paths.push_back("config/workflows");
    Errors errors;
    int checked = 0;
    for (const auto& file : yaml_files(paths)) {
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            errors.push_back({"io", "cannot read " + file.string(), {}, {}});
            continue;
        }
        std::stringstream text;
        text << in.rdbuf();
        ++checked;
        auto loaded = workflow::load_definition(text.str(), file.string());
        if (!loaded) errors.insert(errors.end(), loaded.error().begin(), loaded.error().end());
    }
    print_errors(errors);
    std::cout << checked << " workflow file(s) checked, " << errors.size() << " error(s)\n";
    return errors.empty() && checked > 0 ? 0 : 1;
}

}  // namespace wg::cli
