// Replays fuzz corpora through a fuzz target without libFuzzer, so that the normal build (g++,
// ctest) exercises every committed input: each argument is a corpus folder or a single file.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

void replay(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    const std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t replayed = 0;
    for (int i = 1; i < argc; ++i) {
        const fs::path path(argv[i]);
        if (!fs::exists(path)) {
            std::fprintf(stderr, "replay: no such corpus %s\n", argv[i]);
            return 1;
        }
        if (!fs::is_directory(path)) {
            replay(path);
            ++replayed;
            continue;
        }
        for (const auto& entry : fs::directory_iterator(path)) {
            if (!entry.is_regular_file()) continue;
            replay(entry.path());
            ++replayed;
        }
    }
    std::printf("replay: %zu inputs, no crash\n", replayed);
    return replayed == 0 ? 1 : 0;
}
