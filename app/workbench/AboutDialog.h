#pragma once

#include <QDialog>

class QLabel;

namespace gdas::app {

// Program, Qt and LibTorch versions and the device a search would use, with a button that
// copies them for a bug report.
class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget *parent = nullptr);

    // "GDAS Workbench 0.1.0\nQt 6.4.2 (built with 6.4.2)\nLibTorch 1.13.0\nDevice cpu (2 threads)"
    QString versionsText() const { return m_versions; }

private:
    QString m_versions;
};

} // namespace gdas::app
