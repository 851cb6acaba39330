// SPDX-License-Identifier: MIT
#include "installlayout.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <cstdio>

using namespace H5Hdfs;

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("h5hdfs-viewer"));
    QApplication::setOrganizationName(QStringLiteral("h5hdfs"));
    QApplication::setApplicationVersion(QStringLiteral(H5HDFS_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("h5hdfs-viewer"));
    QApplication::setWindowIcon(
        QIcon::fromTheme(QStringLiteral("h5hdfs-viewer"), QIcon(QStringLiteral(":/icons/h5hdfs-viewer-256.png"))));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("View HDF5 files from HDFS or local disk, in memory."));
    parser.addHelpOption();
    const QCommandLineOption version({QStringLiteral("v"), QStringLiteral("version")},
        QStringLiteral("Show the version, the HDF5 library's and the filter plugins found, and exit."));
    parser.addOption(version);
    parser.addOption({QStringLiteral("demo"),
        QStringLiteral("Start a local WebHDFS-compatible server over the bundled sample files and browse "
                       "them.")});
    parser.addPositionalArgument(
        QStringLiteral("files"), QStringLiteral("HDF5 files to open."), QStringLiteral("[FILE...]"));
    parser.process(app);
    if (parser.isSet(version)) {
        // The HDF5 version and the filter plugins come from the worker (this program has no libhdf5).
        std::fputs(qPrintable(InstallLayout::versionReport(
                       QCoreApplication::applicationName(), QCoreApplication::applicationVersion())),
            stdout);
        return 0;
    }

    MainWindow window;
    if (parser.isSet(QStringLiteral("demo")))
        window.startDemo();
    for (const QString& argument : parser.positionalArguments())
        window.openArgument(argument);
    window.show();
    return QApplication::exec();
}
