// The values expressions compute on and case data is made of. Adapters convert them to and
// from JSON (money as a yuan string, dates as ISO strings) guided by the schema's types.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "rules/date.hpp"
#include "rules/money.hpp"
#include "rules/period.hpp"

namespace wg::rules {

class Value;
class Record;
using List = std::vector<Value>;

/// The kinds of value, in the order of Value's alternatives.
enum class ValueKind : std::uint8_t {
    null, boolean, integer, money, rate, string, date, timestamp, period, list, record
};

/// One immutable value: null, bool, integer (int64), money (fen), rate, string, date,
/// timestamp, period, list or record. Lists and records are shared, so copies are cheap.
class Value {
public:
    using Storage = std::variant<std::monostate, bool, std::int64_t, Money, Rate, std::string,
                                 Date, Instant, Period, std::shared_ptr<const List>,
                                 std::shared_ptr<const Record>>;

    Value() = default;
    Value(std::nullptr_t) {}  // NOLINT: null reads naturally as Value(nullptr)
    explicit Value(bool flag) : storage_(flag) {}
    explicit Value(int number) : storage_(std::int64_t{number}) {}
    explicit Value(std::int64_t number) : storage_(number) {}
    explicit Value(Money money) : storage_(money) {}
    explicit Value(Rate rate) : storage_(rate) {}
    explicit Value(std::string text) : storage_(std::move(text)) {}
    explicit Value(std::string_view text) : storage_(std::string(text)) {}
    explicit Value(const char* text) : storage_(std::string(text)) {}
    explicit Value(Date date) : storage_(date) {}
    explicit Value(Instant instant) : storage_(instant) {}
    explicit Value(Period period) : storage_(period) {}
    explicit Value(List items);
    explicit Value(Record fields);

    [[nodiscard]] ValueKind kind() const { return static_cast<ValueKind>(storage_.index()); }
    [[nodiscard]] bool is_null() const { return storage_.index() == 0; }

    /// Typed access; asking for the wrong kind is a bug (asserted by std::get).
    [[nodiscard]] bool as_bool() const { return std::get<bool>(storage_); }
    [[nodiscard]] std::int64_t as_integer() const { return std::get<std::int64_t>(storage_); }
    [[nodiscard]] Money as_money() const { return std::get<Money>(storage_); }
    [[nodiscard]] Rate as_rate() const { return std::get<Rate>(storage_); }
    [[nodiscard]] const std::string& as_string() const { return std::get<std::string>(storage_); }
    [[nodiscard]] Date as_date() const { return std::get<Date>(storage_); }
    [[nodiscard]] Instant as_timestamp() const { return std::get<Instant>(storage_); }
    [[nodiscard]] Period as_period() const { return std::get<Period>(storage_); }
    [[nodiscard]] const List& as_list() const;
    [[nodiscard]] const Record& as_record() const;

    /// The raw alternative, for visitors (JSON conversion) and the evaluator.
    [[nodiscard]] const Storage& storage() const { return storage_; }

    /// Deep equality: same kind and same contents.
    friend bool operator==(const Value& a, const Value& b);

private:
    Storage storage_;
};

/// A record (case data, an event payload, an element of a list): fields kept sorted by name.
class Record {
public:
    using Field = std::pair<std::string, Value>;

    Record() = default;
    Record(std::initializer_list<Field> fields);

    /// Adds the field, or replaces its value when the name is already there.
    void set(std::string name, Value value);
    /// Room for `count` fields without reallocating.
    void reserve(std::size_t count);
    /// The field's value, or nullptr when the record has no such field.
    [[nodiscard]] const Value* find(std::string_view name) const;
    [[nodiscard]] const std::vector<Field>& fields() const { return fields_; }
    [[nodiscard]] std::size_t size() const { return fields_.size(); }

    friend bool operator==(const Record& a, const Record& b) { return a.fields_ == b.fields_; }

private:
    std::vector<Field> fields_;
};

/// Whether two field or root names are equal. Names are short, and a byte loop beats a call to
/// memcmp on the path every evaluation takes.
inline bool same_name(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i] != b[i]) return false;
    return true;
}

/// "null", "bool", "integer", "money", ... as used in messages.
std::string_view kind_name(ValueKind kind);

/// A short human-readable rendering for explanations and messages: money as "¥20,000.00",
/// dates as "2025-09-15", strings quoted; long lists and deep nesting are elided.
std::string format_value(const Value& value);

}  // namespace wg::rules
