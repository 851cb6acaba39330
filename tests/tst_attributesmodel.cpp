// SPDX-License-Identifier: MIT
#include "attributesmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace H5Hdfs;

class tst_AttributesModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void showsEveryAttributeAndShortensLongValues()
    {
        AttributesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        const QString longValue(1000, QLatin1Char('x'));
        model.setAttributes({{QStringLiteral("title"), QStringLiteral("string (vlen, UTF-8)"), {},
                                 QStringLiteral("Zoë's file")},
            {QStringLiteral("scale"), QStringLiteral("float64"), {2}, QStringLiteral("[1.5, 2.5]")},
            {QStringLiteral("notes"), QStringLiteral("string (vlen, UTF-8)"), {},
                QStringLiteral("line\n") + longValue}});
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(
            model.index(0, AttributesModel::ValueColumn).data().toString(), QStringLiteral("Zoë's file"));
        QCOMPARE(model.index(1, AttributesModel::ShapeColumn).data().toString(), QStringLiteral("2"));
        QCOMPARE(model.index(0, AttributesModel::ShapeColumn).data().toString(), QStringLiteral("scalar"));
        const QString shown = model.index(2, AttributesModel::ValueColumn).data().toString();
        QVERIFY(shown.startsWith(QStringLiteral("line ⏎ xxx")));
        QVERIFY(shown.endsWith(QStringLiteral("…")));
        QVERIFY(shown.size() < 320);
        QCOMPARE(model.index(2, AttributesModel::ValueColumn).data(Qt::ToolTipRole).toString(),
            QStringLiteral("line\n") + longValue);
        QCOMPARE(model.headerData(AttributesModel::TypeColumn, Qt::Horizontal, Qt::DisplayRole).toString(),
            QStringLiteral("Type"));
        model.setAttributes({});
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(tst_AttributesModel)
#include "tst_attributesmodel.moc"
