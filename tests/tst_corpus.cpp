// SPDX-License-Identifier: MIT
// Real files nobody here wrote: every one opens and walks, or fails with a clear Error; values
// match what h5dump prints for them.
#include "ddlparser.h"
#include "service/h5service.h"
#include "testpaths.h"

#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QTest>
#include <cmath>

using namespace H5Hdfs;

namespace {

constexpr qint64 kFirstPageRows = 100;
constexpr qint64 kFirstPageColumns = 50;

QStringList corpusFiles()
{
    QStringList files;
    QDirIterator it(TestPaths::corpus() + QStringLiteral("/hdf5"), {QStringLiteral("*.h5")}, QDir::Files,
        QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    files.sort();
    return files;
}

struct WalkCounts {
    int groups = 0;
    int datasets = 0;
    int pagesRead = 0;
    int pageErrors = 0;
    QStringList errors;
    QStringList unclean; ///< errors that are not a clean refusal or library error
};

// Real files fail cleanly: a refusal or an error libhdf5 reported, never a crashed or hung worker.
bool isClean(const Error& e)
{
    using C = Error::Code;
    return e.code == C::NotHdf5 || e.code == C::Truncated || e.code == C::Corrupt
        || e.code == C::FilterMissing || e.code == C::NotFound || e.code == C::Unsupported
        || e.code == C::Hdf5;
}

void noteError(WalkCounts& counts, const QString& path, const Error& e)
{
    counts.errors << path + QStringLiteral(": ") + e.toString();
    if (!isClean(e))
        counts.unclean << counts.errors.last();
}

// Datasets whose h5dump values cannot be compared, and why: any other failure to inspect is a mismatch.
const QSet<QString> kNotComparable {
    QStringLiteral("textlinksrc.h5:/group/dset"), // behind an external link, which is never followed
    QStringLiteral("textlinkfar.h5:/group/dset"), // the same
    QStringLiteral("tstring.h5:/str4"),           // tstring.ddl is the dump of another file of that name
};

// Walks like the viewer: every group listed, every object inspected, the first page of every dataset read.
void walk(
    H5Service& service, H5Service::FileId file, const QString& group, QSet<quint64>& seen, WalkCounts& counts)
{
    const H5Response listing = service.call(file, H5Request::listChildren(group));
    if (!listing.ok()) {
        noteError(counts, group, listing.error);
        return;
    }
    ++counts.groups;
    for (const H5Node& node : listing.children) {
        const H5Response info = service.call(file, H5Request::info(node.path));
        if (!info.ok())
            noteError(counts, node.path, info.error);
        if (node.kind == NodeKind::Group && !seen.contains(node.address)) {
            seen.insert(node.address);
            walk(service, file, node.path, seen, counts);
        } else if (node.kind == NodeKind::Dataset && info.ok()) {
            ++counts.datasets;
            const DimView view = DimView::defaultFor(info.info.dataset.rank());
            const TableGeometry g = TableGeometry::of(info.info.dataset, view);
            const H5Response page = service.call(file,
                H5Request::readPage(
                    node.path, {view, 0, qMin(g.rows, kFirstPageRows), 0, qMin(g.cols, kFirstPageColumns)}));
            if (page.ok()) {
                ++counts.pagesRead;
            } else {
                ++counts.pageErrors;
                noteError(counts, node.path, page.error);
            }
        }
    }
}

bool sameValue(const QString& ours, const QString& theirs)
{
    QString expected = theirs;
    if (expected.startsWith(QLatin1Char('"')) && expected.endsWith(QLatin1Char('"')))
        expected = expected.mid(1, expected.size() - 2);
    if (ours == expected)
        return true;
    bool ok1 = false, ok2 = false;
    const double a = ours.toDouble(&ok1);
    const double b = expected.toDouble(&ok2);
    if (!ok1 || !ok2)
        return ours.compare(expected, Qt::CaseInsensitive) == 0; // "Inf" / "inf", "NaN" / "nan"
    if (std::isnan(a) || std::isnan(b))
        return std::isnan(a) && std::isnan(b);
    return std::fabs(a - b) <= 1e-5 * std::max(std::fabs(a), std::fabs(b)); // h5dump prints %g
}

bool comparableType(const QString& type)
{
    for (const char* word :
        {"STRING", "REFERENCE", "VLEN", "OPAQUE", "TIME", "H5T_STD_B", "BITFIELD", "ENUM"}) {
        if (type.contains(QLatin1String(word)))
            return false;
    }
    return true;
}

} // namespace

class tst_Corpus : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void corpusIsPresent()
    {
        QVERIFY2(corpusFiles().size() >= 200,
            qPrintable(QStringLiteral("expected the shared corpus at %1").arg(TestPaths::corpus())));
    }

