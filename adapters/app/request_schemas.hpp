// Request bodies checked against schemas/openapi.yaml (embedded in the binary) before any work:
// the OpenAPI document is the contract, not a description written after the fact.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rules/expected.hpp"

namespace wg::app {

/// The text of schemas/openapi.yaml as built into this binary.
const std::string& embedded_openapi();

class RequestSchemas {
public:
    /// Parses an OpenAPI 3.1 document (YAML) and compiles the request-body schema of each
    /// operation, with `$ref`s to components/schemas resolved. Codes: openapi.
    static Expected<std::shared_ptr<const RequestSchemas>> load(const std::string& yaml_text);

    /// Checks `body` against the request schema of `route` ("POST /api/v1/cases"); a route
    /// without one accepts anything. Code `validation`, with one detail per problem: field path
    /// (e.g. "region", "data.amount"), code (required, type, format, unknown_field, range), message.
    [[nodiscard]] Expected<void> validate(const std::string& route, const nlohmann::json& body) const;

    /// "METHOD /path/{param}" of every operation in the document.
    [[nodiscard]] std::vector<std::string> routes() const;

    ~RequestSchemas();
    RequestSchemas();

private:
    struct Compiled;
    std::vector<std::string> routes_;
    std::map<std::string, std::unique_ptr<Compiled>> schemas_;
};

}  // namespace wg::app
