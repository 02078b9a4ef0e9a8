#include "TimeStamp.h"

#include <ctime>

namespace gdas::model {

std::string timeStampNow(const char *format, TimeZone zone)
{
    const std::time_t now = std::time(nullptr);
    std::tm parts{};
    if (zone == TimeZone::Utc)
        gmtime_r(&now, &parts);
    else
        localtime_r(&now, &parts);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, format, &parts);
    return stamp;
}

} // namespace gdas::model
