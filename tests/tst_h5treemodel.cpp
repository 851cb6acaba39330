// SPDX-License-Identifier: MIT
#include "h5fixtures.h"
#include "h5treemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace H5Hdfs;

namespace {

QStringList rowNames(const QAbstractItemModel& model, const QModelIndex& parent)
{
    QStringList names;
    for (int r = 0; r < model.rowCount(parent); ++r)
        names << model.index(r, 0, parent).data().toString();
    return names;
}

QModelIndex findRow(const QAbstractItemModel& model, const QModelIndex& parent, const QString& name)
{
    for (int r = 0; r < model.rowCount(parent); ++r) {
        if (model.index(r, 0, parent).data().toString() == name)
            return model.index(r, 0, parent);
    }
    return {};
}

} // namespace

class tst_H5TreeModel : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::shared_ptr<const ImageBuffer> m_bytes;

private Q_SLOTS:
    void initTestCase()
    {
        auto bytes
            = ImageBuffer::readFile(H5Fixtures::writeEverything(m_dir.filePath(QStringLiteral("e.h5"))));
        QVERIFY(bytes.ok());
        m_bytes = *bytes;
    }

    void groupsAreListedOnlyWhenExpanded()
    {
        H5Service service;
        H5TreeModel model(service, service.addImage(m_bytes, QStringLiteral("e.h5")));
        QTRY_VERIFY(!model.isLoading());
        const QModelIndex links = findRow(model, model.rootIndex(), QStringLiteral("links"));
        QVERIFY(model.hasChildren(links));
        QCOMPARE(model.rowCount(links), 0);
        QVERIFY(model.canFetchMore(links));
        model.fetchMore(links);
        QVERIFY(!model.canFetchMore(links));
        QTRY_COMPARE(model.rowCount(links), 4);
    }

    void listsLazilyAndPassesTheModelTester()
    {
        // Given a model over a file, checked by the model tester throughout
        H5Service service;
        H5TreeModel model(service, service.addImage(m_bytes, QStringLiteral("e.h5")));
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        // When the root listing arrives
        QTRY_VERIFY(!model.isLoading());
        // Then the root group's members are there, sorted by name, and groups are not listed yet
        const QStringList top = rowNames(model, model.rootIndex());
        QVERIFY(top.contains(QStringLiteral("matrix")));
        QVERIFY(top.contains(QStringLiteral("links")));
        const QModelIndex links = findRow(model, model.rootIndex(), QStringLiteral("links"));
        QVERIFY(model.hasChildren(links));
        // When a group is expanded (fetchMore, as a view does; Qt 6.4's tester also fetches)
        model.fetchMore(links);
        QTRY_COMPARE(model.rowCount(links), 4);
        // Then its children show kinds, link targets, shapes and types in their columns
        const QModelIndex soft = findRow(model, links, QStringLiteral("soft"));
        QCOMPARE(soft.siblingAtColumn(H5TreeModel::KindColumn).data().toString(),
            QStringLiteral("soft link → /matrix"));
        const QModelIndex matrix = findRow(model, model.rootIndex(), QStringLiteral("matrix"));
        QCOMPARE(matrix.siblingAtColumn(H5TreeModel::ShapeColumn).data().toString(), QStringLiteral("3 × 4"));
        QCOMPARE(
            matrix.siblingAtColumn(H5TreeModel::TypeColumn).data().toString(), QStringLiteral("float64"));
        QCOMPARE(matrix.data(H5TreeModel::PathRole).toString(), QStringLiteral("/matrix"));
        QVERIFY(!model.hasChildren(matrix));
        // And a hard-link cycle can be expanded step by step without loading the file twice at once
        const QModelIndex loop = findRow(model, links, QStringLiteral("loop"));
        model.fetchMore(loop);
        QTRY_VERIFY(model.rowCount(loop) > 10);
    }

    void aBrokenFileReportsAnError()
    {
        H5Service service;
        auto junk = ImageBuffer::allocate(64, QStringLiteral("junk"));
        H5TreeModel model(service, service.addImage(*junk, QStringLiteral("junk")));
        QSignalSpy errors(&model, &H5TreeModel::errorOccurred);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(errors.wait(5000));
        QCOMPARE(errors.at(0).at(0).value<Error>().code, Error::Code::NotHdf5);
        QCOMPARE(model.rowCount(model.rootIndex()), 0);
    }
};

QTEST_MAIN(tst_H5TreeModel)
#include "tst_h5treemodel.moc"
