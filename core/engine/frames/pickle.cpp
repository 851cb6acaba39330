// SPDX-License-Identifier: MIT
// A pickle *reader*: a stack machine over the opcodes of protocol 0 to 5 that builds plain values.
// Globals and REDUCE/BUILD only record names and arguments; nothing is looked up or called.
#include "frames/pickle.h"

#include <QHash>
#include <algorithm>
#include <cmath>
#include <cstring>

namespace H5Hdfs {

namespace {

using Kind = PickleValue::Kind;

// Containers nest at most this deep (pandas' metadata: 3 or 4). Deeper values would overflow the
// stack when they are destroyed or walked, and a pickle of a few bytes per level can ask for it.
constexpr int kMaxNesting = 200;

Error malformed(const QString& what, qint64 at)
{
    return Error(
        Error::Code::Corrupt, QStringLiteral("Cannot read a pickle: %1 at byte %2").arg(what).arg(at));
}

PickleValue make(Kind kind)
{
    PickleValue v;
    v.kind = kind;
    return v;
}

PickleValue textValue(QString text)
{
    PickleValue v = make(Kind::Text);
    v.text = std::move(text);
    return v;
}

PickleValue intValue(qint64 n)
{
    PickleValue v = make(Kind::Int);
    v.integer = n;
    return v;
}

PickleValue boolValue(bool b)
{
    PickleValue v = make(Kind::Bool);
    v.integer = b ? 1 : 0;
    return v;
}

// "raw-unicode-escape": latin-1 bytes, except \uXXXX and \UXXXXXXXX.
QString rawUnicodeEscape(const QByteArray& line)
{
    QString out;
    out.reserve(line.size());
    for (qsizetype i = 0; i < line.size(); ++i) {
        const bool escape
            = line[i] == '\\' && i + 1 < line.size() && (line[i + 1] == 'u' || line[i + 1] == 'U');
        const int digits = escape ? (line[i + 1] == 'u' ? 4 : 8) : 0;
        bool ok = false;
        const uint code
            = escape && i + 2 + digits <= line.size() ? line.mid(i + 2, digits).toUInt(&ok, 16) : 0;
        if (ok && code <= 0x10FFFF) {
            const char32_t ch = char32_t(code);
            out += QString::fromUcs4(&ch, 1);
            i += 1 + digits;
        } else {
            out += QChar(uchar(line[i]));
        }
    }
    return out;
}

// A Python 2 string literal as written by protocol 0's STRING opcode: 'text' with backslash escapes.
QString stringLiteral(QByteArray line)
{
    if (line.size() >= 2 && (line.front() == '\'' || line.front() == '"') && line.back() == line.front())
        line = line.mid(1, line.size() - 2);
    QByteArray out;
    for (qsizetype i = 0; i < line.size(); ++i) {
        if (line[i] != '\\' || i + 1 == line.size()) {
            out += line[i];
            continue;
        }
        const char e = line[++i];
        switch (e) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'x': out += char(line.mid(i + 1, 2).toInt(nullptr, 16)), i += 2; break;
        default: out += e;
        }
    }
    return QString::fromUtf8(out);
}

class Machine {
public:
    explicit Machine(const QByteArray& bytes)
        : m_bytes(bytes)
    {
    }

    Result<PickleValue> run()
    {
        while (m_at < m_bytes.size()) {
            const qint64 opAt = m_at;
            const uchar op = uchar(m_bytes[m_at++]);
            if (op == '.') {
                if (m_stack.size() != 1 || !m_marks.isEmpty())
                    return malformed(QStringLiteral("the stack does not end with one value"), opAt);
                return m_stack.takeLast();
            }
            if (Status s = step(op); s.isError())
                return malformed(s.message, opAt);
        }
        return malformed(QStringLiteral("no STOP opcode"), m_at);
    }

private:
    Status fail(const QString& what) { return Error(Error::Code::Corrupt, what); }

    bool take(qint64 n, QByteArray& out)
    {
        if (n < 0 || n > m_bytes.size() - m_at)
            return false;
        out = m_bytes.mid(m_at, n);
        m_at += n;
        return true;
    }

    bool line(QByteArray& out)
    {
        const qsizetype end = m_bytes.indexOf('\n', m_at);
        if (end < 0)
            return false;
        out = m_bytes.mid(m_at, end - m_at);
        m_at = end + 1;
        return true;
    }

