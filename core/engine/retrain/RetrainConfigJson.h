#pragma once

#include "engine/RetrainSession.h"

#include <nlohmann/json.hpp>

#include <string>

namespace gdas::engine {

// config.json of a retrain run: kind "retrain", algorithm "retrain", the space, the genotype
// (as its JSON object), every setting, and the facts of the run (device, versions, sizes) that
// the caller adds. Reading checks every key so a resume rebuilds exactly the same network.
nlohmann::json retrainConfigToJson(const RetrainConfig &config);
// `source` names the file for messages; throws InputError on a missing or mistyped key.
RetrainConfig retrainConfigFromJson(const nlohmann::json &json, const std::string &source);

} // namespace gdas::engine
