#pragma once

#include <string>

namespace gdas::engine {

// The workbench's own folder `leaf` under one of the user's XDG base directories: the path in
// $`overrideVariable` when set; else $`xdgVariable`/gdas-workbench/`leaf`; else
// $HOME/`homeDefault`/gdas-workbench/`leaf` (`homeDefault` being the XDG default, e.g.
// ".local/share"); empty when none of these variables is set.
std::string xdgUserFolder(const char *overrideVariable, const char *xdgVariable, const char *homeDefault,
                          const char *leaf);

} // namespace gdas::engine