    bool littleEndian(int n, quint64& out)
    {
        QByteArray b;
        if (!take(n, b))
            return false;
        out = 0;
        for (int i = n - 1; i >= 0; --i)
            out = (out << 8) | uchar(b[i]);
        return true;
    }

    // `container` gets `added` as items: its nesting grows with theirs, within kMaxNesting.
    Status adopt(PickleValue& container, QList<PickleValue> added)
    {
        for (const PickleValue& item : std::as_const(added))
            container.nesting = std::max(container.nesting, item.nesting + 1);
        if (container.nesting > kMaxNesting)
            return fail(QStringLiteral("values nested deeper than %1").arg(kMaxNesting));
        container.items.append(std::move(added));
        return {};
    }

    Status push(PickleValue v)
    {
        m_stack.append(std::move(v));
        return {};
    }

    bool pop(PickleValue& out)
    {
        if (m_stack.size() <= (m_marks.isEmpty() ? 0 : m_marks.last()))
            return false;
        out = m_stack.takeLast();
        return true;
    }

    // The values above the last mark, which is removed.
    bool popToMark(QList<PickleValue>& out)
    {
        if (m_marks.isEmpty())
            return false;
        const qsizetype mark = m_marks.takeLast();
        out = m_stack.mid(mark);
        m_stack.resize(mark);
        return true;
    }

    Status collection(Kind kind)
    {
        QList<PickleValue> items;
        if (!popToMark(items))
            return fail(QStringLiteral("no mark"));
        PickleValue v = make(kind);
        if (Status s = adopt(v, std::move(items)); s.isError())
            return s;
        if (kind == Kind::Dict && v.items.size() % 2)
            return fail(QStringLiteral("a dict with an odd item count"));
        return push(std::move(v));
    }

    // APPEND(S), SETITEM(S): extend the list or dict just below the values.
    Status extend(QList<PickleValue> values, Kind want)
    {
        if (m_stack.isEmpty() || m_stack.last().kind != want)
            return fail(QStringLiteral("appending to something that is not a %1")
                            .arg(want == Kind::List ? QStringLiteral("list") : QStringLiteral("dict")));
        if (want == Kind::Dict && values.size() % 2)
            return fail(QStringLiteral("a dict item without a value"));
        return adopt(m_stack.last(), std::move(values));
    }

    Status tuple(int n)
    {
        if (m_stack.size() - (m_marks.isEmpty() ? 0 : m_marks.last()) < n)
            return fail(QStringLiteral("stack underflow"));
        PickleValue v = make(Kind::Tuple);
        if (Status s = adopt(v, m_stack.mid(m_stack.size() - n)); s.isError())
            return s;
        m_stack.resize(m_stack.size() - n);
        return push(std::move(v));
    }

    Status memoPut(quint64 key)
    {
        if (m_stack.isEmpty())
            return fail(QStringLiteral("memoizing an empty stack"));
        m_memo.insert(key, m_stack.last());
        return {};
    }

    Status memoGet(quint64 key)
    {
        const auto it = m_memo.constFind(key);
        if (it == m_memo.constEnd())
            return fail(QStringLiteral("memo %1 is not set").arg(key));
        return push(*it);
    }

    Status global(const QString& module, const QString& name)
    {
        PickleValue v = make(Kind::Opaque);
        v.text = module + QLatin1Char('.') + name;
        return push(std::move(v));
    }

