// `type: money`, `type: list` with `of:`, `type: record` with `fields:`; `pii:` and `label:`.
#include "workflow/data_schema_loader.hpp"

#include <map>

#include "rules/suggest.hpp"

namespace wg::workflow {
namespace {

const std::map<std::string, rules::Type>& scalar_types() {
    static const std::map<std::string, rules::Type> types{
        {"bool", rules::Type::boolean()}, {"integer", rules::Type::integer()},
        {"money", rules::Type::money()},  {"rate", rules::Type::rate()},
        {"string", rules::Type::string()}, {"date", rules::Type::date()},
        {"timestamp", rules::Type::timestamp()}, {"period", rules::Type::period()},
    };
    return types;
}

std::vector<std::string> type_names() {
    std::vector<std::string> names{"list", "record"};
    for (const auto& [name, type] : scalar_types()) names.push_back(name);
    return names;
}

rules::Type read_type(YamlReader& reader, const YAML::Node& spec, const std::string& context);

rules::Type read_record(YamlReader& reader, const YAML::Node& fields, const std::string& context) {
    rules::TypeFields out;
    if (!fields || !fields.IsMap()) {
        reader.error(fields ? fields : YAML::Node(), context + " needs 'fields:' mapping names to field specs");
        return rules::Type::record({});
    }
    for (const auto& entry : fields) {
        const std::string name = entry.first.Scalar();
        out.emplace_back(name, read_type(reader, entry.second, "field '" + name + "' of " + context));
    }
    return rules::Type::record(std::move(out));
}

rules::Type read_type(YamlReader& reader, const YAML::Node& spec, const std::string& context) {
    if (!spec.IsMap()) {
        reader.error(spec, context + " must be a map like {type: money}");
        return rules::Type::any();
    }
    reader.check_keys(spec, {"type", "of", "fields", "pii", "label", "description"}, context);
    const std::string type = reader.scalar(spec, "type", true, context);
    if (type == "list") {
        if (!spec["of"]) {
            reader.error(spec, context + " is a list and needs 'of:' with the element type");
            return rules::Type::list(rules::Type::any());
        }
        return rules::Type::list(read_type(reader, spec["of"], "elements of " + context));
    }
    if (type == "record") return read_record(reader, spec["fields"], context);
    const auto it = scalar_types().find(type);
    if (it != scalar_types().end()) return it->second;
    if (!type.empty())
        reader.error(spec["type"], "unknown type '" + type + "' for " + context + rules::did_you_mean(type, type_names()));
    return rules::Type::any();
}

PiiClass read_pii(YamlReader& reader, const YAML::Node& spec, const std::string& context) {
    const std::string pii = spec.IsMap() ? reader.scalar(spec, "pii", false, context) : "";
    if (pii.empty() || pii == "none") return PiiClass::none;
    if (pii == "identity") return PiiClass::identity;
    if (pii == "contact") return PiiClass::contact;
    if (pii == "bank") return PiiClass::bank;
    reader.error(spec["pii"], "pii of " + context + " must be none, identity, contact or bank" +
                                  rules::did_you_mean(pii, {"none", "identity", "contact", "bank"}));
    return PiiClass::none;
}

}  // namespace

std::vector<DataField> read_data_fields(YamlReader& reader, const YAML::Node& data) {
    std::vector<DataField> fields;
    if (!data) return fields;
    if (!data.IsMap()) {
        reader.error(data, "'data' must map field names to specs like {type: money}");
        return fields;
    }
    for (const auto& entry : data) {
        DataField field;
        field.name = entry.first.Scalar();
        field.location = reader.where(entry.first);
        const std::string context = "data field '" + field.name + "'";
        field.type = read_type(reader, entry.second, context);
        field.pii = read_pii(reader, entry.second, context);
        if (entry.second.IsMap()) field.label = reader.label(entry.second["label"], "'label' of " + context);
        fields.push_back(std::move(field));
    }
    return fields;
}

}  // namespace wg::workflow
