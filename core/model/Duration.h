#pragma once

#include <string>

namespace gdas::model {

// How a duration is written, in one place for the CLI and the workbench.
enum class DurationStyle {
    Units, // the CLI's progress line: "12s", "3m05s", "1h02m"; "?" when unknown
    Clock  // the status bars: "0:12", "3:05", "1:02:07"; "—" when unknown
};

// Unknown: negative or not finite (an ETA before the first steps).
std::string formatDuration(double seconds, DurationStyle style);

} // namespace gdas::model
