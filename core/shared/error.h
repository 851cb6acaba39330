// SPDX-License-Identifier: MIT
#pragma once

#include <QMetaType>
#include <QString>

class QDataStream;

namespace H5Hdfs {

/// An error as data: a code to branch on, a sentence for people, and detail for experts.
/// Every failure that leaves core is one of these; no exception crosses a core API.
struct Error {
    enum class Code : quint8 {
        None = 0,
        Cancelled,     ///< the user asked to stop; not shown as an error
        NotHdf5,       ///< the bytes are not an HDF5 file at all
        Truncated,     ///< an HDF5 file, but shorter than its superblock says
        Corrupt,       ///< HDF5 metadata that the library refuses to parse
        FilterMissing, ///< a compression filter plugin is not available
        NotFound,      ///< no object at that path
        OutOfRange,    ///< a page outside the dataset's extent
        NotATable,     ///< not a DataFrame or a matrix with names (shown as plain datasets instead)
        TooLarge,      ///< a read or buffer over the configured budget
        Unsupported,   ///< refused on purpose (external storage, virtual datasets, ...)
        Io,            ///< local file or memory error
        Hdf5,          ///< any other failure reported by libhdf5
        WorkerCrashed, ///< the HDF5 worker died while handling the request
        WorkerHung,    ///< the HDF5 worker missed its deadline and was killed
        Internal,      ///< a bug in h5hdfs
        // WebHDFS and the network
        PermissionDenied,     ///< AccessControlException and friends; never retried
        AuthenticationFailed, ///< 401, SecurityException, an invalid or expired token; never retried
        Network,              ///< connection refused, reset, timed out, unreachable host
        Tls,                  ///< certificate or handshake failure; never ignored
        ServerError,          ///< a 5xx or an exception the server did not expect
        Protocol,             ///< a reply that is not what WebHDFS sends (bad JSON, short body)
        Standby,              ///< the NameNode is a standby: ask the other one
        Retriable,            ///< RetriableException or safe mode: ask again later
        InvalidArgument,      ///< IllegalArgumentException: a bug, or an unsupported parameter
    };
    static constexpr quint8 kLastCode = quint8(Code::InvalidArgument);

    Code code = Code::None;
    QString message;
    QString detail;
    /// What the error is about, as its message names it: a file, a URL, an object path ("f.h5" for
    /// "f.h5: took longer than 600 s" and for "No object /x in f.h5"); empty when it names nothing
    /// in particular. Whoever adds context of its own compares it with this, never with the message.
    /// Not streamed: the service names a worker's errors by their file when they arrive.
    QString subject;

    Error() = default;
    Error(Code c, QString msg, QString det = {})
        : code(c)
        , message(std::move(msg))
        , detail(std::move(det))
    {
    }

    [[nodiscard]] bool isError() const { return code != Code::None; }
    [[nodiscard]] bool isCancelled() const { return code == Code::Cancelled; }
    /// "message" or "message (detail)" on one line, for logs and the CLI.
    [[nodiscard]] QString toString() const;
    /// A copy whose message starts with context, e.g. "reading /x: " + message; context is its subject.
    [[nodiscard]] Error prefixed(const QString& context) const;
    /// A copy whose message names `what` (see subject).
    [[nodiscard]] Error about(const QString& what) const;

    static QString codeName(Code c);
};

QDataStream& operator<<(QDataStream& out, const Error& e);
QDataStream& operator>>(QDataStream& in, Error& e);

} // namespace H5Hdfs

Q_DECLARE_METATYPE(H5Hdfs::Error)
