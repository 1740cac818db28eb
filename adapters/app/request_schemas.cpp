// OpenAPI → valijson. valijson knows JSON Schema drafts 4 and 7; our request schemas keep to
// what draft 7 and 2020-12 (OpenAPI 3.1's dialect) share: type, required, properties,
// additionalProperties, pattern, lengths, enum, minimum/maximum.
#include "adapters/app/request_schemas.hpp"

#include <yaml-cpp/yaml.h>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <regex>

namespace wg::app {

using nlohmann::json;

struct RequestSchemas::Compiled {
    valijson::Schema schema;
};

RequestSchemas::RequestSchemas() = default;
RequestSchemas::~RequestSchemas() = default;

namespace {

// YAML 1.2 core-schema reading of a plain scalar; a quoted scalar is always a string.
json scalar_json(const YAML::Node& node) {
    const std::string& text = node.Scalar();
    if (node.Tag() == "!") return text;
    static const std::regex null_word("~|null|Null|NULL|");
    static const std::regex bool_word("true|True|TRUE|false|False|FALSE");
    static const std::regex integer("[-+]?[0-9]+");
    static const std::regex number(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
    if (std::regex_match(text, null_word)) return nullptr;
    if (std::regex_match(text, bool_word)) return text[0] == 't' || text[0] == 'T';
    if (std::regex_match(text, integer)) return std::stoll(text);
    if (std::regex_match(text, number)) return std::stod(text);
    return text;
}

json yaml_json(const YAML::Node& node) {
    if (node.IsMap()) {
        json object = json::object();
        for (const auto& entry : node) object[entry.first.Scalar()] = yaml_json(entry.second);
        return object;
    }
    if (node.IsSequence()) {
        json array = json::array();
        for (const auto& item : node) array.push_back(yaml_json(item));
        return array;
    }
    return node.IsScalar() ? scalar_json(node) : json(nullptr);
}

// Inlines "#/components/schemas/X" references (the document has no recursive schemas).
Expected<json> resolve(const json& schema, const json& components, int depth = 0) {
    if (depth > 32) return fail("openapi", "schema references nest too deep (a cycle?)");
    if (schema.is_object() && schema.contains("$ref")) {
        const std::string ref = schema["$ref"];
        const std::string prefix = "#/components/schemas/";
        if (ref.rfind(prefix, 0) != 0 || !components.contains(ref.substr(prefix.size())))
            return fail("openapi", "unresolvable $ref " + ref);
        return resolve(components[ref.substr(prefix.size())], components, depth + 1);
    }
    if (schema.is_object() || schema.is_array()) {
        json out = schema;
        for (auto& [key, value] : out.items()) {
            auto resolved = resolve(value, components, depth + 1);
            if (!resolved) return resolved;
            value = std::move(*resolved);
        }
        return out;
    }
    return schema;
}

// valijson's context is {"<root>", "[data]", "[amount]"}; ours is "data.amount".
std::string field_path(const std::vector<std::string>& context) {
    std::string path;
    for (const auto& part : context) {
        if (part == "<root>") continue;
        std::string name = part;
        if (name.size() >= 2 && name.front() == '[' && name.back() == ']') name = name.substr(1, name.size() - 2);
        if (!name.empty() && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
        path += (path.empty() ? "" : ".") + name;
    }
    return path;
}

// A short code from valijson's description, for clients that branch on it.
std::string error_code(const std::string& description) {
    auto has = [&](const char* text) { return description.find(text) != std::string::npos; };
    if (has("required")) return "required";
    if (has("regex") || has("pattern")) return "format";
    if (has("additional") || has("not allowed")) return "unknown_field";
    if (has("type")) return "type";
    if (has("length") || has("less than") || has("greater than")) return "range";
    if (has("enum")) return "enum";
    return "schema";
}

// "Missing required property 'workflow'." and "…constraints: 'colour'." name the field in the
// message (the last quoted word), not in the context.
std::string quoted_name(const std::string& description) {
    const auto close = description.rfind('\'');
    if (close == std::string::npos || close == 0) return "";
    const auto open = description.rfind('\'', close - 1);
    return open == std::string::npos ? "" : description.substr(open + 1, close - open - 1);
}

}  // namespace

Expected<std::shared_ptr<const RequestSchemas>> RequestSchemas::load(const std::string& yaml_text) {
    json document;
    try {
        document = yaml_json(YAML::Load(yaml_text));
    } catch (const YAML::Exception& e) {
        return fail("openapi", std::string("the OpenAPI document is not valid YAML: ") + e.what());
    }
    if (!document.contains("paths") || !document["paths"].is_object()) return fail("openapi", "no paths");
    const json components = document.contains("components") && document["components"].contains("schemas")
                                ? document["components"]["schemas"]
                                : json::object();
    auto schemas = std::make_shared<RequestSchemas>();
    static const std::vector<std::string> kMethods{"get", "post", "put", "patch", "delete"};
    for (const auto& [path, item] : document["paths"].items()) {
        for (const auto& method : kMethods) {
            if (!item.contains(method)) continue;
            std::string upper = method;
            for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            const std::string route = upper + " " + path;
            schemas->routes_.push_back(route);
            const json& operation = item[method];
            if (!operation.contains("requestBody")) continue;
            const json body = operation["requestBody"].value("content", json::object()).value("application/json", json::object());
            if (!body.contains("schema")) continue;
            auto resolved = resolve(body["schema"], components);
            if (!resolved) return Unexpected<Error>{resolved.error()};
            auto compiled = std::make_unique<Compiled>();
            try {
                valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
                valijson::adapters::NlohmannJsonAdapter adapter(*resolved);
                parser.populateSchema(adapter, compiled->schema);
            } catch (const std::exception& e) {
                return fail("openapi", "the request schema of " + route + " does not compile: " + e.what());
            }
            schemas->schemas_[route] = std::move(compiled);
        }
    }
    return std::shared_ptr<const RequestSchemas>(std::move(schemas));
}

Expected<void> RequestSchemas::validate(const std::string& route, const json& body) const {
    const auto it = schemas_.find(route);
    if (it == schemas_.end()) return {};
    valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter adapter(body);
    if (validator.validate(it->second->schema, adapter, &results)) return {};
    Error error{"validation", "the request body does not match its schema", {}, {}};
    valijson::ValidationResults::Error item;
    while (results.popError(item)) {
        // valijson also reports the enclosing "object failed" lines; keep the specific ones.
        if (item.description.find("Failed to validate against schema associated with property") != std::string::npos)
            continue;
        const std::string code = error_code(item.description);
        std::string field = field_path(item.context);
        if (code == "required" || code == "unknown_field") {
            const std::string name = quoted_name(item.description);
            field += (field.empty() || name.empty() ? "" : ".") + name;
        }
        error.details.push_back({code, item.description, field, {}});
    }
    return Unexpected<Error>{std::move(error)};
}

std::vector<std::string> RequestSchemas::routes() const { return routes_; }

}  // namespace wg::app