    Status step(uchar op)
    {
        QByteArray b;
        quint64 n = 0;
        PickleValue a, c;
        QList<PickleValue> items;
        switch (op) {
        case 0x80: return take(1, b) ? Status {} : fail(QStringLiteral("truncated PROTO")); // PROTO
        case 0x95: return take(8, b) ? Status {} : fail(QStringLiteral("truncated FRAME")); // FRAME
        case '(': m_marks.append(m_stack.size()); return {};
        case 'N': return push(make(Kind::None));
        case 0x88: return push(boolValue(true));
        case 0x89: return push(boolValue(false));
        case ')': return push(make(Kind::Tuple));
        case ']': return push(make(Kind::List));
        case '}': return push(make(Kind::Dict));
        case 'l': return collection(Kind::List);
        case 't': return collection(Kind::Tuple);
        case 'd': return collection(Kind::Dict);
        case 0x85: return tuple(1);
        case 0x86: return tuple(2);
        case 0x87: return tuple(3);
        case 'a':
            if (!pop(a))
                return fail(QStringLiteral("stack underflow"));
            return extend({a}, Kind::List);
        case 'e':
            if (!popToMark(items))
                return fail(QStringLiteral("no mark"));
            return extend(std::move(items), Kind::List);
        case 's':
            if (!pop(c) || !pop(a))
                return fail(QStringLiteral("stack underflow"));
            return extend({a, c}, Kind::Dict);
        case 'u':
            if (!popToMark(items))
                return fail(QStringLiteral("no mark"));
            return extend(std::move(items), Kind::Dict);
        case '0': return pop(a) ? Status {} : fail(QStringLiteral("stack underflow"));
        case '1': return popToMark(items) ? Status {} : fail(QStringLiteral("no mark"));
        case '2':
            if (m_stack.isEmpty())
                return fail(QStringLiteral("stack underflow"));
            return push(m_stack.last());
        // Memo
        case 'p': return line(b) ? memoPut(b.toULongLong()) : fail(QStringLiteral("truncated PUT"));
        case 'g': return line(b) ? memoGet(b.toULongLong()) : fail(QStringLiteral("truncated GET"));
        case 'q': return littleEndian(1, n) ? memoPut(n) : fail(QStringLiteral("truncated BINPUT"));
        case 'r': return littleEndian(4, n) ? memoPut(n) : fail(QStringLiteral("truncated LONG_BINPUT"));
        case 'h': return littleEndian(1, n) ? memoGet(n) : fail(QStringLiteral("truncated BINGET"));
        case 'j': return littleEndian(4, n) ? memoGet(n) : fail(QStringLiteral("truncated LONG_BINGET"));
        case 0x94: return memoPut(quint64(m_memo.size()));
        // Numbers
        case 'I':
            if (!line(b))
                return fail(QStringLiteral("truncated INT"));
            if (b == "00" || b == "01")
                return push(boolValue(b == "01"));
            return parsedInt(b);
        case 'L':
            if (!line(b))
                return fail(QStringLiteral("truncated LONG"));
            if (b.endsWith('L'))
                b.chop(1);
            return parsedInt(b);
        case 'F': {
            bool ok = false;
            if (!line(b))
                return fail(QStringLiteral("truncated FLOAT"));
            PickleValue v = make(Kind::Float);
            v.real = b.toDouble(&ok);
            return ok ? push(v) : fail(QStringLiteral("a bad FLOAT"));
        }
        case 'K':
            return littleEndian(1, n) ? push(intValue(qint64(n))) : fail(QStringLiteral("truncated BININT1"));
        case 'M':
            return littleEndian(2, n) ? push(intValue(qint64(n))) : fail(QStringLiteral("truncated BININT2"));
        case 'J':
            return littleEndian(4, n) ? push(intValue(qint32(quint32(n))))
                                      : fail(QStringLiteral("truncated BININT"));
        case 0x8a: { // LONG1: a little-endian two's complement integer of n bytes
            if (!littleEndian(1, n) || n > 8 || !take(qint64(n), b))
                return fail(QStringLiteral("a LONG1 over 64 bits"));
            qint64 v = 0;
            for (int i = int(n) - 1; i >= 0; --i)
                v = qint64((quint64(v) << 8) | uchar(b[i]));
            if (n > 0 && n < 8 && (uchar(b[qsizetype(n) - 1]) & 0x80))
                v -= qint64(1) << (8 * n);
            return push(intValue(v));
        }
        case 'G': {
            if (!take(8, b))
                return fail(QStringLiteral("truncated BINFLOAT"));
            quint64 bits = 0;
            for (int i = 0; i < 8; ++i)
                bits = (bits << 8) | uchar(b[i]); // big-endian
            PickleValue v = make(Kind::Float);
            std::memcpy(&v.real, &bits, sizeof bits);
            return push(v);
        }
        // Text and bytes
        case 'V':
            return line(b) ? push(textValue(rawUnicodeEscape(b))) : fail(QStringLiteral("truncated UNICODE"));
        case 'S':
            return line(b) ? push(textValue(stringLiteral(b))) : fail(QStringLiteral("truncated STRING"));
        case 0x8c:
            return littleEndian(1, n) && take(qint64(n), b) ? push(textValue(QString::fromUtf8(b)))
                                                            : fail(QStringLiteral("truncated text"));
        case 'X':
            return littleEndian(4, n) && take(qint64(n), b) ? push(textValue(QString::fromUtf8(b)))
                                                            : fail(QStringLiteral("truncated text"));
        case 0x8d:
            return littleEndian(8, n) && n < quint64(m_bytes.size()) && take(qint64(n), b)
                ? push(textValue(QString::fromUtf8(b)))
                : fail(QStringLiteral("truncated text"));
        case 'U': // SHORT_BINSTRING, a Python 2 str
            return littleEndian(1, n) && take(qint64(n), b)
                ? python2String(b)
                : fail(QStringLiteral("truncated SHORT_BINSTRING"));
        case 'T': // BINSTRING, a Python 2 str
            return littleEndian(4, n) && n < quint64(m_bytes.size()) && take(qint64(n), b)
                ? python2String(b)
                : fail(QStringLiteral("truncated BINSTRING"));
        case 'C':
            return littleEndian(1, n) && take(qint64(n), b) ? push(textValue(QString::fromLatin1(b)))
                                                            : fail(QStringLiteral("truncated bytes"));
        case 'B':
            return littleEndian(4, n) && take(qint64(n), b) ? push(textValue(QString::fromLatin1(b)))
                                                            : fail(QStringLiteral("truncated bytes"));
        // Names of callables, recorded and never called
        case 'c': {
            QByteArray module;
            if (!line(module) || !line(b))
                return fail(QStringLiteral("truncated GLOBAL"));
            return global(QString::fromUtf8(module), QString::fromUtf8(b));
        }
        case 0x93:
            if (!pop(c) || !pop(a) || a.kind != Kind::Text || c.kind != Kind::Text)
                return fail(QStringLiteral("STACK_GLOBAL without two names"));
            return global(a.text, c.text);
        case 'R': { // REDUCE: callable(args) becomes Opaque{callable name, [args]}
            if (!pop(a) || !pop(c) || c.kind != Kind::Opaque || c.items.size() != 0)
                return fail(QStringLiteral("REDUCE without a callable"));
            if (Status s = adopt(c, {a}); s.isError())
                return s;
            return push(std::move(c));
        }
        case 'b': // BUILD: the state is appended to the object's record
            if (!pop(a) || m_stack.isEmpty() || m_stack.last().kind != Kind::Opaque)
                return fail(QStringLiteral("BUILD without an object"));
            return adopt(m_stack.last(), {a});
        default: return fail(QStringLiteral("opcode 0x%1 is not allowed").arg(op, 2, 16, QLatin1Char('0')));
        }
    }

