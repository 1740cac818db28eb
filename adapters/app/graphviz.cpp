// Runs `dot -Tsvg FILE` on a temporary file and reads its output.
#include "adapters/app/graphviz.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace wg::app {
namespace {

bool dot_on_path() {
    const char* path = std::getenv("PATH");
    std::stringstream folders(path == nullptr ? "" : path);
    for (std::string folder; std::getline(folders, folder, ':');)
        if (!folder.empty() && ::access((folder + "/dot").c_str(), X_OK) == 0) return true;
    return false;
}

}  // namespace

Expected<std::string> render_svg(const std::string& dot_text) {
    if (!dot_on_path()) return fail("unavailable", "svg needs Graphviz's dot, which is not installed; ask for format=dot or mermaid");
    char name[] = "/tmp/wageguard-diagram-XXXXXX";
    const int fd = ::mkstemp(name);
    if (fd < 0) return fail("graphviz", "cannot create a temporary file");
    ::close(fd);
    std::ofstream(name, std::ios::binary) << dot_text;
    FILE* pipe = ::popen((std::string("dot -Tsvg ") + name).c_str(), "r");
    std::string svg;
    if (pipe != nullptr) {
        char chunk[8192];
        for (std::size_t n; (n = std::fread(chunk, 1, sizeof chunk, pipe)) > 0;) svg.append(chunk, n);
    }
    const int status = pipe == nullptr ? -1 : ::pclose(pipe);
    std::remove(name);
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return fail("graphviz", "dot -Tsvg failed");
    return svg;
}

}  // namespace wg::app
