#include "UserFolders.h"

#include <cstdlib>
#include <filesystem>

namespace fs = std::filesystem;

namespace gdas::engine {

std::string xdgUserFolder(const char *overrideVariable, const char *xdgVariable, const char *homeDefault,
                          const char *leaf)
{
    if (const char *folder = std::getenv(overrideVariable); folder && *folder)
        return folder;
    if (const char *xdg = std::getenv(xdgVariable); xdg && *xdg)
        return (fs::path(xdg) / "gdas-workbench" / leaf).string();
    if (const char *home = std::getenv("HOME"); home && *home)
        return (fs::path(home) / homeDefault / "gdas-workbench" / leaf).string();
    return {};
}

} // namespace gdas::engine
