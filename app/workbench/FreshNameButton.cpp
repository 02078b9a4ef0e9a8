#include "FreshNameButton.h"

#include "model/OutputFolder.h"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QLineEdit>
#include <QPushButton>

namespace gdas::app {

QPushButton *addFreshNameButton(QDialogButtonBox *buttons, QLineEdit *outputEdit,
                                std::function<std::string()> currentRunDir)
{
    QPushButton *button = buttons->addButton(QCoreApplication::translate("FreshNameButton", "Use a &Fresh Name"),
                                             QDialogButtonBox::ActionRole);
    button->setObjectName(QStringLiteral("freshNameButton"));
    button->setToolTip(QCoreApplication::translate("FreshNameButton",
                                                   "Write to the first free folder name beside the occupied one; "
                                                   "nothing in the occupied folder is touched"));
    button->setVisible(false);
    QObject::connect(button, &QPushButton::clicked, outputEdit, [outputEdit, currentRunDir = std::move(currentRunDir)] {
        const std::string fresh = model::freshFolderName(currentRunDir());
        outputEdit->setText(QDir::toNativeSeparators(QString::fromStdString(fresh)));
    });
    return button;
}

void updateFreshNameButton(QPushButton *button, const std::string &runDir)
{
    bool occupied = false;
    try {
        occupied = model::inspectOutputFolder(runDir).occupied();
    } catch (const model::OutputFolderError &) {
        occupied = true; // unreadable: another name is the way out as well
    }
    button->setVisible(occupied);
}

} // namespace gdas::app
