// SPDX-License-Identifier: MIT
// H5Service::ask(): an answer goes to its asker only, in its context's thread, and never to a
// context that is gone; a request whose asker went (or cancelled it) is not run, or is stopped.
// The worker's progress goes the same way, before the answer, merged when it comes too fast.
// The request that holds a file's queue is the test build's stall (h5hdfs-worker-testhooks): it
// never ends until its worker is killed; its progress requests report as told.
#include "datasettablemodel.h"
#include "fileview.h"
#include "h5fixtures.h"
#include "h5treemodel.h"
#include "plotfixtures.h"
#include "procstatus.h"
#include "service/h5service.h"
#include "testpaths.h"
#include "visiblecells.h"

#include <QFile>
#include <QHeaderView>
#include <QScopeGuard>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTreeView>
#include <atomic>
#include <mutex>
#include <thread>

using namespace std::chrono_literals;

using namespace H5Hdfs;

namespace {

const QString kStall = QStringLiteral("/.h5hdfs-test/stall");

/// What a callback saw: how often it was called, the last response, and in which thread.
struct Received {
    std::atomic_int calls {0}; ///< set last: a reader that sees it sees the rest
    H5Response response;
    QThread* thread = nullptr;

    H5Service::Answer answer()
    {
        return [this](H5Response&& r) {
            response = std::move(r);
            thread = QThread::currentThread();
            ++calls;
        };
    }
};

/// What a progress callback saw, in order, and whether the answer had come before each report.
struct Reported {
    struct Report {
        qint64 done = 0, total = 0;
        QThread* thread = nullptr;
        bool afterTheAnswer = false;
    };
    mutable std::mutex mutex;
    QList<Report> reports;
    const Received* answered = nullptr; ///< the same request's answer

    H5Service::Progress progress()
    {
        return [this](qint64 done, qint64 total) {
            std::lock_guard lock(mutex);
            reports.append({done, total, QThread::currentThread(), answered && answered->calls > 0});
        };
    }
    [[nodiscard]] QList<Report> seen() const
    {
        std::lock_guard lock(mutex);
        return reports;
    }
};

/// Each report is newer than the one before it, and none came after the answer.
bool increasingBeforeTheAnswer(const QList<Reported::Report>& reports, QString& why)
{
    for (qsizetype i = 0; i < reports.size(); ++i) {
        if (reports[i].afterTheAnswer)
            why = QStringLiteral("report %1 came after the answer").arg(i);
        else if (i > 0 && reports[i].done <= reports[i - 1].done)
            why = QStringLiteral("report %1 (%2) is not past %3").arg(i).arg(reports[i].done).arg(reports[i - 1].done);
        if (!why.isEmpty())
            return false;
    }
    return true;
}

const QString kEndlessProgress = QStringLiteral("/.h5hdfs-test/progress/endless");

} // namespace

