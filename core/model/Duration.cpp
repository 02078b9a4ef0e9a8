#include "Duration.h"

#include <cmath>
#include <cstdio>

namespace gdas::model {

std::string formatDuration(double seconds, DurationStyle style)
{
    if (!std::isfinite(seconds) || seconds < 0)
        return style == DurationStyle::Units ? "?" : "\u2014";
    const long long s = std::llround(seconds);
    const long long h = s / 3600, m = (s % 3600) / 60, sec = s % 60;
    char buf[48];
    if (style == DurationStyle::Clock) {
        if (h > 0)
            std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", h, m, sec);
        else
            std::snprintf(buf, sizeof buf, "%lld:%02lld", m, sec);
    } else if (h > 0) {
        std::snprintf(buf, sizeof buf, "%lldh%02lldm", h, m);
    } else if (m > 0) {
        std::snprintf(buf, sizeof buf, "%lldm%02llds", m, sec);
    } else {
        std::snprintf(buf, sizeof buf, "%llds", sec);
    }
    return buf;
}

} // namespace gdas::model
