// The static types of the expression language and of case data, as declared in a schema
// and computed by the checker: scalars, list<T>, record{field: T, ...} and `any`.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rules/expr/value.hpp"

namespace wg::rules {

/// Scalar kinds match ValueKind; `any` is only for host-function parameters that accept
/// every value (the host then checks what it got).
enum class TypeKind : std::uint8_t {
    null, boolean, integer, money, rate, string, date, timestamp, period, list, record, any
};

class Type;
using TypeFields = std::vector<std::pair<std::string, Type>>;

/// An immutable type; nested parts are shared, so copies are cheap.
class Type {
public:
    Type() = default;  // the type of `null`

    static Type null() { return Type(TypeKind::null); }
    static Type boolean() { return Type(TypeKind::boolean); }
    static Type integer() { return Type(TypeKind::integer); }
    static Type money() { return Type(TypeKind::money); }
    static Type rate() { return Type(TypeKind::rate); }
    static Type string() { return Type(TypeKind::string); }
    static Type date() { return Type(TypeKind::date); }
    static Type timestamp() { return Type(TypeKind::timestamp); }
    static Type period() { return Type(TypeKind::period); }
    static Type any() { return Type(TypeKind::any); }
    static Type list(Type element);
    /// A record type; fields are kept sorted by name. Duplicate names are a bug (asserted).
    static Type record(TypeFields fields);

    [[nodiscard]] TypeKind kind() const { return kind_; }
    [[nodiscard]] bool is(TypeKind kind) const { return kind_ == kind; }
    /// The element type of a list; precondition: kind() == list.
    [[nodiscard]] const Type& element() const;
    /// The fields of a record (empty for other kinds).
    [[nodiscard]] const TypeFields& fields() const;
    /// The type of one field of a record, or nullptr.
    [[nodiscard]] const Type* field(std::string_view name) const;

    /// "money", "list<record{amount: money, months: integer}>".
    [[nodiscard]] std::string to_string() const;

    friend bool operator==(const Type& a, const Type& b);

private:
    explicit Type(TypeKind kind) : kind_(kind) {}

    TypeKind kind_ = TypeKind::null;
    std::shared_ptr<const Type> element_;
    std::shared_ptr<const TypeFields> fields_;
};

/// Whether a value of type `actual` may be used where `expected` is declared: equal types,
/// `null` anywhere, anything for `any`, lists elementwise, and records that have at least the
/// expected fields (extra fields are ignored).
bool fits(const Type& actual, const Type& expected);

/// The common type of two branches or list elements (`null` joins anything), or nothing.
std::optional<Type> unify(const Type& a, const Type& b);

/// Whether a value conforms to a type (null conforms to every type). For host-function
/// results and for adapters checking case data against a schema.
bool conforms(const Value& value, const Type& type);

/// The type of a value's kind for messages ("money", "list", ...).
std::string_view type_name(TypeKind kind);

}  // namespace wg::rules
