#pragma once

#include "engine/SearchConfig.h"

class QSettings;

namespace gdas::app {

// Every field of a SearchConfig under the settings' current group; reading starts from
// `fallback` so settings written by an older version fill in only what they hold.
void writeSearchConfig(QSettings &settings, const engine::SearchConfig &config);
engine::SearchConfig readSearchConfig(const QSettings &settings, const engine::SearchConfig &fallback);

} // namespace gdas::app
