#pragma once

#include <functional>
#include <string>

class QDialogButtonBox;
class QLineEdit;
class QPushButton;

namespace gdas::app {

// The New Search and Retrain dialogs' "Use a Fresh Name" button: hidden until
// updateFreshNameButton() finds the output folder occupied; a click writes the first free
// name beside it (run, run-2, run-3, ...) into `outputEdit`. Nothing in the folder is touched.
QPushButton *addFreshNameButton(QDialogButtonBox *buttons, QLineEdit *outputEdit,
                                std::function<std::string()> currentRunDir);
void updateFreshNameButton(QPushButton *button, const std::string &runDir);

} // namespace gdas::app
