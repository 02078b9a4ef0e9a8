#include "CellAnimationExport.h"

#include "model/OutputFolder.h"
#include "model/RunRecord.h"
#include "widgets/ErrorMessage.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include <exception>

namespace gdas::app {

bool exportRunAnimation(const QString &runDirectory, const QString &output, bool overwrite, QString *error, int *frames,
                        const widgets::CellAnimation::Progress &progress)
{
    if (frames)
        *frames = 0;
    const QString directory = QDir::cleanPath(runDirectory);
    if (!QFileInfo(directory).isDir())
        return widgets::failWith(
            error, QCoreApplication::translate("gdas::app::CellAnimationExport", "%1: no such run directory")
                       .arg(QDir::toNativeSeparators(directory)));
    model::RunRecord record;
    try {
        record = model::readRunDirectory(directory.toStdString());
    } catch (const std::exception &e) {
        return widgets::failWith(error, QString::fromUtf8(e.what())); // names the file and the problem
    }
    if (record.epochs.empty())
        return widgets::failWith(
            error, QCoreApplication::translate("gdas::app::CellAnimationExport",
                                               "%1: no epoch on record yet, so there is nothing to animate")
                       .arg(QDir::toNativeSeparators(QDir(directory).filePath(QStringLiteral("epochs.jsonl")))));
    // Before any drawing, in the words `gdas` uses for its own exports.
    try {
        model::refuseExistingFile(output.toStdString(), overwrite, "--overwrite");
    } catch (const std::exception &e) {
        return widgets::failWith(error, QString::fromUtf8(e.what()));
    }
    widgets::CellAnimation animation(record);
    if (!animation.write(output, overwrite, error, progress))
        return false;
    if (frames)
        *frames = animation.frameCount();
    return true;
}

} // namespace gdas::app