    // Python 3 reads a Python 2 str as ASCII text: PyTables unpickles object arrays with pickle's
    // default encoding, and fails on any other byte, so pandas shows no such string.
    Status python2String(const QByteArray& bytes)
    {
        if (std::any_of(bytes.begin(), bytes.end(), [](char c) { return uchar(c) > 0x7f; }))
            return fail(QStringLiteral("a Python 2 string with non-ASCII bytes, which pandas cannot read"));
        return push(textValue(QString::fromLatin1(bytes)));
    }

    Status parsedInt(const QByteArray& text)
    {
        bool ok = false;
        const qint64 v = text.toLongLong(&ok);
        return ok ? push(intValue(v)) : fail(QStringLiteral("an integer over 64 bits"));
    }

    const QByteArray& m_bytes;
    qint64 m_at = 0;
    QList<PickleValue> m_stack;
    QList<qsizetype> m_marks;
    QHash<quint64, PickleValue> m_memo;
};

bool isReconstruct(const QString& name)
{
    return name == QLatin1String("numpy.core.multiarray._reconstruct")
        || name == QLatin1String("numpy._core.multiarray._reconstruct");
}

// A class numpy defines ("numpy.ndarray", "numpy.dtype"): a look-alike from another module is not
// numpy's array, even though nothing would be called.
bool isNumpyClass(const PickleValue& v, QLatin1String dotName)
{
    return v.kind == Kind::Opaque && v.text.startsWith(QLatin1String("numpy.")) && v.text.endsWith(dotName);
}

qint64 product(const PickleValue& shape)
{
    qint64 n = 1;
    for (const PickleValue& d : shape.items) {
        if (d.kind != Kind::Int || d.integer < 0 || __builtin_mul_overflow(n, d.integer, &n))
            return -1;
    }
    return n;
}

} // namespace