class tst_H5ServiceAnswers : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::shared_ptr<const ImageBuffer> m_everything;
    std::shared_ptr<const ImageBuffer> m_matrix;
    static constexpr qint64 kTallRows = 1'000'000;
    static constexpr qint64 kTallColumns = 2;
    std::shared_ptr<const ImageBuffer> m_tall; ///< 10^6 rows: one window of the table model

    /// A service whose workers know the stall, and wait long enough on it for a test to end it.
    static void useTestWorker(H5Service& service)
    {
        service.setWorkerProgram(TestPaths::binDir() + QStringLiteral("/h5hdfs-worker-testhooks"));
        service.setRequestTimeout(120s);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_everything
            = *ImageBuffer::readFile(H5Fixtures::writeEverything(m_dir.filePath(QStringLiteral("e.h5"))));
        m_matrix = *ImageBuffer::readFile(
            H5Fixtures::writeMatrix(m_dir.filePath(QStringLiteral("m.h5")), 200'000, 40));
        m_tall = *ImageBuffer::readFile(
            H5Fixtures::writeMatrix(m_dir.filePath(QStringLiteral("t.h5")), kTallRows, kTallColumns));
        QVERIFY(m_everything && m_matrix && m_tall);
    }

    void eachAnswerReachesItsAskerInItsContextsThread_data()
    {
        QTest::addColumn<bool>("contextInAnotherThread");
        QTest::newRow("contexts in this thread") << false;
        QTest::newRow("contexts in another thread") << true;
    }

    void eachAnswerReachesItsAskerInItsContextsThread()
    {
        QFETCH(bool, contextInAnotherThread);
        QThread other;
        other.start();
        QObject listing;
        QObject matrix;
        const auto stopOther = qScopeGuard([&other] {
            other.quit();
            other.wait();
        });
        QThread* const expected = contextInAnotherThread ? &other : QThread::currentThread();
        listing.moveToThread(expected);
        matrix.moveToThread(expected);
        H5Service service;
        const auto file = service.addImage(m_everything, QStringLiteral("e.h5"));
        Received listed, described;
        service.ask(file, H5Request::listChildren(QStringLiteral("/")), &listing, listed.answer());
        service.ask(file, H5Request::info(QStringLiteral("/matrix")), &matrix, described.answer());
        QTRY_VERIFY_WITH_TIMEOUT(listed.calls == 1 && described.calls == 1, 10000);
        QVERIFY(listed.response.ok());
        QVERIFY(listed.response.children.size() > 10);
        QVERIFY(listed.response.info.path.isEmpty()); // the listing, not the other answer
        QCOMPARE(described.response.info.path, QStringLiteral("/matrix"));
        QVERIFY(described.response.children.isEmpty());
        QCOMPARE(listed.thread, expected);
        QCOMPARE(described.thread, expected);
        // Once each, however long we wait.
        QCoreApplication::processEvents();
        QCOMPARE(listed.calls.load(), 1);
        QCOMPARE(described.calls.load(), 1);
    }

    void aWithdrawnRequestIsNeverRunNorAnswered_data()
    {
        QTest::addColumn<bool>("byDestroyingItsContext");
        QTest::newRow("its context destroyed") << true;
        QTest::newRow("cancelled") << false;
    }

    // Given a file whose queue is held by a stalled request, and a request waiting behind it
    void aWithdrawnRequestIsNeverRunNorAnswered()
    {
        QFETCH(bool, byDestroyingItsContext);
        H5Service service;
        useTestWorker(service);
        const auto file = service.addImage(m_everything, QStringLiteral("e.h5"));
        QObject stallAsker;
        Received stalled, waiting;
        const auto stall = service.ask(file, H5Request::info(kStall), &stallAsker, stalled.answer());
        auto context = std::make_unique<QObject>();
        const auto ticket
            = service.ask(file, H5Request::info(QStringLiteral("/matrix")), context.get(), waiting.answer());
        QTRY_COMPARE_WITH_TIMEOUT(service.requestsRun(file), 1, 10000); // the stall runs
        // When the waiting request is withdrawn, and the stall then ends
        if (byDestroyingItsContext)
            context.reset();
        else
            service.cancel(ticket);
        service.cancel(stall);
        // Then the next request runs at once after the stall: the withdrawn one was skipped
        QVERIFY(service.call(file, H5Request::info(QStringLiteral("/ints"))).ok());
        QCOMPARE(service.requestsQueued(file), 3);
        QCOMPARE(service.requestsRun(file), 2);
        QCoreApplication::processEvents(); // answers already posted would run now
        QCOMPARE(waiting.calls.load(), 0);
        QCOMPARE(stalled.calls.load(), 0);
    }

    // Given a stalled request running and another waiting behind it
    void onlyAWaitingRequestIsWithdrawnIfQueued()
    {
        H5Service service;
        useTestWorker(service);
        const auto file = service.addImage(m_everything, QStringLiteral("e.h5"));
        QObject context;
        Received stalled, waiting;
        const auto stall = service.ask(file, H5Request::info(kStall), &context, stalled.answer());
        const auto ticket
            = service.ask(file, H5Request::info(QStringLiteral("/matrix")), &context, waiting.answer());
        QTRY_COMPARE_WITH_TIMEOUT(service.requestsRun(file), 1, 10000); // the stall runs
        // When both are withdrawn only if they wait
        // Then the running one is left alone, the waiting one is withdrawn: never run nor answered
        QVERIFY(!service.cancelIfQueued(stall));
        QVERIFY(service.cancelIfQueued(ticket));
        service.cancel(stall);
        QVERIFY(service.call(file, H5Request::info(QStringLiteral("/ints"))).ok());
        QCOMPARE(service.requestsRun(file), 2);
        QCoreApplication::processEvents(); // answers already posted would run now
        QCOMPARE(waiting.calls.load(), 0);
    }

    void aRunningRequestWithdrawnStopsItsWorker_data()
    {
        QTest::addColumn<bool>("byDestroyingItsContext");
        QTest::newRow("its context destroyed") << true;
        QTest::newRow("cancelled") << false;
    }

    void aRunningRequestWithdrawnStopsItsWorker()
    {
        QFETCH(bool, byDestroyingItsContext);
        H5Service service;
        useTestWorker(service);
        const auto file = service.addImage(m_everything, QStringLiteral("e.h5"));
        QVERIFY(service.call(file, H5Request::open()).ok());
        const qint64 worker = service.workerPid(file);
        QVERIFY(ProcStatus::exists(worker));
        auto context = std::make_unique<QObject>();
        Received stalled;
        const auto stall = service.ask(file, H5Request::info(kStall), context.get(), stalled.answer());
        QTRY_COMPARE_WITH_TIMEOUT(service.requestsRun(file), 2, 10000);
        if (byDestroyingItsContext)
            context.reset();
        else
            service.cancel(stall);
        // The worker is ended (it would never end the stall by itself), and the file still works.
        QTRY_VERIFY_WITH_TIMEOUT(!ProcStatus::exists(worker), 10000);
        const H5Response after = service.call(file, H5Request::info(QStringLiteral("/matrix")));
        QVERIFY2(after.ok(), qPrintable(after.error.toString()));
        QCOMPARE(service.workerStarts(file), 2);
        QCoreApplication::processEvents();
        QCOMPARE(stalled.calls.load(), 0);
    }

    // Answers already posted to their context when the service goes are not called: they might
    // use the service.
    void noAnswerIsCalledOnceTheServiceIsGone()
    {
        QObject context;
        Received received;
        {
            H5Service service;
            const auto file = service.addImage(m_everything, QStringLiteral("e.h5"));
            for (int i = 0; i < 20; ++i)
                service.ask(file, H5Request::info(QStringLiteral("/matrix")), &context, received.answer());
            // Waited for without running the event loop: the answers stay posted.
            for (int waited = 0; service.requestsRun(file) < 5 && waited < 10000; ++waited)
                std::this_thread::sleep_for(1ms);
            QVERIFY(service.requestsRun(file) >= 5);
        }
        QCoreApplication::processEvents();
        QCOMPARE(received.calls.load(), 0);
    }

    // Given a file view whose details requests wait behind a stalled request
    void aNewSelectionWithdrawsTheDetailsOfTheOldOne()
    {
        H5Service service;
        useTestWorker(service);
        const auto file = service.addImage(m_everything, QStringLiteral("e.h5"));
        FileView view(service, file, QStringLiteral("e"));
        H5TreeModel* tree = view.treeModel();
        QTRY_VERIFY_WITH_TIMEOUT(!tree->isLoading(), 10000);
        // 1-D datasets: their details ask nothing more (no named table to look for)
        QList<QModelIndex> datasets;
        for (int row = 0; row < tree->rowCount(tree->rootIndex()); ++row) {
            const QModelIndex index = tree->index(row, 0, tree->rootIndex());
            if (tree->node(index).kind == NodeKind::Dataset && tree->node(index).shape.size() == 1)
                datasets << index;
        }
        QVERIFY(datasets.size() >= 3);
        QObject stallAsker;
        const auto stall = service.ask(file, H5Request::info(kStall), &stallAsker, [](H5Response&&) {});
        QTRY_VERIFY_WITH_TIMEOUT(service.requestsQueued(file) == service.requestsRun(file), 10000);
        const int queuedBefore = service.requestsQueued(file);
        const int runBefore = service.requestsRun(file); // the stall's included
        QSignalSpy shown(&view, &FileView::detailsShown);
        // When three objects are selected one after the other before any details come
        for (const QModelIndex& index : std::as_const(datasets).first(3))
            view.treeView()->setCurrentIndex(index);
        service.cancel(stall);
        // Then only the last one's details were read, and shown
        QVERIFY(shown.wait(10000));
        // (a call blocks this thread: nothing more is asked, and what was asked before has run)
        QVERIFY(service.call(file, H5Request::open()).ok());
        const int skipped
            = (service.requestsQueued(file) - queuedBefore) - (service.requestsRun(file) - runBefore);
        QCOMPARE(skipped, 2);
        QVERIFY2(view.detailsText().contains(tree->node(datasets[2]).path), qPrintable(view.detailsText()));
        QCOMPARE(shown.count(), 1);
    }

    void aReductionsProgressReachesItsAskerBeforeTheAnswer_data()
    {
        QTest::addColumn<bool>("contextInAnotherThread");
        QTest::newRow("context in this thread") << false;
        QTest::newRow("context in another thread") << true;
    }

    // Given a line of 2^23 values read whole, in blocks of 2^20 rows (a report after each)
    void aReductionsProgressReachesItsAskerBeforeTheAnswer()
    {
        QFETCH(bool, contextInAnotherThread);
        constexpr qint64 kRows = qint64(1) << 23;
        const QString path = m_dir.filePath(QStringLiteral("big.h5"));
        if (!QFile::exists(path))
            QVERIFY(!PlotFixtures::writeBig(path, kRows, 0, true).isEmpty());
        QThread other;
        other.start();
        const auto stopOther = qScopeGuard([&other] {
            other.quit();
            other.wait();
        });
        QObject context;
        QThread* const expected = contextInAnotherThread ? &other : QThread::currentThread();
        context.moveToThread(expected);
        H5Service service;
        const auto file = service.addImage(*ImageBuffer::readFile(path), QStringLiteral("big.h5"));
        PlotRequest line;
        line.maxValues = 0;
        Received answered;
        Reported reported;
        reported.answered = &answered;
        // When it is asked with a progress callback
        service.ask(file, H5Request::plotOf(QStringLiteral("/big"), line), &context, answered.answer(),
            reported.progress());
        QTRY_COMPARE_WITH_TIMEOUT(answered.calls.load(), 1, 20000);
        QVERIFY2(answered.response.ok(), qPrintable(answered.response.error.toString()));
        // Then rows read of rows to read came to its thread, increasing, before the answer
        QCoreApplication::processEvents();
        QCOMPARE(answered.thread, expected);
        const auto reports = reported.seen();
        QVERIFY(!reports.isEmpty());
        QString why;
        QVERIFY2(increasingBeforeTheAnswer(reports, why), qPrintable(why));
        for (const auto& report : reports) {
            QCOMPARE(report.thread, expected);
            QCOMPARE(report.total, kRows);
            QVERIFY(report.done > 0 && report.done <= kRows);
        }
    }

    // Given reports that come faster than the asker's thread takes them: it is busy until the
    // request has ended
    void reportsFasterThanTheAskerTakesThemAreMerged()
    {
        H5Service service;
        useTestWorker(service);
        const auto file = service.addImage(m_everything, QStringLiteral("e.h5"));
        QObject context;
        Received answered;
        Reported reported;
        reported.answered = &answered;
        service.ask(file, H5Request::info(QStringLiteral("/.h5hdfs-test/progress/500")), &context,
            answered.answer(), reported.progress());
        QVERIFY(service.call(file, H5Request::open()).ok()); // runs after it: its answer is posted
        // When the asker's thread takes its events
        QTRY_COMPARE_WITH_TIMEOUT(answered.calls.load(), 1, 10000);
        QVERIFY2(answered.response.ok(), qPrintable(answered.response.error.toString()));
        // Then the 500 reports came as one call, with the newest numbers, before the answer
        const auto reports = reported.seen();
        QCOMPARE(reports.size(), 1);
        QCOMPARE(reports[0].done, 500);
        QCOMPARE(reports[0].total, 500);
        QVERIFY(!reports[0].afterTheAnswer);
    }

    void noProgressReachesAWithdrawnAsker_data()
    {
        QTest::addColumn<bool>("byDestroyingItsContext");
        QTest::newRow("its context destroyed") << true;
        QTest::newRow("cancelled") << false;
    }

    // Given a request that reports progress until its worker is killed
    void noProgressReachesAWithdrawnAsker()
    {
        QFETCH(bool, byDestroyingItsContext);
        H5Service service;
        useTestWorker(service);
        const auto file = service.addImage(m_everything, QStringLiteral("e.h5"));
        auto context = std::make_unique<QObject>();
        Received answered;
        Reported reported;
        reported.answered = &answered;
        const auto ticket = service.ask(
            file, H5Request::info(kEndlessProgress), context.get(), answered.answer(), reported.progress());
        QTRY_VERIFY_WITH_TIMEOUT(reported.seen().size() >= 3, 10000);
        const qint64 worker = service.workerPid(file);
        QString why;
        QVERIFY2(increasingBeforeTheAnswer(reported.seen(), why), qPrintable(why));
        // When its asker withdraws it
        if (byDestroyingItsContext)
            context.reset();
        else
            service.cancel(ticket);
        const qsizetype before = reported.seen().size();
        // Then its worker is stopped, and no report nor answer reaches the asker, however long we wait
        QTRY_VERIFY_WITH_TIMEOUT(!ProcStatus::exists(worker), 10000);
        QVERIFY(service.call(file, H5Request::open()).ok()); // the file's thread is past it
        QCoreApplication::processEvents();
        QCOMPARE(reported.seen().size(), before);
        QCOMPARE(answered.calls.load(), 0);
    }

    void theTableModelDropsBlocksItsWindowLeaves_data()
    {
        QTest::addColumn<qint64>("rowOffset");
        QTest::addColumn<qint64>("columnOffset");
        QTest::addColumn<int>("windowRows");
        QTest::addColumn<int>("windowColumns");
        QTest::addColumn<bool>("farFirst");
        QTest::newRow("window moved down") << qint64(100'000) << qint64(0) << 1000 << 40 << false;
        QTest::newRow("window moved right") << qint64(0) << qint64(32) << 1000 << 8 << false;
        QTest::newRow("window moved far and back") << qint64(0) << qint64(0) << 1000 << 40 << true;
        QTest::newRow("window made smaller") << qint64(0) << qint64(0) << 300 << 40 << false;
    }

    // Given a table model whose first window's blocks wait behind a stalled request
    void theTableModelDropsBlocksItsWindowLeaves()
    {
        QFETCH(qint64, rowOffset);
        QFETCH(qint64, columnOffset);
        QFETCH(int, windowRows);
        QFETCH(int, windowColumns);
        QFETCH(bool, farFirst);
        H5Service service;
        useTestWorker(service);
        const auto file = service.addImage(m_matrix, QStringLiteral("m.h5"));
        const DatasetInfo info = service.call(file, H5Request::info(QStringLiteral("/values"))).info.dataset;
        QObject stallAsker;
        const auto stall = service.ask(file, H5Request::info(kStall), &stallAsker, [](H5Response&&) {});
        // Running, not merely queued: one cancelled before its turn would not count as run.
        QTRY_COMPARE_WITH_TIMEOUT(service.requestsRun(file), 2, 10000);
        DatasetTableModel model(service, TableRef::ofDataset(file, QStringLiteral("/values"), info));
        model.setWindowSize(1000, 40);
        const auto askForEveryCell = [&model] {
            for (int row = 0; row < model.rowCount(); ++row)
                for (int column = 0; column < model.columnCount(); ++column)
                    model.data(model.index(row, column));
        };
        askForEveryCell();
        const int queuedFirst = service.requestsQueued(file);
        QVERIFY(queuedFirst > 3); // the info, the stall and several blocks
        // When the window goes elsewhere (or shrinks), and its cells are asked for
        if (farFirst)
            model.setWindow(100'000, 0);
        model.setWindowSize(windowRows, windowColumns);
        model.setWindow(rowOffset, columnOffset);
        askForEveryCell();
        const qint64 firstBlockRow = model.rowOffset() / DatasetTableModel::kBlockRows;
        const qint64 lastBlockRow
            = (model.rowOffset() + model.rowCount() - 1) / DatasetTableModel::kBlockRows;
        const qint64 firstBlockColumn = model.columnOffset() / DatasetTableModel::kBlockColumns;
        const qint64 lastBlockColumn
            = (model.columnOffset() + model.columnCount() - 1) / DatasetTableModel::kBlockColumns;
        const int shown = int((lastBlockRow - firstBlockRow + 1) * (lastBlockColumn - firstBlockColumn + 1));
        service.cancel(stall);
        QTRY_VERIFY_WITH_TIMEOUT(!model.isLoading(), 10000);
        // Then only the blocks the window shows were read: the info, the stall and those
        QCOMPARE(service.requestsRun(file), 2 + shown);
        QCOMPARE(model.cachedBlocks(), shown);
        const QModelIndex last = model.index(model.rowCount() - 1, model.columnCount() - 1);
        QCOMPARE(model.data(last).toString(),
            QString::number((model.rowOffset() + last.row()) * 40 + model.columnOffset() + last.column()));
    }

    void aViewScrolledFastReadsWhereItStops_data()
    {
        QTest::addColumn<int>("steps");
        QTest::newRow("top to bottom in 4 steps") << 4;
        QTest::newRow("top to bottom in 40 steps") << 40;
    }

    // Given a view over a 10^6-row table whose reads wait behind a stalled request
    void aViewScrolledFastReadsWhereItStops()
    {
        QFETCH(int, steps);
        H5Service service;
        useTestWorker(service);
        const auto file = service.addImage(m_tall, QStringLiteral("t.h5"));
        const DatasetInfo info = service.call(file, H5Request::info(QStringLiteral("/values"))).info.dataset;
        QObject stallAsker;
        const auto stall = service.ask(file, H5Request::info(kStall), &stallAsker, [](H5Response&&) {});
        QTRY_COMPARE_WITH_TIMEOUT(service.requestsRun(file), 2, 10000); // the stall runs
        DatasetTableModel model(service, TableRef::ofDataset(file, QStringLiteral("/values"), info));
        QCOMPARE(model.rowCount(), int(kTallRows)); // the whole table in one window: the view scrolls it
        QTableView view;
        view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
        new VisibleCells(&view);
        view.setModel(&model);
        view.resize(400, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const auto paint = [&view] { view.viewport()->repaint(); }; // data() for the cells on screen
        paint();
        const int queuedAtTop = service.requestsQueued(file);
        // When it is scrolled to the bottom in a few steps, painted at each, without waiting for reads
        QScrollBar* bar = view.verticalScrollBar();
        for (int step = 1; step <= steps; ++step) {
            bar->setValue(int(qint64(bar->maximum()) * step / steps));
            paint();
        }
        const int asked = service.requestsQueued(file) - 2; // less the info and the stall
        service.cancel(stall);
        QTRY_VERIFY_WITH_TIMEOUT(!model.isLoading(), 10000);
        // Then each screen it stopped at asked for its block, but only those near the last were read
        QVERIFY2(asked >= steps + 1 && queuedAtTop > 2, qPrintable(QString::number(asked)));
        const int read = service.requestsRun(file) - 2;
        QVERIFY2(read >= 1 && read <= blocksNearScreen(view),
            qPrintable(QStringLiteral("%1 blocks read of %2 asked").arg(read).arg(asked)));
        QVERIFY2(cellsOnScreenUnread(view).isEmpty(), qPrintable(cellsOnScreenUnread(view).join(", ")));
        // And scrolled back to a screen it passed, that screen is read again
        bar->setValue(bar->maximum() / steps);
        paint();
        QTRY_VERIFY_WITH_TIMEOUT(!model.isLoading(), 10000);
        QVERIFY(service.requestsRun(file) > 2 + read);
        QVERIFY2(cellsOnScreenUnread(view).isEmpty(), qPrintable(cellsOnScreenUnread(view).join(", ")));
    }

private:
    /// How many blocks of rows the model keeps asked for around the view's screen.
    static int blocksNearScreen(const QTableView& view)
    {
        const int first = view.rowAt(0);
        const int last = view.rowAt(view.viewport()->height() - 1);
        const int margin = DatasetTableModel::kScreensOfReach * (last - first + 1);
        const qint64 top = qMax(0, first - margin) / DatasetTableModel::kBlockRows;
        const qint64 bottom = qMin<qint64>(kTallRows - 1, last + margin) / DatasetTableModel::kBlockRows;
        return int(bottom - top + 1);
    }

    /// The first and last cells on screen that do not show their values (row * columns + column).
    static QStringList cellsOnScreenUnread(const QTableView& view)
    {
        QStringList unread;
        for (const QPoint at : {QPoint(1, 1), QPoint(1, view.viewport()->height() - 2)}) {
            const QModelIndex cell = view.indexAt(at);
            const QString want = QString::number(qint64(cell.row()) * kTallColumns + cell.column());
            if (!cell.isValid() || cell.data().toString() != want)
                unread << QStringLiteral("row %1: \"%2\"").arg(cell.row()).arg(cell.data().toString());
        }
        return unread;
    }
};

QTEST_MAIN(tst_H5ServiceAnswers)
#include "tst_h5serviceanswers.moc"
