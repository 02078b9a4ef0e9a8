#pragma once

#include <QDialog>
#include <QSize>
#include <QString>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace gdas::app {

// Asks where to write a figure (.svg, .pdf or .png by suffix) and at what size. The size is
// remembered per kind of figure ("cells", "curves", ...).
class FigureExportDialog : public QDialog {
    Q_OBJECT
public:
    FigureExportDialog(const QString &title, const QString &figureKind, const QString &suggestedPath,
                       QWidget *parent = nullptr);

    QString path() const;
    QSize figureSize() const;
    void setPath(const QString &path);
    void setFigureSize(QSize size);

public slots:
    void accept() override;

private:
    void browse();
    void revalidate();

    QString m_kind;
    QString m_replaceConfirmed; // a name the file dialog already asked about
    QLineEdit *m_path = nullptr;
    QSpinBox *m_width = nullptr;
    QSpinBox *m_height = nullptr;
    QLabel *m_unitNote = nullptr;
    QLabel *m_message = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace gdas::app