PickleValue PickleValue::value(const QString& key) const
{
    if (kind == Kind::Dict) {
        for (qsizetype i = 0; i + 1 < items.size(); i += 2) {
            if (items[i].kind == Kind::Text && items[i].text == key)
                return items[i + 1];
        }
    }
    return {};
}

QStringList PickleValue::texts() const
{
    QStringList out;
    for (const PickleValue& item : items)
        out << (item.kind == Kind::Text  ? item.text
                : item.kind == Kind::Int ? QString::number(item.integer)
                                         : QString());
    return out;
}

Result<PickleValue> Pickle::parseText(const QByteArray& bytes)
{
    return Machine(bytes).run();
}

Result<Pickle::ObjectArray> Pickle::decodeObjectArray(const QByteArray& bytes)
{
    const Error unsafe(Error::Code::Unsupported,
        QStringLiteral("Cannot decode this column safely: it is not a pickled array of strings and numbers"));
    auto parsed = Machine(bytes).run();
    if (!parsed)
        return Error(unsafe.code, unsafe.message, parsed.error().message);
    // _reconstruct(ndarray, (0,), b'b') built with (version, shape, dtype('O8'), fortran, [items]).
    const PickleValue& root = *parsed;
    if (root.kind != Kind::Opaque || !isReconstruct(root.text) || root.items.size() != 2
        || root.items[0].kind != Kind::Tuple || root.items[0].items.isEmpty()
        || !isNumpyClass(root.items[0].items[0], QLatin1String(".ndarray"))
        || root.items[1].kind != Kind::Tuple || root.items[1].items.size() != 5)
        return Error(unsafe.code, unsafe.message, QStringLiteral("not a numpy array reconstruction"));
    const QList<PickleValue>& state = root.items[1].items;
    const PickleValue& dtype = state[2];
    const bool objectDtype = isNumpyClass(dtype, QLatin1String(".dtype"))
        && !dtype.items.isEmpty() && dtype.items[0].isSequence() && !dtype.items[0].items.isEmpty()
        && dtype.items[0].items[0].text == QLatin1String("O8");
    if (!objectDtype)
        return Error(unsafe.code, unsafe.message, QStringLiteral("the array's dtype is not 'O'"));
    const qint64 count = state[1].isSequence() ? product(state[1]) : -1;
    const PickleValue& list = state[4];
    if (list.kind != Kind::List || count != list.items.size() || state[1].items.size() > 2)
        return Error(unsafe.code, unsafe.message,
            QStringLiteral("the array holds %1 items, not the %2 of its 1-D or 2-D shape")
                .arg(list.items.size())
                .arg(count));
    ObjectArray array;
    for (const PickleValue& d : state[1].items)
        array.shape << d.integer;
    array.fortranOrder = state[3].kind == Kind::Bool && state[3].integer != 0;
    QList<ObjectCell>& cells = array.cells;
    cells.reserve(list.items.size());
    for (const PickleValue& item : list.items) {
        ObjectCell cell;
        switch (item.kind) {
        case Kind::None: break;
        case Kind::Text: cell.kind = ObjectCell::Kind::Text, cell.text = item.text; break;
        case Kind::Float:
            if (!std::isnan(item.real))
                cell.kind = ObjectCell::Kind::Number, cell.number = item.real;
            break;
        case Kind::Int: cell.kind = ObjectCell::Kind::Text, cell.text = QString::number(item.integer); break;
        case Kind::Bool:
            cell.kind = ObjectCell::Kind::Text,
            cell.text = item.integer ? QStringLiteral("True") : QStringLiteral("False");
            break;
        default:
            return Error(unsafe.code, unsafe.message,
                QStringLiteral("an item is a %1, which is not a string or a number")
                    .arg(item.text.isEmpty() ? QStringLiteral("container") : item.text));
        }
        cells.append(std::move(cell));
    }
    return array;
}

} // namespace H5Hdfs
