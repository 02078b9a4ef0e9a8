#include "WelcomePage.h"

#include <QCommandLinkButton>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QListWidget>
#include <QVBoxLayout>

namespace gdas::app {

namespace {

// One of the page's large buttons: a title, a line that says what it does, an icon from the
// resources; `objectName` is what the tests find it by.
QCommandLinkButton *makeLinkButton(const QString &title, const QString &description, const QString &objectName,
                                   const QString &iconPath, QWidget *parent)
{
    auto *button = new QCommandLinkButton(title, description, parent);
    button->setObjectName(objectName);
    button->setIcon(QIcon(iconPath));
    return button;
}

} // namespace

WelcomePage::WelcomePage(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("WelcomePage"));
    // A column of readable width in the middle, however wide the window.
    auto *outer = new QHBoxLayout(this);
    auto *column = new QVBoxLayout;
    outer->addStretch(1);
    outer->addLayout(column, 4);
    outer->addStretch(1);

    auto *header = new QHBoxLayout;
    auto *iconLabel = new QLabel(this);
    const int iconSide = 4 * fontMetrics().height();
    iconLabel->setPixmap(QIcon(QStringLiteral(":/gdas/icons/gdas-workbench.svg")).pixmap(iconSide, iconSide));
    header->addWidget(iconLabel, 0, Qt::AlignTop);
    auto *title = new QLabel(this);
    title->setObjectName(QStringLiteral("welcomeTitle"));
    title->setWordWrap(true);
    title->setTextFormat(Qt::RichText);
    title->setText(tr("<h1>GDAS Workbench</h1>"
                      "<p>GDAS searches for a neural network cell: on every edge it samples one candidate "
                      "operation with a Gumbel-softmax and learns which operations to keep.</p>"
                      "<p>Watch a search learn, epoch by epoch: loss and accuracy curves, the cell graph "
                      "and its architecture weights. Pause, stop and resume it at any step.</p>"
                      "<p>Export the genotype and paper figures, open runs written on a GPU server, "
                      "retrain a cell and compare it with the published ones.</p>"));
    header->addWidget(title, 1);
    column->addStretch(1);
    column->addLayout(header);
    column->addSpacing(fontMetrics().height());

    m_quickLook = makeLinkButton(tr("&Quick look on Fashion-MNIST"),
                                 tr("Start a small live search now: NAS-Bench-201 space, 2,000 "
                                    "images, 15 short epochs; about a minute on two CPU cores."),
                                 QStringLiteral("quickLookButton"), QStringLiteral(":/gdas/icons/start.svg"), this);
    m_quickLook->setToolTip(tr("Runs the quick-look preset (as gdas-workbench --quick-look) and writes "
                               "its run directory under ~/gdas-runs"));
    m_open = makeLinkButton(tr("&Open a run directory"),
                            tr("Show a finished run, or follow one that another process, e.g. "
                               "`gdas search` on a GPU server, is still writing."),
                            QStringLiteral("openRunButton"), QStringLiteral(":/gdas/icons/open-run.svg"), this);
    m_compare = makeLinkButton(tr("&Compare published cells"),
                               tr("DARTS V2 and GDAS side by side, with their differences "
                                  "and parameter counts."),
                               QStringLiteral("compareCellsButton"), QStringLiteral(":/gdas/icons/compare.svg"), this);
    for (QCommandLinkButton *button : {m_quickLook, m_open, m_compare})
        column->addWidget(button);
    // Some styles (Fusion among them) draw no focus on a command link: keyboard users need to
    // see where Enter goes. Palette roles keep it right in light and dark palettes.
    setStyleSheet(
        QStringLiteral("QCommandLinkButton { border: 2px solid transparent; border-radius: 5px; padding: 6px; }"
                       "QCommandLinkButton:hover { border-color: palette(mid); }"
                       "QCommandLinkButton:focus { border-color: palette(highlight); }"));

    m_recentTitle = new QLabel(tr("<b>Recent runs</b>"), this);
    column->addSpacing(fontMetrics().height() / 2);
    column->addWidget(m_recentTitle);
    m_recent = new QListWidget(this);
    m_recent->setObjectName(QStringLiteral("recentRunsList"));
    m_recent->setToolTip(tr("Press Enter or double-click to open a run"));
    m_recent->setMaximumHeight(8 * fontMetrics().height());
    m_recentTitle->setBuddy(m_recent);
    column->addWidget(m_recent);
    column->addStretch(2);

    setTabOrder(m_quickLook, m_open);
    setTabOrder(m_open, m_compare);
    setTabOrder(m_compare, m_recent);

    connect(m_quickLook, &QCommandLinkButton::clicked, this, &WelcomePage::quickLookRequested);
    connect(m_open, &QCommandLinkButton::clicked, this, &WelcomePage::openRequested);
    connect(m_compare, &QCommandLinkButton::clicked, this, &WelcomePage::compareRequested);
    connect(m_recent, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *item) { emit recentRunRequested(item->data(Qt::UserRole).toString()); });
    setRecentRuns({});
}

void WelcomePage::setRecentRuns(const QStringList &directories)
{
    m_recent->clear();
    for (const QString &dir : directories) {
        auto *item =
            new QListWidgetItem(tr("%1 — %2").arg(QFileInfo(dir).fileName(), QDir::toNativeSeparators(dir)), m_recent);
        item->setData(Qt::UserRole, dir);
        item->setToolTip(QDir::toNativeSeparators(dir));
    }
    m_recentTitle->setVisible(!directories.isEmpty());
    m_recent->setVisible(!directories.isEmpty());
}

void WelcomePage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // Keyboard users start on the first offer: Enter starts the quick look, Tab moves on.
    m_quickLook->setFocus(Qt::OtherFocusReason);
}

} // namespace gdas::app
