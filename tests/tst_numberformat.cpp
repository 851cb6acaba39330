// SPDX-License-Identifier: MIT
// Number text for values a table can hold, both infinities and NaN included, in each writer:
// the viewer's and CSV's ("Inf", "-Inf", "NaN") and Python's repr, which pandas' CSV uses.
#include "numberformat.h"

#include <QTest>
#include <cmath>
#include <limits>

using namespace H5Hdfs;

namespace {

QString python(double v, bool single)
{
    char text[NumberFormat::kMaxChars];
    return QString::fromLatin1(text, NumberFormat::writePythonFloat(text, v, single) - text);
}

} // namespace

class tst_NumberFormat : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void doubles_data()
    {
        constexpr double inf = std::numeric_limits<double>::infinity();
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("pythonText");
        QTest::newRow("Inf") << inf << "Inf" << "inf";
        QTest::newRow("-Inf") << -inf << "-Inf" << "-inf";
        QTest::newRow("NaN") << std::nan("") << "NaN" << "nan";
        QTest::newRow("-NaN") << -std::nan("") << "NaN" << "nan";
        QTest::newRow("-0") << -0.0 << "-0" << "-0.0";
        QTest::newRow("13") << 13.0 << "13" << "13.0";
        QTest::newRow("1e16") << 1e16 << "1e+16" << "1e+16";
        QTest::newRow("1e-5") << 1e-5 << "1e-05" << "1e-05";
        QTest::newRow("max") << std::numeric_limits<double>::max() << "1.7976931348623157e+308"
                             << "1.7976931348623157e+308";
    }
    void doubles()
    {
        QFETCH(double, value);
        QFETCH(QString, text);
        QFETCH(QString, pythonText);
        QCOMPARE(NumberFormat::fromDouble(value), text);
        QCOMPARE(python(value, false), pythonText);
    }

    void floats()
    {
        constexpr float inf = std::numeric_limits<float>::infinity();
        QCOMPARE(NumberFormat::fromFloat(inf), QStringLiteral("Inf"));
        QCOMPARE(NumberFormat::fromFloat(-inf), QStringLiteral("-Inf"));
        QCOMPARE(NumberFormat::fromFloat(std::nanf("")), QStringLiteral("NaN"));
        QCOMPARE(NumberFormat::fromFloat(0.1f), QStringLiteral("0.1"));
        QCOMPARE(python(double(-inf), true), QStringLiteral("-inf"));
        QCOMPARE(python(double(0.1f), true), QStringLiteral("0.1"));
    }
};

QTEST_GUILESS_MAIN(tst_NumberFormat)
#include "tst_numberformat.moc"
