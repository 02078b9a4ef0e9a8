#include "OutputFiles.h"

#include "engine/WholeFiles.h"
#include "model/OutputFolder.h"

#include <iostream>

namespace gdas::app {

void moveAsideIfAsked(const std::string &runDir, bool moveAside)
{
    if (!moveAside || !model::inspectOutputFolder(runDir).occupied())
        return;
    const std::string aside = model::moveContentsAside(runDir);
    std::cout << "moved the previous contents of " << runDir << " to " << aside << "\n";
}

void writeExportFile(const std::string &path, const std::string &text, bool overwrite)
{
    model::refuseExistingFile(path, overwrite, "--overwrite");
    engine::writeFileAtomically(path, text);
}

} // namespace gdas::app
