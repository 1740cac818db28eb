// A small Expected<T>, shaped like C++23 std::expected (g++ 12 lacks it under C++20).
#pragma once

#include <cassert>
#include <utility>
#include <variant>

#include "rules/error.hpp"

namespace wg {

/// Wraps an Error so that `return Unexpected{...}` reads as the failure path.
template <typename E = Error>
struct Unexpected {
    E error;
};

/// Either a value of T or an Error. Accessing the wrong alternative is a bug (asserted).
template <typename T, typename E = Error>
class [[nodiscard]] Expected {
public:
    Expected(T value) : storage_(std::in_place_index<0>, std::move(value)) {}  // NOLINT
    Expected(Unexpected<E> failure)                                          // NOLINT
        : storage_(std::in_place_index<1>, std::move(failure.error)) {}

    [[nodiscard]] bool has_value() const { return storage_.index() == 0; }
    explicit operator bool() const { return has_value(); }

    T& value() & { assert(has_value()); return std::get<0>(storage_); }
    const T& value() const& { assert(has_value()); return std::get<0>(storage_); }
    T&& value() && { assert(has_value()); return std::get<0>(std::move(storage_)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const E& error() const { assert(!has_value()); return std::get<1>(storage_); }
    E& error() { assert(!has_value()); return std::get<1>(storage_); }

private:
    std::variant<T, E> storage_;
};

/// Expected<void>: success carries nothing.
template <typename E>
class [[nodiscard]] Expected<void, E> {
public:
    Expected() = default;
    Expected(Unexpected<E> failure) : error_(std::move(failure.error)), failed_(true) {}  // NOLINT

    [[nodiscard]] bool has_value() const { return !failed_; }
    explicit operator bool() const { return has_value(); }
    const E& error() const { assert(failed_); return error_; }

private:
    E error_{};
    bool failed_ = false;
};

/// Shorthand for building a failure: `return fail("not_found", "no case " + id);`
inline Unexpected<Error> fail(std::string code, std::string message, std::string field = {}) {
    return Unexpected<Error>{Error{std::move(code), std::move(message), std::move(field), {}}};
}

}  // namespace wg