    void everyFileOpensAndWalksOrFailsClearly()
    {
        const QStringList files = corpusFiles();
        int opened = 0, refused = 0, datasets = 0, pages = 0;
        H5Service service;
        for (const QString& path : files) {
            auto bytes = ImageBuffer::readFile(path);
            QVERIFY(bytes.ok());
            const auto file = service.addImage(*bytes, path);
            const H5Response root = service.call(file, H5Request::open());
            if (!root.ok()) {
                ++refused;
                QVERIFY2(!root.error.message.isEmpty(), qPrintable(path));
                QVERIFY2(root.error.code == Error::Code::NotHdf5 || root.error.code == Error::Code::Corrupt
                        || root.error.code == Error::Code::Truncated || root.error.code == Error::Code::Hdf5,
                    qPrintable(path + QStringLiteral(": ") + root.error.toString()));
                service.closeFile(file);
                continue;
            }
            ++opened;
            QSet<quint64> seen;
            WalkCounts counts;
            walk(service, file, QStringLiteral("/"), seen, counts);
            QVERIFY2(counts.unclean.isEmpty(), qPrintable(counts.unclean.join(QLatin1Char('\n'))));
            datasets += counts.datasets;
            pages += counts.pagesRead;
            service.closeFile(file);
        }
        qInfo("%lld files: %d opened, %d refused with an error; %d datasets, %d first pages read",
            files.size(), opened, refused, datasets, pages);
        // The corpus is fixed: a file more refused or a page fewer read is a regression.
        QCOMPARE(opened, 177);
        QCOMPARE(refused, 43);
        QCOMPARE(datasets, 468);
        QCOMPARE(pages, 455);
    }

