#include "DataFolderCheck.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace gdas::app {

QList<QStringList> expectedDataFiles(const QString &dataset)
{
    QList<QStringList> files;
    if (dataset == QLatin1String("fashion-mnist")) {
        for (const char *base : {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                                 "t10k-labels-idx1-ubyte"}) {
            const QString name = QLatin1String(base);
            files.append({name + QLatin1String(".gz"), name});
        }
    } else if (dataset == QLatin1String("cifar10")) {
        for (int i = 1; i <= 5; ++i)
            files.append({QStringLiteral("data_batch_%1.bin").arg(i)});
        files.append({QStringLiteral("test_batch.bin")});
    } else if (dataset == QLatin1String("cifar100")) {
        files.append({QStringLiteral("train.bin")});
        files.append({QStringLiteral("test.bin")});
    }
    return files;
}

namespace {

// The engine's lookup (engine/data/ImageDataset.cpp): $GDAS_DATA_DIR, else
// $XDG_DATA_HOME/gdas-workbench/datasets, else ~/.local/share/gdas-workbench/datasets.
QString userDataRoot()
{
    const QString root = qEnvironmentVariable("GDAS_DATA_DIR");
    if (!root.isEmpty())
        return root;
    const QString xdg = qEnvironmentVariable("XDG_DATA_HOME");
    if (!xdg.isEmpty())
        return QDir(xdg).filePath(QStringLiteral("gdas-workbench/datasets"));
    return QDir::home().filePath(QStringLiteral(".local/share/gdas-workbench/datasets"));
}

// CIFAR archives unpack into these; the engine also looks inside them.
QString archiveSubfolder(const QString &dataset)
{
    if (dataset == QLatin1String("cifar10"))
        return QStringLiteral("cifar-10-batches-bin");
    if (dataset == QLatin1String("cifar100"))
        return QStringLiteral("cifar-100-binary");
    return {};
}

QStringList missingFiles(const QDir &dir, const QList<QStringList> &expected)
{
    QStringList missing;
    for (const QStringList &spellings : expected) {
        bool found = false;
        for (const QString &name : spellings)
            found = found || QFileInfo(dir.filePath(name)).isFile();
        if (!found)
            missing.append(spellings.constFirst());
    }
    return missing;
}

} // namespace

QString defaultDataFolder(const QString &dataset)
{
    const QString root = qEnvironmentVariable("GDAS_DATA_DIR");
    if (dataset == QLatin1String("fashion-mnist"))
        return root.isEmpty() ? QStringLiteral("/usr/share/datasets/fashion-mnist")
                              : QDir(root).filePath(QStringLiteral("fashion-mnist"));
    const QString sub = archiveSubfolder(dataset);
    return sub.isEmpty() ? QString() : QDir(userDataRoot()).filePath(sub);
}

QString checkDataFolder(const QString &dataset, const QString &folder)
{
    if (dataset == QLatin1String("synthetic"))
        return {};
    if (dataset == QLatin1String("folder")) {
        // The layout itself is checked by the engine (ImageFolderPreview shows what it says).
        if (folder.isEmpty())
            return QCoreApplication::translate("DataFolderCheck", "Choose the folder that holds your images.");
        if (!QFileInfo(folder).isDir())
            return QCoreApplication::translate("DataFolderCheck", "The data folder %1 does not exist.")
                .arg(QDir::toNativeSeparators(folder));
        return {};
    }
    const QList<QStringList> expected = expectedDataFiles(dataset);
    if (expected.isEmpty())
        return QCoreApplication::translate("DataFolderCheck", "Unknown data set “%1”.").arg(dataset);
    const QString dir = folder.isEmpty() ? defaultDataFolder(dataset) : folder;
    if (dir.isEmpty())
        return QCoreApplication::translate("DataFolderCheck", "Choose the folder that holds the %1 files (%2).")
            .arg(dataset, expected.constFirst().constFirst());
    const QFileInfo info(dir);
    if (!info.isDir())
        return QCoreApplication::translate("DataFolderCheck", "The data folder %1 does not exist.")
            .arg(QDir::toNativeSeparators(dir));

    const QDir d(dir);
    QStringList missing = missingFiles(d, expected);
    const QString sub = archiveSubfolder(dataset);
    if (!missing.isEmpty() && !sub.isEmpty() && QFileInfo(d.filePath(sub)).isDir() &&
        missingFiles(QDir(d.filePath(sub)), expected).isEmpty())
        return {};
    if (missing.isEmpty())
        return {};
    return QCoreApplication::translate("DataFolderCheck", "The data folder %1 lacks %2.")
        .arg(QDir::toNativeSeparators(dir), missing.join(QLatin1String(", ")));
}

} // namespace gdas::app
