// Conversion driven by the declared type, collecting every field's problem.
#include "adapters/app/value_json.hpp"

#include <variant>

#include "rules/money.hpp"
#include "rules/period.hpp"

namespace wg::app {
namespace {

using nlohmann::json;

struct Collector {
    Errors errors;
    void add(std::string code, std::string message, std::string field) {
        Error e;
        e.code = std::move(code);
        e.message = std::move(message);
        e.field = std::move(field);
        errors.push_back(std::move(e));
    }
};

rules::Value convert(const json& in, const rules::Type& type, const std::string& path, Collector& out);

template <typename T>
rules::Value from_text(const json& in, const std::string& path, Collector& out, const char* what,
                       Expected<T> (*parse)(std::string_view)) {
    if (!in.is_string()) {
        out.add("type", path + " must be " + what + " written as a string", path);
        return {};
    }
    auto parsed = parse(in.get_ref<const std::string&>());
    if (!parsed) {
        out.add(parsed.error().code, parsed.error().message, path);
        return {};
    }
    return rules::Value(*parsed);
}

rules::Value convert_record(const json& in, const rules::Type& type, const std::string& path, Collector& out) {
    if (!in.is_object()) {
        out.add("type", path + " must be an object", path);
        return {};
    }
    rules::Record record;
    for (const auto& [key, value] : in.items()) {
        const std::string child = path.empty() ? key : path + "." + key;
        const rules::Type* field = type.field(key);
        if (field == nullptr) {
            out.add("unknown_field", "unknown field " + child, child);
            continue;
        }
        record.set(key, convert(value, *field, child, out));
    }
    return rules::Value(std::move(record));
}

rules::Value convert(const json& in, const rules::Type& type, const std::string& path, Collector& out) {
    if (in.is_null()) return {};
    switch (type.kind()) {
        case rules::TypeKind::boolean:
            if (in.is_boolean()) return rules::Value(in.get<bool>());
            out.add("type", path + " must be true or false", path);
            return {};
        case rules::TypeKind::integer:
            if (in.is_number_integer()) return rules::Value(in.get<std::int64_t>());
            out.add("type", path + " must be a whole number", path);
            return {};
        case rules::TypeKind::string:
            if (in.is_string()) return rules::Value(in.get<std::string>());
            out.add("type", path + " must be a string", path);
            return {};
        case rules::TypeKind::money: return from_text<rules::Money>(in, path, out, "an amount like \"21000.00\"", rules::parse_money);
        case rules::TypeKind::rate: return from_text<rules::Rate>(in, path, out, "a rate like \"1.5%\"", rules::parse_rate);
        case rules::TypeKind::date: return from_text<rules::Date>(in, path, out, "a date like \"2025-09-15\"", rules::parse_date);
        case rules::TypeKind::timestamp:
            return from_text<rules::Instant>(in, path, out, "a timestamp like \"2025-09-15T09:30:00+08:00\"", rules::parse_instant);
        case rules::TypeKind::period: return from_text<rules::Period>(in, path, out, "a period like \"5 working days\"", rules::parse_period);
        case rules::TypeKind::list: {
            if (!in.is_array()) {
                out.add("type", path + " must be a list", path);
                return {};
            }
            rules::List items;
            for (std::size_t i = 0; i < in.size(); ++i)
                items.push_back(convert(in[i], type.element(), path + "[" + std::to_string(i) + "]", out));
            return rules::Value(std::move(items));
        }
        case rules::TypeKind::record: return convert_record(in, type, path, out);
        case rules::TypeKind::null:
        case rules::TypeKind::any: return {};
    }
    return {};
}

}  // namespace

Expected<rules::Record> record_from_json(const nlohmann::json& object, const rules::Type& type,
                                         const std::string& prefix) {
    Collector out;
    rules::Value value = convert_record(object, type, prefix, out);
    if (!out.errors.empty()) {
        Error error{"validation", "the request has invalid fields", {}, {}};
        error.details = std::move(out.errors);
        return Unexpected<Error>{std::move(error)};
    }
    return value.as_record();
}

nlohmann::json value_to_json(const rules::Value& value) {
    using K = rules::ValueKind;
    switch (value.kind()) {
        case K::null: return nullptr;
        case K::boolean: return value.as_bool();
        case K::integer: return value.as_integer();
        case K::money: return rules::format_money(value.as_money());
        case K::rate: return rules::format_rate(value.as_rate());
        case K::string: return value.as_string();
        case K::date: return rules::format_date(value.as_date());
        case K::timestamp: return rules::format_instant(value.as_timestamp());
        case K::period: return rules::format_period_en(value.as_period());
        case K::list: {
            json out = json::array();
            for (const auto& item : value.as_list()) out.push_back(value_to_json(item));
            return out;
        }
        case K::record: {
            json out = json::object();
            for (const auto& [name, field] : value.as_record().fields()) out[name] = value_to_json(field);
            return out;
        }
    }
    return nullptr;
}

}  // namespace wg::app
