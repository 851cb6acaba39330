// SPDX-License-Identifier: MIT
// The README's first command: `h5hdfs-viewer --demo` starts its local WebHDFS server over the
// sample files and browses them. Once in this process (the window's listing), once as the program.
#include "demo.h"
#include "errorbanner.h"
#include "hdfsbrowser.h"
#include "hdfsbrowsermodel.h"
#include "mainwindow.h"
#include "testpaths.h"

#include <QDir>
#include <QDirIterator>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace H5Hdfs;

namespace {

QStringList sampleNames()
{
    QStringList names = QDir(TestPaths::sourceDir() + QStringLiteral("/resources/samples"))
                            .entryList({QStringLiteral("*.h5")}, QDir::Files, QDir::Name);
    return names;
}

QStringList listedNames(const HdfsBrowser& browser)
{
    QStringList out;
    for (int row = 0; row < browser.model()->rowCount(); ++row)
        out << browser.model()->entry(row).name;
    out.sort();
    return out;
}

// The TCP ports `pid` listens on at 127.0.0.1: its socket inodes matched against /proc/net/tcp.
QList<quint16> listeningPorts(qint64 pid)
{
    QSet<QString> inodes;
    for (const QFileInfo& fd : QDir(QStringLiteral("/proc/%1/fd").arg(pid)).entryInfoList(QDir::System)) {
        const QString target = fd.symLinkTarget().section(QLatin1Char('/'), -1);
        if (target.startsWith(QStringLiteral("socket:[")))
            inodes.insert(target.mid(8).chopped(1));
    }
    QList<quint16> ports;
    QFile tcp(QStringLiteral("/proc/%1/net/tcp").arg(pid));
    if (!tcp.open(QIODevice::ReadOnly))
        return ports;
    tcp.readLine(); // the header
    while (!tcp.atEnd()) {
        // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
        const QStringList f = QString::fromLatin1(tcp.readLine()).simplified().split(QLatin1Char(' '));
        if (f.size() > 9 && f[3] == QLatin1String("0A") && f[1].startsWith(QStringLiteral("0100007F:"))
            && inodes.contains(f[9]))
            ports << quint16(f[1].section(QLatin1Char(':'), 1).toUInt(nullptr, 16));
    }
    return ports;
}

QStringList namesListedAt(quint16 port)
{
    QNetworkAccessManager network;
    const QUrl url(QStringLiteral("http://127.0.0.1:%1/webhdfs/v1/data/experiments?op=LISTSTATUS&user.name=t")
                       .arg(port));
    QNetworkReply* reply = network.get(QNetworkRequest(url));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(5000, &loop, &QEventLoop::quit);
    loop.exec();
    QStringList names;
    const QJsonArray statuses = QJsonDocument::fromJson(reply->readAll())
                                    .object()[QStringLiteral("FileStatuses")][QStringLiteral("FileStatus")]
                                    .toArray();
    for (const QJsonValue& s : statuses)
        names << s[QStringLiteral("pathSuffix")].toString();
    names.sort();
    delete reply;
    return names;
}

// What the first of `pid`'s servers that answers lists in /data/experiments.
QStringList namesServedBy(qint64 pid)
{
    for (quint16 port : listeningPorts(pid)) {
        const QStringList names = namesListedAt(port);
        if (!names.isEmpty())
            return names;
    }
    return {};
}

} // namespace

class tst_Demo : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // settings and the demo directory under ~/.qttest
        QDir(Demo::defaultDirectory()).removeRecursively();
        QCOMPARE(sampleNames().size(), 4);
    }

    void theWindowBrowsesTheSamples()
    {
        MainWindow window;
        window.show();
        window.startDemo();
        QTRY_VERIFY2_WITH_TIMEOUT(window.browser()->currentPath() == QStringLiteral("/data/experiments"),
            qPrintable(window.errorBanner()->message()), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(listedNames(*window.browser()), sampleNames(), 10000);
        QVERIFY2(!window.errorBanner()->isVisible(), qPrintable(window.errorBanner()->message()));
        // A second start keeps the files already there (and serves them again).
        MainWindow again;
        again.startDemo();
        QTRY_COMPARE_WITH_TIMEOUT(listedNames(*again.browser()), sampleNames(), 10000);
    }

    void theProgramStartsOnItsDemo()
    {
        QTemporaryDir home;
        QProcess viewer;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("HOME"), home.path());
        env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
        viewer.setProcessEnvironment(env);
        viewer.start(TestPaths::binDir() + QStringLiteral("/h5hdfs-viewer"), {QStringLiteral("--demo")});
        QVERIFY2(viewer.waitForStarted(), qPrintable(viewer.errorString()));
        // It copied the samples to its data directory and serves them on 127.0.0.1.
        const QString samples
            = home.filePath(QStringLiteral("data/h5hdfs/h5hdfs-viewer/demo/data/experiments"));
        QTRY_COMPARE_WITH_TIMEOUT(
            QDir(samples).entryList({QStringLiteral("*.h5")}, QDir::Files, QDir::Name), sampleNames(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(namesServedBy(viewer.processId()), sampleNames(), 10000);
        // Still up a moment later: the window came up and browses without crashing.
        QVERIFY(!viewer.waitForFinished(1500));
        QCOMPARE(viewer.state(), QProcess::Running);
        viewer.terminate();
        QVERIFY(viewer.waitForFinished(10000));
    }
};

QTEST_MAIN(tst_Demo)
#include "tst_demo.moc"
