// A test helper, not shipped: exposes adapters/app/standard_webhooks to the npm interop check
// (interop.mjs), which signs with the npm package standardwebhooks and verifies with us, and
// the other way round.
//
//   webhook_sign_tool sign WHSEC ID TIMESTAMP BODY_FILE
//       prints the webhook-signature value ("v1,…")
//   webhook_sign_tool verify WHSEC[,WHSEC…] ID TIMESTAMP SIGNATURE_HEADER BODY_FILE [NOW_SECONDS]
//       exit 0 and "ok" when valid; exit 1 and "<code>: <message>" when not
// Exit 2 on bad usage or a malformed secret.
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "adapters/app/standard_webhooks.hpp"

namespace {

int usage() {
    std::cerr << "usage: webhook_sign_tool sign WHSEC ID TIMESTAMP BODY_FILE\n"
                 "       webhook_sign_tool verify WHSEC[,WHSEC...] ID TIMESTAMP SIGNATURE "
                 "BODY_FILE [NOW_SECONDS]\n";
    return 2;
}

bool read_file(const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream bytes;
    bytes << in.rdbuf();
    out = bytes.str();
    return true;
}

bool decode_keys(const std::string& list, std::vector<std::string>& keys) {
    std::stringstream items(list);
    std::string whsec;
    while (std::getline(items, whsec, ',')) {
        auto key = wg::app::decode_webhook_secret(whsec);
        if (!key) {
            std::cerr << "secret: " << key.error().message << "\n";
            return false;
        }
        keys.push_back(*key);
    }
    return !keys.empty();
}

int sign(char** argv) {
    std::vector<std::string> keys;
    std::string body;
    if (!decode_keys(argv[2], keys) || !read_file(argv[5], body)) return usage();
    std::cout << wg::app::sign_webhook(keys.front(), argv[3], std::stoll(argv[4]), body) << "\n";
    return 0;
}

int verify(int argc, char** argv) {
    std::vector<std::string> keys;
    std::string body;
    if (!decode_keys(argv[2], keys) || !read_file(argv[6], body)) return usage();
    wg::rules::Instant now =
        std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    if (argc == 8) now = wg::rules::Instant(std::chrono::seconds(std::stoll(argv[7])));
    auto verified = wg::app::verify_webhook(keys, argv[3], argv[4], argv[5], body, now);
    if (!verified) {
        std::cout << verified.error().code << ": " << verified.error().message << "\n";
        return 1;
    }
    std::cout << "ok\n";
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 6 && std::string(argv[1]) == "sign") return sign(argv);
    if ((argc == 7 || argc == 8) && std::string(argv[1]) == "verify") return verify(argc, argv);
    return usage();
}
