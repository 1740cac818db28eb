// Strict YAML like the settings: unknown keys are errors, every error names file:line:col.
#include "adapters/app/webhook_config.hpp"

#include <spdlog/spdlog.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <optional>
#include <set>

#include "adapters/app/standard_webhooks.hpp"

namespace wg::app {
namespace {

std::shared_ptr<spdlog::logger> log() {
    auto logger = spdlog::get("app");
    return logger ? logger : spdlog::default_logger();
}

// Reads one file; errors go to `errors`, each at the node they concern.
class Reader {
public:
    explicit Reader(std::string file) : file_(std::move(file)) {}

    void error(const YAML::Node& node, const std::string& message) {
        const auto mark = node.Mark();
        errors_.push_back({"config",
                           message,
                           {},
                           {file_, static_cast<std::uint32_t>(mark.line + 1),
                            static_cast<std::uint32_t>(mark.column + 1)}});
    }

    void check_keys(const YAML::Node& map, const std::set<std::string>& known,
                    const std::string& context) {
        for (const auto& entry : map) {
            const auto key = entry.first.as<std::string>();
            if (!known.contains(key)) error(entry.first, "unknown key '" + key + "' in " + context);
        }
    }

    // A scalar string; `required` reports its absence at `map`.
    std::string text(const YAML::Node& map, const char* key, const std::string& context,
                     bool required) {
        const YAML::Node node = map[key];
        if (!node) {
            if (required) error(map, context + " needs '" + key + "'");
            return {};
        }
        if (!node.IsScalar() || node.Scalar().empty()) {
            error(node, "'" + std::string(key) + "' in " + context + " must be a non-empty string");
            return {};
        }
        return node.Scalar();
    }

    std::vector<std::string> strings(const YAML::Node& node, const std::string& what) {
        std::vector<std::string> out;
        if (!node.IsSequence()) {
            error(node, what + " must be a list");
            return out;
        }
        for (const auto& item : node) {
            if (!item.IsScalar() || item.Scalar().empty()) {
                error(item, what + " must hold non-empty strings");
                continue;
            }
            out.push_back(item.Scalar());
        }
        return out;
    }

    // secrets_env: [VAR, …] → the decoded keys, newest first. nullopt when no variable is set
    // (the entry is then left out); a partly set list is an error naming the missing variable.
    std::optional<std::vector<std::string>> secrets(const YAML::Node& map,
                                                    const std::string& context) {
        const YAML::Node node = map["secrets_env"];
        if (!node) {
            error(map,
                  context +
                      " needs 'secrets_env', the environment variables holding its whsec_ secrets");
            return std::vector<std::string>{};
        }
        const auto names = strings(node, "'secrets_env' of " + context);
        if (names.empty()) {
            if (node.IsSequence())
                error(node, "'secrets_env' of " + context + " names no variable");
            return std::vector<std::string>{};
        }
        std::vector<std::string> keys, unset;
        for (const auto& name : names) {
            const char* value = std::getenv(name.c_str());
            if (value == nullptr || *value == '\0') {
                unset.push_back(name);
                continue;
            }
            auto key = decode_webhook_secret(value);
            if (!key) {
                error(node, "environment variable " + name + " of " + context + ": " +
                                key.error().message);
                continue;
            }
            keys.push_back(std::move(*key));
        }
        if (unset.size() == names.size()) return std::nullopt;
        for (const auto& name : unset)
            error(node, "environment variable " + name + " of " + context + " is not set");
        return keys;
    }

    static bool is_name(const std::string& text) {
        if (text.empty() || text.size() > 64) return false;
        for (char c : text)
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
                return false;
        return true;
    }

    void source(const YAML::Node& node, WebhookConfig& config, std::set<std::string>& names) {
        if (!node.IsMap()) return error(node, "each source must be a map");
        check_keys(node, {"name", "role", "secrets_env", "events", "reference_field"}, "a source");
        InboundSource out;
        out.name = text(node, "name", "a source", true);
        const std::string context = "source '" + out.name + "'";
        if (!out.name.empty() && !is_name(out.name))
            error(node["name"],
                  "source name '" + out.name + "' must be lower-case letters, digits, '_' or '-'");
        if (!out.name.empty() && !names.insert(out.name).second)
            error(node["name"], "source '" + out.name + "' is declared twice");
        out.role = text(node, "role", context, true);
        out.reference_field = text(node, "reference_field", context, false);
        if (const YAML::Node events = node["events"];
            !events || !events.IsMap() || events.size() == 0) {
            error(events ? events : node,
                  context + " needs 'events', a map from CloudEvents type to workflow event");
        } else {
            for (const auto& entry : events) {
                if (!entry.second.IsScalar() || entry.second.Scalar().empty()) {
                    error(entry.second, "event of type '" + entry.first.as<std::string>() +
                                            "' must be a workflow event name");
                    continue;
                }
                out.events[entry.first.as<std::string>()] = entry.second.Scalar();
            }
        }
        auto keys = secrets(node, context);
        if (!keys) {
            log()->warn(
                "webhook source skipped source={} reason=\"none of its secrets_env variables is "
                "set\"",
                out.name);
            return;
        }
        out.keys = std::move(*keys);
        config.sources.push_back(std::move(out));
    }

