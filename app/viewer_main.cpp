// SPDX-License-Identifier: MIT
#include "mainwindow.h"
#include "webhdfs/hadoopconfig.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("h5hdfs-viewer"));
    QApplication::setOrganizationName(QStringLiteral("h5hdfs"));
    QApplication::setApplicationVersion(QStringLiteral(H5HDFS_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("View HDF5 files from HDFS or local disk, in memory."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({QStringLiteral("demo"), QStringLiteral("Open the bundled sample file.")});
    parser.addPositionalArgument(
        QStringLiteral("files"), QStringLiteral("HDF5 files to open."), QStringLiteral("[FILE...]"));
    parser.process(app);

    MainWindow window;
    if (parser.isSet(QStringLiteral("demo")))
        window.startDemo();
    for (const QString& argument : parser.positionalArguments()) {
        if (HadoopConfig::isRemote(argument)) // local files first, as before
            window.openUrl(argument);
        else
            window.openLocalFile(argument);
    }
    window.show();
    return QApplication::exec();
}
