// Records, deep equality and the human-readable rendering of values.
#include "rules/expr/value.hpp"

#include <algorithm>

#include "rules/expr/scalars.hpp"

namespace wg::rules {
namespace {

constexpr std::size_t kShownItems = 10;  // explanations stay one readable line
constexpr int kShownDepth = 4;

std::string format_at(const Value& value, int depth);

std::string format_list(const List& items, int depth) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size() && i < kShownItems; ++i) {
        if (i != 0) out += ", ";
        out += format_at(items[i], depth + 1);
    }
    if (items.size() > kShownItems) out += ", … " + std::to_string(items.size() - kShownItems) + " more";
    return out + "]";
}

std::string format_record(const Record& record, int depth) {
    std::string out = "{";
    std::size_t shown = 0;
    for (const auto& [name, field] : record.fields()) {
        if (shown == kShownItems) {
            out += ", …";
            break;
        }
        if (shown++ != 0) out += ", ";
        out += name + ": " + format_at(field, depth + 1);
    }
    return out + "}";
}

std::string format_at(const Value& value, int depth) {
    if (depth > kShownDepth && (value.kind() == ValueKind::list || value.kind() == ValueKind::record))
        return "…";
    switch (value.kind()) {
        case ValueKind::null: return "null";
        case ValueKind::boolean: return value.as_bool() ? "true" : "false";
        case ValueKind::integer: return std::to_string(value.as_integer());
        case ValueKind::string: return "\"" + value.as_string() + "\"";
        case ValueKind::list: return format_list(value.as_list(), depth);
        case ValueKind::record: return format_record(value.as_record(), depth);
        default: return expr::format_scalar(value);
    }
}

}  // namespace

Value::Value(List items) : storage_(std::make_shared<const List>(std::move(items))) {}

Value::Value(Record fields) : storage_(std::make_shared<const Record>(std::move(fields))) {}

const List& Value::as_list() const {
    return *std::get<std::shared_ptr<const List>>(storage_);
}

const Record& Value::as_record() const {
    return *std::get<std::shared_ptr<const Record>>(storage_);
}

bool operator==(const Value& a, const Value& b) {
    if (a.kind() != b.kind()) return false;
    if (a.kind() == ValueKind::list) return a.as_list() == b.as_list();
    if (a.kind() == ValueKind::record) return a.as_record() == b.as_record();
    return a.storage_ == b.storage_;
}

Record::Record(std::initializer_list<Field> fields) {
    fields_.reserve(fields.size());
    for (const auto& [name, value] : fields) set(name, value);
}

void Record::reserve(std::size_t count) { fields_.reserve(count); }

void Record::set(std::string name, Value value) {
    const auto at = std::lower_bound(fields_.begin(), fields_.end(), name,
                                     [](const Field& field, const std::string& key) {
                                         return field.first < key;
                                     });
    if (at != fields_.end() && at->first == name) {
        at->second = std::move(value);
        return;
    }
    fields_.emplace(at, std::move(name), std::move(value));
}

const Value* Record::find(std::string_view name) const {
    // Records are small (a case's data, a payload): a linear scan beats a binary search here.
    for (const auto& field : fields_)
        if (same_name(field.first, name)) return &field.second;
    return nullptr;
}

std::string_view kind_name(ValueKind kind) {
    static constexpr std::string_view kNames[] = {"null", "bool", "integer", "money",
                                                  "rate", "string", "date", "timestamp",
                                                  "period", "list", "record"};
    return kNames[static_cast<std::size_t>(kind)];
}

std::string format_value(const Value& value) {
    return format_at(value, 0);
}

}  // namespace wg::rules
