#pragma once

#include <QString>

namespace gdas::widgets {

// The failure path of the functions that report through an optional `QString *error`: sets the
// message where one is asked for and returns false, so that `return failWith(error, ...);` ends
// the function.
inline bool failWith(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

} // namespace gdas::widgets
