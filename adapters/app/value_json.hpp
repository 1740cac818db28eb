// Case data between JSON (the API, jsonb in PostgreSQL) and typed values (the core). Money is a
// decimal string in yuan ("21000.00"), dates "YYYY-MM-DD", timestamps RFC 3339, rates "1.5%",
// periods "5 working days".
#pragma once

#include <nlohmann/json.hpp>

#include "rules/expected.hpp"
#include "rules/expr/type.hpp"
#include "rules/expr/value.hpp"

namespace wg::app {

/// Converts a JSON object to a record of `type` (a record type). Every problem is reported,
/// each with its field path under `prefix` ("data.amount") and a code: `unknown_field`,
/// `type`, `format`, `precision`, `overflow`, `date`. Returns a `validation` error holding them.
Expected<rules::Record> record_from_json(const nlohmann::json& object, const rules::Type& type,
                                         const std::string& prefix);

/// The JSON form of a value (null, bool, number for integers, strings for the rest).
nlohmann::json value_to_json(const rules::Value& value);

}  // namespace wg::app
