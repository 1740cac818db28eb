// Reads a workflow's `data:` section: field names to types and PII classes.
#pragma once

#include <yaml-cpp/yaml.h>

#include <vector>

#include "workflow/definition.hpp"
#include "workflow/yaml_loader.hpp"

namespace wg::workflow {

/// The fields of `data:`; problems are reported to `reader`.
std::vector<DataField> read_data_fields(YamlReader& reader, const YAML::Node& data);

}  // namespace wg::workflow
