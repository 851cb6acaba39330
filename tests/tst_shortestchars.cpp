// SPDX-License-Identifier: MIT
// ShortestChars writes the bytes std::to_chars writes, for every kind of value: the reference is
// std::to_chars itself, so the fast path cannot drift from the files exports wrote before it.
#include "shortestchars.h"

#include <QTest>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

using namespace H5Hdfs;

namespace {

constexpr int kRoom = 32;    ///< what ShortestChars::write may use
constexpr char kGuard = '#'; ///< fills the bytes after the room, which must stay untouched

/// Empty when ShortestChars writes what std::to_chars writes for v, within its room; else both texts.
template <typename Float> QByteArray mismatch(Float v)
{
    char expected[64];
    const char* expectedEnd = std::to_chars(expected, expected + sizeof expected, v).ptr;
    char actual[kRoom + 8];
    std::memset(actual, kGuard, sizeof actual);
    const char* actualEnd = ShortestChars::write(actual, v);
    const QByteArray want(expected, expectedEnd - expected);
    const QByteArray got(actual, actualEnd - actual);
    const bool guardKept = QByteArray(actual + kRoom, 8) == QByteArray(8, kGuard);
    if (got == want && guardKept)
        return {};
    return QByteArrayLiteral("to_chars ") + want + QByteArrayLiteral(", ShortestChars ") + got
        + (guardKept ? QByteArray() : QByteArrayLiteral(" (wrote past its room)"));
}

template <typename Float, typename Bits> Float fromBits(Bits bits)
{
    static_assert(sizeof(Float) == sizeof(Bits));
    Float v;
    std::memcpy(&v, &bits, sizeof v);
    return v;
}

/// The values around v: the two floats on each side of it, and v itself.
template <typename Float> QList<Float> neighbours(Float v)
{
    const Float inf = std::numeric_limits<Float>::infinity();
    const Float below = std::nextafter(v, -inf), above = std::nextafter(v, inf);
    return {std::nextafter(below, -inf), below, v, above, std::nextafter(above, inf)};
}

/// Values where formatting turns: zero and its sign, the ends of the range and of the subnormals,
/// every power of ten and of two (where the digit count and fixed-or-scientific change, 1e22 and 1e23
/// among them), whole numbers with zeros to pad below and above the exactly representable integers,
/// and short decimals; each with its neighbours, both signs.
template <typename Float> QList<Float> hardValues()
{
    using Limits = std::numeric_limits<Float>;
    QList<Float> centres = {Limits::denorm_min(), Limits::min(), Limits::max(), Float(1), Float(0.1),
        Float(0.3), Float(123456.0), Float(1e-4), Float(1.2e-4), Float(5e-5), Float(1e15), Float(1e16),
        Float(1.2e20), Float(9007199254740992.0), Float(16777216.0), Float(12300000000000001048576.0)};
    for (int e = Limits::min_exponent10 - Limits::digits10 - 2; e <= Limits::max_exponent10; ++e) {
        for (const char* digits : {"1", "12", "123456789", "9", "99999", "1234567890123456789", "5"})
            centres.append(Float(std::strtod((QByteArray(digits) + 'e' + QByteArray::number(e)).constData(), nullptr)));
    }
    for (int e = Limits::min_exponent - Limits::digits - 1; e <= Limits::max_exponent; ++e)
        centres.append(std::ldexp(Float(1), e));
    QList<Float> values = {Float(0), -Float(0)};
    for (Float c : centres) {
        if (!std::isfinite(c) || c == 0)
            continue;
        for (Float v : neighbours(c)) {
            if (std::isfinite(v)) // the neighbour above the largest float is infinity
                values << v << -v;
        }
    }
    return values;
}

} // namespace

class tst_ShortestChars : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void doublesAtTheTurningPointsAreWrittenAsToCharsWritesThem()
    {
        const QList<double> values = hardValues<double>();
        QVERIFY(values.size() > 10000);
        for (double v : values) {
            if (const QByteArray m = mismatch(v); !m.isEmpty())
                QFAIL(m.constData());
        }
        // The texts the cases above are about, written out once so a reader sees them.
        char text[kRoom];
        const auto written = [&](double v) { return QByteArray(text, ShortestChars::write(text, v) - text); };
        QCOMPARE(written(5e-324), QByteArray("5e-324"));
        QCOMPARE(written(-0.0), QByteArray("-0"));
        QCOMPARE(written(1e22), QByteArray("1e+22"));
        QCOMPARE(written(1e23), QByteArray("1e+23"));
        QCOMPARE(written(0.0001), QByteArray("1e-04")); // one character shorter than 0.0001
        QCOMPARE(written(1.2e-4), QByteArray("0.00012")); // as long as 1.2e-04: fixed wins the tie
        QCOMPARE(written(123456.0), QByteArray("123456"));
        QCOMPARE(written(std::numeric_limits<double>::max()), QByteArray("1.7976931348623157e+308"));
    }

    void floatsAtTheTurningPointsAreWrittenAsToCharsWritesThem()
    {
        const QList<float> values = hardValues<float>();
        QVERIFY(values.size() > 1000);
        for (float v : values) {
            if (const QByteArray m = mismatch(v); !m.isEmpty())
                QFAIL(m.constData());
        }
    }

    void randomDoublesAreWrittenAsToCharsWritesThem()
    {
        // Random bit patterns cover every exponent evenly; normal values and short decimals are what
        // tables hold (the bench's CSV, measurements rounded to a few digits).
        std::mt19937_64 rng(18);
        std::normal_distribution<double> normal;
        for (int i = 0; i < 2'000'000; ++i) {
            const double bits = fromBits<double>(std::uint64_t(rng()));
            const double values[] = {
                std::isfinite(bits) ? bits : 0.0, normal(rng), double(std::int64_t(rng() % 2'000'000) - 1'000'000) / 1000};
            for (double v : values) {
                if (const QByteArray m = mismatch(v); !m.isEmpty())
                    QFAIL(m.constData());
            }
        }
    }

    void randomFloatsAreWrittenAsToCharsWritesThem()
    {
        std::mt19937 rng(18);
        for (int i = 0; i < 3'000'000; ++i) {
            const float v = fromBits<float>(std::uint32_t(rng()));
            if (!std::isfinite(v))
                continue;
            if (const QByteArray m = mismatch(v); !m.isEmpty())
                QFAIL(m.constData());
        }
    }
};

QTEST_GUILESS_MAIN(tst_ShortestChars)
#include "tst_shortestchars.moc"
