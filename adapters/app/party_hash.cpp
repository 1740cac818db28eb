// HMAC-SHA256 through OpenSSL, and the pepper file (read, or created once with mode 0600).
#include "adapters/app/party_hash.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace wg::app {
namespace {

constexpr char kHex[] = "0123456789abcdef";

std::string hex(const unsigned char* bytes, std::size_t size) {
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out += kHex[bytes[i] >> 4];
        out += kHex[bytes[i] & 0x0f];
    }
    return out;
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string_view trim_end(std::string_view text) {
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return text;
}

Expected<std::string> checked(std::string pepper, const std::string& origin) {
    if (pepper.size() < kMinPepperBytes)
        return fail("pepper", origin + ": the pepper must be at least " +
                                  std::to_string(kMinPepperBytes) + " bytes, found " +
                                  std::to_string(pepper.size()));
    return pepper;
}

Expected<std::string> read_pepper(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail("pepper", path + ": cannot read the pepper file");
    std::ostringstream content;
    content << in.rdbuf();
    return checked(std::string(trim_end(content.str())), path);
}

// Writes a new pepper with O_EXCL, so that two servers starting at once never overwrite each
// other's: the loser reads the winner's file.
Expected<std::string> create_pepper(const std::string& path) {
    std::array<unsigned char, kMinPepperBytes> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
        return fail("pepper", "the random number generator failed");
    const std::string pepper = hex(bytes.data(), bytes.size()) + "\n";
    std::error_code ec;
    const auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec) return fail("pepper", parent.string() + ": cannot create the folder: " + ec.message());
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 && errno == EEXIST) return read_pepper(path);
    if (fd < 0)
        return fail("pepper", path + ": cannot create the pepper file: " + std::strerror(errno));
    const auto written = ::write(fd, pepper.data(), pepper.size());
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    if (written != static_cast<ssize_t>(pepper.size()) || !synced) {
        std::filesystem::remove(path, ec);
        return fail("pepper", path + ": cannot write the pepper file");
    }
    return std::string(trim_end(pepper));
}

}  // namespace

std::string normalize_id_number(std::string_view id_number) {
    while (!id_number.empty() && is_space(id_number.front())) id_number.remove_prefix(1);
    std::string out(trim_end(id_number));
    if (!out.empty() && out.back() == 'x') out.back() = 'X';
    return out;
}

std::string party_hash(std::string_view pepper, std::string_view id_number) {
    const std::string message = normalize_id_number(id_number);
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    HMAC(EVP_sha256(), pepper.data(), static_cast<int>(pepper.size()),
         reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest.data(),
         &length);
    return hex(digest.data(), length);
}

Expected<std::string> load_or_create_pepper(const std::string& path) {
    if (const char* env = std::getenv("WAGEGUARD_PEPPER"); env != nullptr && *env != '\0')
        return checked(std::string(trim_end(env)), "WAGEGUARD_PEPPER");
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) return read_pepper(path);
    if (ec) return fail("pepper", path + ": " + ec.message());
    return create_pepper(path);
}

}  // namespace wg::app
