// A file with the given text under the system temp dir, removed when the test is done: for
// loaders that read a path (settings, webhooks).
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace wg::test {

struct TempFile {
    explicit TempFile(const std::string& text, const std::string& prefix = "wageguard-test") {
        path = (std::filesystem::temp_directory_path() /
                (prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) + ".yaml"))
                   .string();
        std::ofstream(path) << text;
    }
    ~TempFile() { std::filesystem::remove(path); }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    std::string path;
    static inline int counter = 0;
};

}  // namespace wg::test
