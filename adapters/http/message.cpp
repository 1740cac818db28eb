// Header look-up on plain requests.
#include "adapters/http/message.hpp"

namespace wg::http {

std::string Request::header(const std::string& name) const {
    for (const auto& [key, value] : headers)
        if (key == name) return value;
    return {};
}

}  // namespace wg::http
