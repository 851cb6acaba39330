// SPDX-License-Identifier: MIT
#pragma once

#include "error.h"

#include <utility>
#include <variant>

namespace H5Hdfs {

/// A value or an Error, shaped like C++23 std::expected so it can be swapped for it later.
template <typename T> class [[nodiscard]] Result {
public:
    Result(T value)
        : m_state(std::move(value))
    {
    }
    Result(Error error)
        : m_state(std::move(error))
    {
    }

    [[nodiscard]] bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    [[nodiscard]] T& value() & { return std::get<T>(m_state); }
    [[nodiscard]] const T& value() const& { return std::get<T>(m_state); }
    [[nodiscard]] T&& value() && { return std::get<T>(std::move(m_state)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    [[nodiscard]] const Error& error() const { return std::get<Error>(m_state); }
    /// The value, or `fallback` for an error (like std::expected::value_or).
    [[nodiscard]] T valueOr(T fallback) const& { return ok() ? value() : std::move(fallback); }

private:
    std::variant<T, Error> m_state;
};

/// Result of an operation with no value: an Error whose code is None means success.
using Status = Error;

} // namespace H5Hdfs
