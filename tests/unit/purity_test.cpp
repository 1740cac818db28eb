// Keeps the core pure: no file of workflow/ or rules/ may include an I/O library, an adapter,
// or read the system clock. yaml-cpp is allowed only in *_loader.cpp files, which parse text.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct Finding {
    std::string where;
    std::string line;
};

const std::vector<std::string>& forbidden_patterns() {
    static const std::vector<std::string> patterns{
        R"(#\s*include\s*[<"](boost|soci|spdlog|nlohmann|valijson|openssl|libpq|postgresql)/)",
        R"(#\s*include\s*[<"]libpq-fe\.h)",
        R"(#\s*include\s*"adapters/)",
        R"(#\s*include\s*<(fstream|iostream|cstdio|stdio\.h|thread|random|filesystem)>)",
        R"((system_clock|steady_clock|high_resolution_clock|utc_clock|file_clock)\s*::\s*now)",
        R"(\b(gettimeofday|clock_gettime|localtime|gmtime|getenv|fopen)\s*\()",
        R"(\bstd::time\s*\()",
    };
    return patterns;
}

bool is_loader(const fs::path& path) {
    return path.stem().string().ends_with("_loader");
}

std::vector<Finding> scan(const fs::path& root) {
    std::vector<Finding> findings;
    const std::regex yaml_include(R"(#\s*include\s*[<"]yaml-cpp/)");
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        const auto ext = entry.path().extension();
        if (ext != ".cpp" && ext != ".hpp") continue;
        std::ifstream in(entry.path());
        std::string line;
        for (int number = 1; std::getline(in, line); ++number) {
            const auto first = line.find_first_not_of(" \t");
            if (first != std::string::npos && line.compare(first, 2, "//") == 0) continue;
            const std::string where = entry.path().string() + ":" + std::to_string(number);
            for (const auto& pattern : forbidden_patterns())
                if (std::regex_search(line, std::regex(pattern))) findings.push_back({where, line});
            if (!is_loader(entry.path()) && std::regex_search(line, yaml_include))
                findings.push_back({where, line});
        }
    }
    return findings;
}

}  // namespace

TEST_CASE("the pure core includes no I/O library and reads no clock") {
    for (const char* folder : {"workflow", "rules"}) {
        const auto findings = scan(fs::path(WG_SOURCE_DIR) / folder);
        for (const auto& finding : findings) FAIL_CHECK(finding.where << ": " << finding.line);
        CHECK(findings.empty());
    }
}

TEST_CASE("the purity scan does catch a forbidden include") {
    const auto dir = fs::temp_directory_path() / "wg_purity_probe";
    fs::create_directories(dir);
    std::ofstream(dir / "bad.cpp") << "#include <boost/asio.hpp>\nauto t = std::chrono::system_clock::now();\n";
    std::ofstream(dir / "ok_loader.cpp") << "#include <yaml-cpp/yaml.h>\n";
    std::ofstream(dir / "bad2.cpp") << "#include <yaml-cpp/yaml.h>\n";
    const auto findings = scan(dir);
    fs::remove_all(dir);
    CHECK(findings.size() == 3);
}
