// SPDX-License-Identifier: MIT
// The pickle reader parses bytes from untrusted files. Hostile inputs are hidden where a real
// pandas file keeps its strings: inside a numpy object array, as items, as its shape, its dtype or
// its class. Each is refused for its own reason (the detail says which), never accepted as cells.
// The pickles are written opcode by opcode here, so the test needs no Python.
#include "frames/pickle.h"

#include <QTest>
#include <cmath>
#include <cstring>

using namespace H5Hdfs;

namespace {

QByteArray op(char code)
{
    return QByteArray(1, code);
}

QByteArray littleEndian(quint64 v, int bytes)
{
    QByteArray out;
    for (int i = 0; i < bytes; ++i)
        out += char(v >> (8 * i));
    return out;
}

QByteArray global(const char* module, const char* name)
{
    return op('c') + module + '\n' + name + '\n';
}

QByteArray text(const QByteArray& utf8) // BINUNICODE
{
    return op('X') + littleEndian(quint64(utf8.size()), 4) + utf8;
}

QByteArray int1(int n) // BININT1
{
    return op('K') + char(n);
}

QByteArray int4(qint32 n) // BININT
{
    return op('J') + littleEndian(quint32(n), 4);
}

QByteArray int8(qint64 n) // LONG1 of 8 bytes
{
    return op('\x8a') + char(8) + littleEndian(quint64(n), 8);
}

QByteArray real(double v) // BINFLOAT, big-endian
{
    quint64 bits = 0;
    std::memcpy(&bits, &v, sizeof bits);
    QByteArray out = op('G');
    for (int i = 7; i >= 0; --i)
        out += char(bits >> (8 * i));
    return out;
}

QByteArray tuple(const QByteArray& items)
{
    return op('(') + items + op('t');
}

QByteArray call(const QByteArray& callable, const QByteArray& args) // callable(*args) via REDUCE
{
    return callable + tuple(args) + op('R');
}

// numpy.core.multiarray._reconstruct(ndarray, (0,), b'b') with the state
// (1, shape, dtype('O8', False, True) + its state, fortran, [items]): what numpy pickles.
struct ArrayPickle {
    QByteArray reconstruct = global("numpy.core.multiarray", "_reconstruct");
    QByteArray subtype = global("numpy", "ndarray");
    QByteArray dtype = global("numpy", "dtype");
    QByteArray dtypeCode = "O8";
    QByteArray shape;
    QByteArray fortran = op('\x89');
    QByteArray items;

    [[nodiscard]] QByteArray bytes() const
    {
        const QByteArray dtypeState = tuple(int1(3) + text("|") + "NNN" + int4(-1) + int4(-1) + int1(0x3f));
        return "\x80\x02" + call(reconstruct, subtype + tuple(int1(0)) + op('C') + char(1) + 'b')
            + op('(') + int1(1) + shape + call(dtype, text(dtypeCode) + "\x89\x88") + dtypeState + op('b')
            + fortran + op(']') + op('(') + items + op('e') + op('t') + op('b') + op('.');
    }
};

QByteArray array(const QByteArray& shape, const QByteArray& items)
{
    ArrayPickle p;
    p.shape = shape;
    p.items = items;
    return p.bytes();
}

QByteArray oneItem(const QByteArray& item)
{
    return array(tuple(int1(1)), item);
}

// Cells as one line: text as is, "-" for missing, numbers with a '#'.
QString cellsOf(const Pickle::ObjectArray& a)
{
    QStringList out;
    for (const Pickle::ObjectCell& c : a.cells) {
        switch (c.kind) {
        case Pickle::ObjectCell::Kind::Missing: out << QStringLiteral("-"); break;
        case Pickle::ObjectCell::Kind::Text: out << c.text; break;
        case Pickle::ObjectCell::Kind::Number: out << QLatin1Char('#') + QString::number(c.number); break;
        }
    }
    return out.join(QLatin1Char('|'));
}

} // namespace

