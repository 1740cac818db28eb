// Construction, printing and compatibility of expression types.
#include "rules/expr/type.hpp"

#include <algorithm>
#include <cassert>

namespace wg::rules {
namespace {

bool fields_fit(const TypeFields& actual, const Type& expected) {
    for (const auto& wanted : expected.fields()) {
        const auto found = std::find_if(actual.begin(), actual.end(),
                                        [&](const auto& field) { return field.first == wanted.first; });
        if (found == actual.end() || !fits(found->second, wanted.second)) return false;
    }
    return true;
}

std::optional<Type> unify_records(const Type& a, const Type& b) {
    if (a.fields().size() != b.fields().size()) return std::nullopt;
    TypeFields joined;
    for (std::size_t i = 0; i < a.fields().size(); ++i) {
        if (a.fields()[i].first != b.fields()[i].first) return std::nullopt;
        auto field = unify(a.fields()[i].second, b.fields()[i].second);
        if (!field) return std::nullopt;
        joined.emplace_back(a.fields()[i].first, std::move(*field));
    }
    return Type::record(std::move(joined));
}

bool list_conforms(const List& items, const Type& element) {
    return std::all_of(items.begin(), items.end(),
                       [&](const Value& item) { return conforms(item, element); });
}

bool record_conforms(const Record& record, const Type& type) {
    return std::all_of(type.fields().begin(), type.fields().end(), [&](const auto& field) {
        const Value* value = record.find(field.first);
        return value == nullptr || conforms(*value, field.second);
    });
}

}  // namespace

Type Type::list(Type element) {
    Type type(TypeKind::list);
    type.element_ = std::make_shared<const Type>(std::move(element));
    return type;
}

Type Type::record(TypeFields fields) {
    std::sort(fields.begin(), fields.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    assert(std::adjacent_find(fields.begin(), fields.end(), [](const auto& a, const auto& b) {
               return a.first == b.first;
           }) == fields.end());
    Type type(TypeKind::record);
    type.fields_ = std::make_shared<const TypeFields>(std::move(fields));
    return type;
}

const Type& Type::element() const {
    assert(kind_ == TypeKind::list && element_);
    return *element_;
}

const TypeFields& Type::fields() const {
    static const TypeFields kNone;
    return fields_ ? *fields_ : kNone;
}

const Type* Type::field(std::string_view name) const {
    const auto& all = fields();
    const auto found = std::lower_bound(all.begin(), all.end(), name,
                                        [](const auto& field, std::string_view key) {
                                            return field.first < key;
                                        });
    if (found == all.end() || found->first != name) return nullptr;
    return &found->second;
}

std::string Type::to_string() const {
    if (kind_ == TypeKind::list) return "list<" + element().to_string() + ">";
    if (kind_ != TypeKind::record) return std::string(type_name(kind_));
    std::string out = "record{";
    for (const auto& [name, type] : fields()) {
        if (out.back() != '{') out += ", ";
        out += name + ": " + type.to_string();
    }
    return out + "}";
}

bool operator==(const Type& a, const Type& b) {
    if (a.kind_ != b.kind_) return false;
    if (a.kind_ == TypeKind::list) return a.element() == b.element();
    if (a.kind_ == TypeKind::record) return a.fields() == b.fields();
    return true;
}

bool fits(const Type& actual, const Type& expected) {
    if (actual.is(TypeKind::null) || expected.is(TypeKind::any)) return true;
    if (actual.kind() != expected.kind()) return false;
    if (actual.is(TypeKind::list)) return fits(actual.element(), expected.element());
    if (actual.is(TypeKind::record)) return fields_fit(actual.fields(), expected);
    return true;
}

std::optional<Type> unify(const Type& a, const Type& b) {
    if (a.is(TypeKind::null)) return b;
    if (b.is(TypeKind::null)) return a;
    if (a.kind() != b.kind()) return std::nullopt;
    if (a.is(TypeKind::list)) {
        auto element = unify(a.element(), b.element());
        if (!element) return std::nullopt;
        return Type::list(std::move(*element));
    }
    if (a.is(TypeKind::record)) return unify_records(a, b);
    return a;
}

bool conforms(const Value& value, const Type& type) {
    if (value.is_null() || type.is(TypeKind::any)) return true;
    if (static_cast<int>(value.kind()) != static_cast<int>(type.kind())) return false;
    if (type.is(TypeKind::list)) return list_conforms(value.as_list(), type.element());
    if (type.is(TypeKind::record)) return record_conforms(value.as_record(), type);
    return true;
}

std::string_view type_name(TypeKind kind) {
    switch (kind) {
        case TypeKind::null: return "null";
        case TypeKind::boolean: return "bool";
        case TypeKind::integer: return "integer";
        case TypeKind::money: return "money";
        case TypeKind::rate: return "rate";
        case TypeKind::string: return "string";
        case TypeKind::date: return "date";
        case TypeKind::timestamp: return "timestamp";
        case TypeKind::period: return "period";
        case TypeKind::list: return "list";
        case TypeKind::record: return "record";
        case TypeKind::any: return "any";
    }
    return "?";
}

}  // namespace wg::rules