    void endpoint(const YAML::Node& node, WebhookConfig& config, std::set<std::string>& names) {
        if (!node.IsMap()) return error(node, "each endpoint must be a map");
        check_keys(node, {"name", "url", "secrets_env", "events", "enabled"}, "an endpoint");
        OutboundEndpoint out;
        out.name = text(node, "name", "an endpoint", true);
        const std::string context = "endpoint '" + out.name + "'";
        if (!out.name.empty() && !names.insert(out.name).second)
            error(node["name"], "endpoint '" + out.name + "' is declared twice");
        out.url = text(node, "url", context, true);
        if (!out.url.empty() && out.url.rfind("https://", 0) != 0 &&
            out.url.rfind("http://", 0) != 0)
            error(node["url"], "the url of " + context + " must start with https:// or http://");
        if (const YAML::Node events = node["events"]; !events) {
            error(node, context + " needs 'events', a list of \"workflow.event\" or \"*\"");
        } else {
            out.event_types = strings(events, "'events' of " + context);
        }
        if (const YAML::Node enabled = node["enabled"]) {
            try {
                out.enabled = enabled.as<bool>();
            } catch (const YAML::Exception&) {
                error(enabled, "'enabled' of " + context + " must be true or false");
            }
        }
        auto keys = secrets(node, context);
        if (!keys) {
            log()->warn(
                "webhook endpoint skipped endpoint={} reason=\"none of its secrets_env variables "
                "is set\"",
                out.name);
            return;
        }
        out.keys = std::move(*keys);
        config.endpoints.push_back(std::move(out));
    }

    // The entries of a top-level list; absent or null is an empty list.
    std::vector<YAML::Node> list(const YAML::Node& root, const char* key) {
        const YAML::Node node = root[key];
        if (!node || node.IsNull()) return {};
        if (!node.IsSequence()) {
            error(node, std::string("'") + key + "' must be a list");
            return {};
        }
        return {node.begin(), node.end()};
    }

    Expected<WebhookConfig, Errors> read(const YAML::Node& root) {
        WebhookConfig config;
        if (root.IsNull()) return config;
        if (!root.IsMap()) {
            error(root, "the webhooks file must be a map with 'sources' and 'endpoints'");
            return Unexpected<Errors>{std::move(errors_)};
        }
        check_keys(root, {"sources", "endpoints"}, "the webhooks file");
        std::set<std::string> source_names, endpoint_names;
        for (const auto& item : list(root, "sources")) source(item, config, source_names);
        for (const auto& item : list(root, "endpoints")) endpoint(item, config, endpoint_names);
        if (!errors_.empty()) return Unexpected<Errors>{std::move(errors_)};
        return config;
    }

private:
    std::string file_;
    Errors errors_;
};

}  // namespace

Expected<WebhookConfig, Errors> load_webhook_config(const std::string& path) {
    if (path.empty()) return WebhookConfig{};
    YAML::Node root;
    try {
        root = YAML::LoadFile(path);
    } catch (const YAML::BadFile&) {
        return Unexpected<Errors>{{Error{"config", "cannot read webhooks file " + path, {}, {}}}};
    } catch (const YAML::Exception& e) {
        return Unexpected<Errors>{{Error{"config",
                                         e.msg,
                                         {},
                                         {path, static_cast<std::uint32_t>(e.mark.line + 1),
                                          static_cast<std::uint32_t>(e.mark.column + 1)}}}};
    }
    try {
        return Reader(path).read(root);
    } catch (const YAML::Exception& e) {
        return Unexpected<Errors>{{Error{"config",
                                         e.msg,
                                         {},
                                         {path, static_cast<std::uint32_t>(e.mark.line + 1),
                                          static_cast<std::uint32_t>(e.mark.column + 1)}}}};
    }
}

}  // namespace wg::app
