// The audit chain's hash: hash = sha256(prev_hash || canonical JSON of the event), in hex.
#pragma once

#include <string>

#include "adapters/app/case_store.hpp"

namespace wg::app {

/// 64 zeros: the prev_hash of a case's first event.
extern const std::string kGenesisHash;

/// The hashed fields of an event as JSON: case_id, seq, event, actor, role, from_state,
/// to_state, payload, occurred_at.
Json event_document(const EventRecord& event);

/// The canonical JSON of an event: keys sorted, no spaces, UTF-8, times in UTC with
/// milliseconds. Excludes `prev_hash` and `hash` themselves.
std::string canonical_event_json(const EventRecord& event);

/// sha256(prev_hash || canonical_event_json(event)) as lower-case hex.
std::string event_hash(const std::string& prev_hash, const EventRecord& event);

/// Lower-case hex sha256 of any text (used for definition content hashes too).
std::string sha256_hex(const std::string& text);

}  // namespace wg::app
