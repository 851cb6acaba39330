// SPDX-License-Identifier: MIT
#pragma once

// Internal to the engine: RAII for HDF5 identifiers and the error stack, without including an HDF5
// header (HDF5 types stay inside core/engine/*.cpp; HdfId is static_asserted equal to hid_t there).

#include "error.h"

#include <cstdint>

namespace H5Hdfs {

using HdfId = std::int64_t;

/// Owns one HDF5 identifier and closes it with the H5*close that matches its type.
class H5Handle {
public:
    H5Handle() = default;
    explicit H5Handle(HdfId id)
        : m_id(id)
    {
    }
    ~H5Handle() { reset(); }
    H5Handle(H5Handle&& other) noexcept
        : m_id(other.release())
    {
    }
    H5Handle& operator=(H5Handle&& other) noexcept;
    H5Handle(const H5Handle&) = delete;
    H5Handle& operator=(const H5Handle&) = delete;

    [[nodiscard]] HdfId id() const { return m_id; }
    [[nodiscard]] bool valid() const { return m_id >= 0; }
    explicit operator bool() const { return valid(); }
    HdfId release();
    void reset();

private:
    HdfId m_id = -1;
};

namespace H5Errors {

/// Turns off libhdf5's automatic error printing for the calling thread (the stack is per thread).
void silence();
/// The current thread's HDF5 error stack as text, innermost cause last, and clears it.
/// Must be read before any other HDF5 call, or the stack is gone.
QString takeStack();
/// An Error for a failed HDF5 call: `message` for people, the stack as detail, and a code chosen from
/// the stack (truncated file, missing filter, allocation failure) when the stack says more than `code`.
Error fromStack(Error::Code code, const QString& message);
/// The Error for an object that could not be opened at `path`: NotFound, "No object PATH", when the
/// stack's error ids say no such link exists; else fromStack(code, message).
Error openFailure(const QString& path, Error::Code code, const QString& message);

} // namespace H5Errors

} // namespace H5Hdfs
