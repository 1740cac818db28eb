// Strict reading of YAML nodes for the workflow loaders: every problem is collected with its
// file:line:col, unknown keys get a "did you mean". Only *_loader.cpp files include this.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "rules/error.hpp"
#include "workflow/definition.hpp"

namespace wg::workflow {

class YamlReader {
public:
    explicit YamlReader(std::string file) : file_(std::move(file)) {}

    [[nodiscard]] const std::string& file() const { return file_; }
    [[nodiscard]] SourceLocation where(const YAML::Node& node) const;
    /// Where the text of a scalar starts (one column later for a quoted scalar).
    [[nodiscard]] SourceLocation text_start(const YAML::Node& node) const;
    void error(const YAML::Node& node, std::string message, std::string code = "definition");
    void error_at(const SourceLocation& where, std::string message, std::string code = "definition");
    [[nodiscard]] Errors take_errors() { return std::move(errors_); }
    [[nodiscard]] bool failed() const { return !errors_.empty(); }

    void check_keys(const YAML::Node& map, const std::vector<std::string>& allowed, const std::string& context);
    /// A scalar child; reports when required and missing, or when not a scalar.
    std::string scalar(const YAML::Node& map, const char* key, bool required, const std::string& context);
    /// A list of names, or a single name.
    std::vector<std::string> names(const YAML::Node& node, const std::string& context);
    Label label(const YAML::Node& node, const std::string& context);
    bool flag(const YAML::Node& map, const char* key, const std::string& context);

private:
    std::string file_;
    Errors errors_;
};

}  // namespace wg::workflow
