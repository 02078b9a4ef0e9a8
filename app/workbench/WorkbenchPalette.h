#pragma once

#include <QPalette>
#include <QString>

namespace gdas::app {

// "light" or "dark" Fusion palettes, for desktops without a theme (and for checking that every
// view reads its colours from the palette); "system" leaves the platform's palette alone.
// False for an unknown name.
bool applyPalette(const QString &name);
QPalette darkPalette();

} // namespace gdas::app
