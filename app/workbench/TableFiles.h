#pragma once

#include "model/TextTable.h"

#include <QString>

class QWidget;

namespace gdas::app {

// How a table is written: GitHub Markdown, a LaTeX (booktabs) table, or aligned plain text.
enum class TableFormat { Markdown, Latex, Text };

QString tableText(const model::TextTable &table, TableFormat format);
// By the file's suffix: .md (Markdown), .tex (LaTeX), .txt (text); false for anything else.
bool tableFormatOfPath(const QString &path, TableFormat *format);
QString tableFileFilter(); // "Markdown (*.md);;LaTeX (*.tex);;Text (*.txt)"

// The save dialog of a table export (`title`, starting at `suggested`); an empty path when
// cancelled. A name without a table suffix gets the chosen filter's, and since the dialog asked
// only about the name as given, `replace` is then false: that file is never replaced.
struct TableFileChoice {
    QString path;
    bool replace = true;
};
TableFileChoice askTableFile(QWidget *parent, const QString &title, const QString &suggested);

// Writes `text` (UTF-8) through a temporary file renamed into place. An existing file is
// replaced only with `replace` (a file dialog asked the user); otherwise refused, and left as
// it was. False and `error` naming the file and the problem.
bool writeExportFile(const QString &path, const QByteArray &text, bool replace, QString *error);
// False and `error` when `path` exists and `replace` is not set.
bool refuseExistingFile(const QString &path, bool replace, QString *error);

// A table as a file, its format by suffix (tableFormatOfPath).
bool writeTableFile(const QString &path, const model::TextTable &table, bool replace, QString *error);

} // namespace gdas::app
