#pragma once

#include <nlohmann/json.hpp>

namespace gdas::engine {

// The settings a search's and a retraining's config.json both record, under the same keys:
// how the run was seeded, where and how it ran, how often it logged. `Config` is SearchConfig
// or RetrainConfig.
template <typename Config>
nlohmann::json runSettingsToJson(const Config &c)
{
    return {{"seed", c.seed},
            {"device_requested", c.device},
            {"threads", c.threads},
            {"log_every", c.logEvery},
            {"max_steps_per_epoch", c.maxStepsPerEpoch},
            {"channels_last", c.channelsLast},
            {"deterministic", c.deterministic},
            {"distributed_timeout", c.distributedTimeout}};
}

} // namespace gdas::engine
