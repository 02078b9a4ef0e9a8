#pragma once

#include <string>

namespace gdas::model {

enum class TimeZone { Utc, Local };

// The time now, written with strftime's `format` (at most 31 characters).
std::string timeStampNow(const char *format, TimeZone zone);

} // namespace gdas::model
