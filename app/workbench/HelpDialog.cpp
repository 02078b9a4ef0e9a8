#include "HelpDialog.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QImageReader>
#include <QPushButton>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextCursor>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace gdas::app {

namespace {

// Markdown cannot size a picture, and the screenshots are wider than the dialog: shrink the
// wide ones to `maxWidth` (the height follows).
void fitImages(QTextBrowser *browser, int maxWidth)
{
    QTextDocument *document = browser->document();
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            if (!fragment.charFormat().isImageFormat())
                continue;
            QTextImageFormat image = fragment.charFormat().toImageFormat();
            const QUrl url = browser->source().resolved(QUrl(image.name()));
            const QString file =
                url.scheme() == QLatin1String("qrc") ? QLatin1Char(':') + url.path() : url.toLocalFile();
            if (file.isEmpty())
                continue;
            const QSize size = QImageReader(file).size();
            if (!size.isValid() || size.width() <= maxWidth)
                continue;
            image.setWidth(maxWidth);
            QTextCursor cursor(document);
            cursor.setPosition(fragment.position());
            cursor.setPosition(fragment.position() + fragment.length(), QTextCursor::KeepAnchor);
            cursor.setCharFormat(image);
        }
    }
}

} // namespace

HelpDialog::HelpDialog(QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("HelpDialog"));
    setWindowTitle(tr("GDAS Workbench User Guide"));
    auto *layout = new QVBoxLayout(this);
    m_browser = new QTextBrowser(this);
    m_browser->setOpenExternalLinks(true);
    const int imageWidth = 90 * fontMetrics().averageCharWidth();
    connect(m_browser, &QTextBrowser::sourceChanged, this, [this, imageWidth] { fitImages(m_browser, imageWidth); });
    m_browser->setSource(guideUrl(), QTextDocument::MarkdownResource);
    fitImages(m_browser, imageWidth);
    layout->addWidget(m_browser, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *back = buttons->addButton(tr("&Back"), QDialogButtonBox::ActionRole);
    back->setEnabled(false);
    auto *home = buttons->addButton(tr("&Contents"), QDialogButtonBox::ActionRole);
    home->setToolTip(tr("Back to the start of the user guide"));
    connect(m_browser, &QTextBrowser::backwardAvailable, back, &QPushButton::setEnabled);
    connect(back, &QPushButton::clicked, m_browser, &QTextBrowser::backward);
    connect(home, &QPushButton::clicked, m_browser, &QTextBrowser::home);
    connect(buttons, &QDialogButtonBox::rejected, this, &HelpDialog::reject);
    layout->addWidget(buttons);
    resize(std::max(760, imageWidth + 80), 820);
}

QUrl HelpDialog::guideUrl() { return QUrl(QStringLiteral("qrc:/gdas/help/USER_GUIDE.md")); }

} // namespace gdas::app
