// Random (version 4) UUIDs made in the application, so that a case's id is known before its
// first event is hashed and no database round trip is spent on it.
#pragma once

#include <string>

namespace wg::app {

/// A new random UUID in canonical lower-case form (8-4-4-4-12), from OpenSSL's CSPRNG.
std::string new_uuid();

}  // namespace wg::app