class tst_Pickle : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void objectArrays_data()
    {
        QTest::addColumn<QByteArray>("pickle");
        QTest::addColumn<QString>("cells");   ///< the accepted cells, or empty when refused
        QTest::addColumn<QString>("refusal"); ///< part of the refusal's detail

        // Accepted, so that the refusals below are about what they change.
        QTest::newRow("strings, None, numbers")
            << array(tuple(int1(7)),
                   text("a") + "N" + text("\xc3\xbc") + real(std::nan("")) + real(2.5) + int1(7) + "\x88")
            << QStringLiteral("a|-|ü|-|#2.5|7|True") << QString();
        QTest::newRow("2-D") << array(tuple(int1(2) + int1(2)), text("a") + text("b") + text("c") + text("d"))
                             << QStringLiteral("a|b|c|d") << QString();
        const QByteArray minus256 = op('\x8a') + char(2) + littleEndian(0xff00, 2); // LONG1 of 2 bytes
        QTest::newRow("negative integers")
            << array(tuple(int1(2)), int4(-5) + minus256) << QStringLiteral("-5|-256") << QString();
        QTest::newRow("memo key 2^32-1") << oneItem(text("x") + "r\xff\xff\xff\xff" + "0j\xff\xff\xff\xff")
                                         << QStringLiteral("x") << QString();

        // Called or named objects as items: never a cell, whatever they would have returned.
        QTest::newRow("str() called") << oneItem(call(global("builtins", "str"), text("x"))) << QString()
                                      << QStringLiteral("an item is a builtins.str");
        QTest::newRow("os.system called")
            << oneItem(call(global("posix", "system"), text("echo pwned"))) << QString()
            << QStringLiteral("an item is a posix.system");
        QTest::newRow("a bare global") << oneItem(global("os", "system")) << QString()
                                       << QStringLiteral("an item is a os.system");
        QTest::newRow("STACK_GLOBAL") << oneItem(text("posix") + text("system") + "\x93") << QString()
                                      << QStringLiteral("an item is a posix.system");
        QTest::newRow("an object given state by BUILD")
            << oneItem(call(global("collections", "OrderedDict"), QByteArray()) + "}b") << QString()
            << QStringLiteral("an item is a collections.OrderedDict");
        QTest::newRow("REDUCE of a string") << oneItem(text("posix.system") + tuple(text("x")) + "R")
                                            << QString() << QStringLiteral("REDUCE without a callable");
        QTest::newRow("REDUCE twice")
            << oneItem(call(global("builtins", "eval"), text("1")) + tuple({}) + "R")
                                      << QString() << QStringLiteral("REDUCE without a callable");
        for (const auto& [name, code] : {std::pair {"INST", 'i'}, {"OBJ", 'o'}, {"NEWOBJ", '\x81'},
                 {"NEWOBJ_EX", '\x92'}, {"PERSID", 'P'}, {"BINPERSID", 'Q'}, {"EXT1", '\x82'}})
            QTest::newRow(name) << oneItem(text("x") + op(code) + "\x01\n\n") << QString()
                                << QStringLiteral("is not allowed");

        // Containers as items, however they are built.
        QTest::newRow("a list") << oneItem("](" + text("a") + "e") << QString()
                                << QStringLiteral("an item is a container");
        QTest::newRow("a dict") << oneItem("}" + text("k") + text("v") + "s") << QString()
                                << QStringLiteral("an item is a container");
        QTest::newRow("tuples 300 deep") << oneItem("]" + QByteArray(300, '\x85')) << QString()
                                         << QStringLiteral("nested deeper than 200");
        QByteArray laughs = "]q" + op('\0');
        for (int i = 0; i < 40; ++i)
            laughs += "0h" + op(char(i)) + "h" + op(char(i)) + "\x86q" + op(char(i + 1));
        QTest::newRow("doubling through the memo")
            << oneItem(laughs) << QString() << QStringLiteral("an item is a container");

        // The memo and the stack abused.
        QTest::newRow("memo read before it is set") << oneItem("h\x05") << QString()
                                                    << QStringLiteral("memo 5 is not set");
        QTest::newRow("an extra mark among the items") << oneItem("(" + text("a")) << QString()
                                                       << QStringLiteral("BUILD without an object");
        QTest::newRow("POP below the mark") << oneItem("0") << QString() << QStringLiteral("stack underflow");

        // Lengths past the end of the stream.
        QTest::newRow("text of 4 GiB") << oneItem("X\xff\xff\xff\xff" "abc") << QString()
                                       << QStringLiteral("truncated text");
        QTest::newRow("text of 2^63 bytes") << oneItem("\x8d" + littleEndian(quint64(1) << 63, 8) + "abc")
                                            << QString() << QStringLiteral("truncated text");
        QTest::newRow("bytes of 4 GiB") << oneItem("B\xff\xff\xff\xff" "abc") << QString()
                                        << QStringLiteral("truncated bytes");
        QTest::newRow("an integer of 255 bytes") << oneItem("\x8a\xff" + QByteArray(255, '\x01')) << QString()
                                                 << QStringLiteral("LONG1 over 64 bits");

        // Shapes that do not describe the items.
        const QString mismatch = QStringLiteral("of its 1-D or 2-D shape");
        QTest::newRow("more items than the shape")
            << array(tuple(int1(1)), text("a") + text("b")) << QString() << mismatch;
        QTest::newRow("a negative length") << array(tuple(int4(-1)), QByteArray()) << QString() << mismatch;
        QTest::newRow("a shape that overflows")
            << array(tuple(int8(qint64(1) << 62) + int1(4)), QByteArray()) << QString() << mismatch;
        QTest::newRow("3-D") << array(tuple(int1(1) + int1(1) + int1(1)), text("a")) << QString() << mismatch;
        QTest::newRow("a text length") << array(tuple(text("1")), text("a")) << QString() << mismatch;

        // The array itself not what numpy writes.
        ArrayPickle floats;
        floats.shape = tuple(int1(1));
        floats.items = text("a");
        floats.dtypeCode = "<f8";
        QTest::newRow("dtype float") << floats.bytes() << QString()
                                     << QStringLiteral("the array's dtype is not 'O'");
        ArrayPickle strangeDtype = floats;
        strangeDtype.dtypeCode = "O8";
        strangeDtype.dtype = global("posix", "dtype");
        QTest::newRow("a dtype not from numpy")
            << strangeDtype.bytes() << QString() << QStringLiteral("the array's dtype is not 'O'");
        ArrayPickle strangeClass = strangeDtype;
        strangeClass.dtype = ArrayPickle().dtype;
        strangeClass.subtype = global("posix", "system");
        QTest::newRow("an array class not from numpy")
            << strangeClass.bytes() << QString() << QStringLiteral("not a numpy array reconstruction");
        ArrayPickle strangeReconstruct = strangeClass;
        strangeReconstruct.subtype = ArrayPickle().subtype;
        strangeReconstruct.reconstruct = global("posix", "_reconstruct");
        QTest::newRow("_reconstruct not from numpy")
            << strangeReconstruct.bytes() << QString() << QStringLiteral("not a numpy array reconstruction");
        QTest::newRow("os.system at the top")
            << QByteArray("\x80\x02" + call(global("posix", "system"), text("echo pwned")) + ".") << QString()
            << QStringLiteral("not a numpy array reconstruction");
    }

    void objectArrays()
    {
        QFETCH(QByteArray, pickle);
        QFETCH(QString, cells);
        QFETCH(QString, refusal);
        const auto decoded = Pickle::decodeObjectArray(pickle);
        if (!cells.isEmpty()) {
            QVERIFY2(decoded.ok(), qPrintable(decoded.ok() ? QString() : decoded.error().toString()));
            QCOMPARE(cellsOf(*decoded), cells);
            return;
        }
        QVERIFY2(!decoded.ok(), qPrintable(decoded.ok() ? cellsOf(*decoded) : QString()));
        QCOMPARE(decoded.error().code, Error::Code::Unsupported);
        QVERIFY(decoded.error().message.startsWith(QStringLiteral("Cannot decode this column safely")));
        QVERIFY2(decoded.error().detail.contains(refusal), qPrintable(decoded.error().detail));
    }

    void everyTruncationAndEveryByteChangeIsSafe()
    {
        const QByteArray good = array(tuple(int1(3)), text("a") + "N" + real(2.5));
        QVERIFY(Pickle::decodeObjectArray(good).ok());
        for (qsizetype n = 0; n < good.size(); ++n)
            QVERIFY2(!Pickle::decodeObjectArray(good.left(n)).ok(), qPrintable(QString::number(n)));
        // Each byte replaced by each of a few telling values: a value or an error, no crash or hang.
        int refused = 0;
        for (qsizetype i = 0; i < good.size(); ++i) {
            for (const char b : {'\x00', '\xff', '(', ')', '.', 'R', 'b', 'e', 'h', '\x85', '\x8a', 'X'}) {
                QByteArray changed = good;
                changed[i] = b;
                const auto decoded = Pickle::decodeObjectArray(changed);
                refused += decoded.ok() ? 0 : 1;
                if (decoded.ok())
                    QCOMPARE(decoded->cells.size(), 3);
            }
        }
        QVERIFY(refused > good.size());
    }
};

QTEST_GUILESS_MAIN(tst_Pickle)
#include "tst_pickle.moc"
