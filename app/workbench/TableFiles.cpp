#include "TableFiles.h"

#include "widgets/ErrorMessage.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QSaveFile>

namespace gdas::app {

QString tableText(const model::TextTable &table, TableFormat format)
{
    switch (format) {
    case TableFormat::Markdown:
        return QString::fromStdString(model::toMarkdown(table));
    case TableFormat::Latex:
        return QString::fromStdString(model::toLatex(table));
    case TableFormat::Text:
        break;
    }
    return QString::fromStdString(model::toText(table));
}

bool tableFormatOfPath(const QString &path, TableFormat *format)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("md") || suffix == QLatin1String("markdown"))
        *format = TableFormat::Markdown;
    else if (suffix == QLatin1String("tex"))
        *format = TableFormat::Latex;
    else if (suffix == QLatin1String("txt"))
        *format = TableFormat::Text;
    else
        return false;
    return true;
}

QString tableFileFilter()
{
    return QCoreApplication::translate("TableFiles", "Markdown (*.md);;LaTeX (*.tex);;Text (*.txt)");
}

TableFileChoice askTableFile(QWidget *parent, const QString &title, const QString &suggested)
{
    QString filter;
    TableFileChoice choice;
    choice.path = QFileDialog::getSaveFileName(parent, title, suggested, tableFileFilter(), &filter);
    TableFormat format;
    if (!choice.path.isEmpty() && !tableFormatOfPath(choice.path, &format)) {
        choice.path += filter.contains(QLatin1String("*.tex"))   ? QStringLiteral(".tex")
                       : filter.contains(QLatin1String("*.txt")) ? QStringLiteral(".txt")
                                                                 : QStringLiteral(".md");
        choice.replace = false;
    }
    return choice;
}

bool refuseExistingFile(const QString &path, bool replace, QString *error)
{
    if (!replace && QFileInfo::exists(path))
        return widgets::failWith(error, QCoreApplication::translate("TableFiles", "%1 exists; choose another file name")
                                            .arg(QDir::toNativeSeparators(path)));
    return true;
}

bool writeExportFile(const QString &path, const QByteArray &content, bool replace, QString *error)
{
    if (!refuseExistingFile(path, replace, error))
        return false;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size() || !file.commit())
        return widgets::failWith(error, QCoreApplication::translate("TableFiles", "%1: cannot write (%2)")
                                            .arg(QDir::toNativeSeparators(path), file.errorString()));
    return true;
}

bool writeTableFile(const QString &path, const model::TextTable &table, bool replace, QString *error)
{
    TableFormat format;
    if (!tableFormatOfPath(path, &format))
        return widgets::failWith(
            error, QCoreApplication::translate("TableFiles", "%1: unknown table format (use .md, .tex or .txt)")
                       .arg(QDir::toNativeSeparators(path)));
    return writeExportFile(path, tableText(table, format).toUtf8(), replace, error);
}

} // namespace gdas::app
