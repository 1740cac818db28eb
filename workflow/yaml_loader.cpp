// Shared strict YAML reading for the workflow loaders (a *_loader file: it uses yaml-cpp).
#include <algorithm>

#include "rules/suggest.hpp"
#include "workflow/yaml_loader.hpp"

namespace wg::workflow {

SourceLocation YamlReader::where(const YAML::Node& node) const {
    const auto mark = node.Mark();
    if (mark.line < 0) return {file_, 0, 0};
    return {file_, static_cast<std::uint32_t>(mark.line + 1), static_cast<std::uint32_t>(mark.column + 1)};
}

SourceLocation YamlReader::text_start(const YAML::Node& node) const {
    SourceLocation at = where(node);
    if (at.known() && node.Tag() == "!") ++at.column;  // "!" marks a quoted scalar
    return at;
}

void YamlReader::error(const YAML::Node& node, std::string message, std::string code) {
    error_at(where(node), std::move(message), std::move(code));
}

void YamlReader::error_at(const SourceLocation& at, std::string message, std::string code) {
    Error e;
    e.code = std::move(code);
    e.message = std::move(message);
    e.location = at;
    errors_.push_back(std::move(e));
}

void YamlReader::check_keys(const YAML::Node& map, const std::vector<std::string>& allowed,
                            const std::string& context) {
    for (const auto& entry : map) {
        const auto key = entry.first.Scalar();
        if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
        error(entry.first, "unknown key '" + key + "' in " + context + rules::did_you_mean(key, allowed));
    }
}

std::string YamlReader::scalar(const YAML::Node& map, const char* key, bool required, const std::string& context) {
    const YAML::Node node = map[key];
    if (!node) {
        if (required) error(map, context + " needs '" + key + "'");
        return {};
    }
    if (!node.IsScalar()) {
        error(node, "'" + std::string(key) + "' in " + context + " must be a single value");
        return {};
    }
    return node.Scalar();
}

std::vector<std::string> YamlReader::names(const YAML::Node& node, const std::string& context) {
    std::vector<std::string> out;
    if (!node) return out;
    if (node.IsScalar()) return {node.Scalar()};
    if (!node.IsSequence()) {
        error(node, context + " must be a name or a list like [a, b]");
        return out;
    }
    for (const auto& item : node) {
        if (!item.IsScalar()) {
            error(item, context + " must hold names only");
            continue;
        }
        out.push_back(item.Scalar());
    }
    return out;
}

Label YamlReader::label(const YAML::Node& node, const std::string& context) {
    if (!node) return {};
    if (!node.IsMap()) {
        error(node, context + " must be {zh: …, en: …}");
        return {};
    }
    check_keys(node, {"zh", "en"}, context);
    return {scalar(node, "zh", true, context), scalar(node, "en", true, context)};
}

bool YamlReader::flag(const YAML::Node& map, const char* key, const std::string& context) {
    const YAML::Node node = map[key];
    if (!node) return false;
    if (!node.IsScalar() || (node.Scalar() != "true" && node.Scalar() != "false")) {
        error(node, "'" + std::string(key) + "' of " + context + " must be true or false");
        return false;
    }
    return node.Scalar() == "true";
}

}  // namespace wg::workflow
