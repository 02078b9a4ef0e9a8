#pragma once

#include <string>

namespace gdas::app {

// --move-aside: when `runDir` is occupied, moves its contents into a dated sub-folder and says
// where on standard output. Without the flag nothing happens here; the session then refuses an
// occupied folder itself (exit 2), so no path of the CLI writes into one.
void moveAsideIfAsked(const std::string &runDir, bool moveAside);

// Writes a whole export file (a genotype, a bench report): refused with exit 2 when `path`
// exists and `overwrite` is false; written to a temporary file and renamed, so a full disk never
// leaves half a file in place of an old one.
void writeExportFile(const std::string &path, const std::string &text, bool overwrite);

} // namespace gdas::app