    // What a dataset's storage holds, so that readers can skip what was never written.
    void metadataSaysWhatWasWritten_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("path");
        QTest::addColumn<qint64>("storageSize");
        QTest::addColumn<bool>("partlyAllocated");
        QTest::addColumn<QList<QList<qint64>>>("chunks");
        QTest::newRow("nothing written") << "/hdf5/test/tlayouto.h5" << "/Dataset" << qint64(0) << false
                                         << QList<QList<qint64>> {};
        QTest::newRow("2 chunks of 4,194,305") << "/hdf5/tools/testfiles/tbigdims.h5" << "/dset4gb"
                                               << qint64(2048) << true
                                               << QList<QList<qint64>> {{4294966272}, {4294967296}};
        QTest::newRow("all written") << "/hdf5/tools/testfiles/tints4dims.h5" << "/FourDimInts"
                                     << qint64(1920 * 4) << false << QList<QList<qint64>> {};
    }
    void metadataSaysWhatWasWritten()
    {
        QFETCH(QString, file);
        QFETCH(QString, path);
        QFETCH(qint64, storageSize);
        QFETCH(bool, partlyAllocated);
        QFETCH(QList<QList<qint64>>, chunks);
        auto bytes = ImageBuffer::readFile(TestPaths::corpus() + file);
        QVERIFY(bytes.ok());
        H5Service service;
        const H5Response info = service.call(service.addImage(*bytes, file), H5Request::info(path));
        QVERIFY2(info.ok(), qPrintable(info.error.toString()));
        QCOMPARE(info.info.dataset.storageSize, storageSize);
        QCOMPARE(info.info.dataset.partlyAllocated, partlyAllocated);
        QCOMPARE(info.info.dataset.allocatedChunks, chunks);
    }

    void valuesMatchH5dump()
    {
        int compared = 0;
        QStringList mismatches;
        QDirIterator it(TestPaths::corpus() + QStringLiteral("/hdf5"), {QStringLiteral("*.ddl")}, QDir::Files,
            QDirIterator::Subdirectories);
        H5Service service;
        while (it.hasNext()) {
            const QString ddlPath = it.next();
            const QString h5Path = ddlPath.left(ddlPath.size() - 4) + QStringLiteral(".h5");
            if (!QFile::exists(h5Path))
                continue; // a dump of another file with options
            QFile ddl(ddlPath);
            QVERIFY(ddl.open(QIODevice::ReadOnly));
            const auto datasets = DdlParser::parse(QString::fromUtf8(ddl.readAll()));
            auto bytes = ImageBuffer::readFile(h5Path);
            QVERIFY(bytes.ok());
            const auto file = service.addImage(*bytes, h5Path);
            for (const DdlParser::Dataset& expected : datasets) {
                if (expected.values.isEmpty() || !comparableType(expected.type)
                    || !expected.space.startsWith(QStringLiteral("SIMPLE")))
                    continue;
                const H5Response info = service.call(file, H5Request::info(expected.path));
                const QString where = QFileInfo(h5Path).fileName() + QLatin1Char(':') + expected.path;
                if (!info.ok() && !kNotComparable.contains(where))
                    mismatches << where + QStringLiteral(": ") + info.error.toString();
                if (!info.ok() || info.info.dataset.rank() > 2)
                    continue; // N-D datasets are listed in another layout than h5dump's
                const DimView view = DimView::defaultFor(info.info.dataset.rank());
                const TableGeometry g = TableGeometry::of(info.info.dataset, view);
                if (g.rows * g.cols > 100000)
                    continue;
                const H5Response page
                    = service.call(file, H5Request::readPage(expected.path, {view, 0, g.rows, 0, g.cols}));
                if (page.error.code == Error::Code::FilterMissing)
                    continue; // dumped with a test filter plugin we do not have
                QVERIFY2(page.ok(), qPrintable(expected.path + QStringLiteral(": ") + page.error.toString()));
                QStringList ours;
                bool shortened = false; // long arrays are shown with "… N more" by design
                for (qint64 r = 0; r < page.page.rowCount; ++r) {
                    for (qint64 c = 0; c < page.page.colCount; ++c) {
                        const QString text = page.page.text(r, c);
                        shortened = shortened || text.contains(QStringLiteral("…"));
                        ours << DdlParser::scalars(text);
                    }
                }
                if (shortened)
                    continue;
                if (ours.size() != expected.values.size()) {
                    mismatches << QStringLiteral("%1: %2 values, h5dump has %3")
                                      .arg(where)
                                      .arg(ours.size())
                                      .arg(expected.values.size());
                    continue;
                }
                for (qsizetype i = 0; i < ours.size(); ++i) {
                    if (!sameValue(ours[i], expected.values[i])) {
                        mismatches << QStringLiteral("%1[%2]: %3 vs h5dump %4")
                                          .arg(where)
                                          .arg(i)
                                          .arg(ours[i], expected.values[i]);
                        break;
                    }
                }
                ++compared;
            }
            service.closeFile(file);
        }
        qInfo("compared %d datasets with h5dump's output", compared);
        QVERIFY2(mismatches.isEmpty(), qPrintable(mismatches.join(QLatin1Char('\n'))));
        QCOMPARE(compared, 78);
    }
};

QTEST_GUILESS_MAIN(tst_Corpus)
#include "tst_corpus.moc"
