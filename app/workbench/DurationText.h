#pragma once

#include <QString>

namespace gdas::app {

// A duration for the status bars: "4:07" under an hour, "1:04:07" from an hour on, "—" when
// unknown (negative or not finite). Not translated: digits and colons read alike everywhere.
QString formatDuration(double seconds);

} // namespace gdas::app
