#include "DynamicLossScaler.h"

#include "engine/EngineError.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace gdas::engine {

namespace {
// GradScaler's defaults: halve on overflow, double after 2000 clean steps.
constexpr double kBackoff = 0.5;
constexpr double kGrowth = 2.0;
constexpr double kMinScale = 1.0 / 65536.0;
} // namespace

DynamicLossScaler::DynamicLossScaler(bool enabled, double initialScale, std::int64_t growthInterval)
    : m_enabled(enabled), m_scale(initialScale), m_growthInterval(growthInterval)
{
    if (!(initialScale > 0) || !std::isfinite(initialScale) || growthInterval < 1)
        throw InputError("loss scaler: the scale must be positive and finite, the growth interval at least 1");
}

torch::Tensor DynamicLossScaler::scaled(const torch::Tensor &loss) const { return m_enabled ? loss * m_scale : loss; }

bool DynamicLossScaler::update(const torch::Tensor &gradientNorm)
{
    if (!m_enabled)
        return true;
    const bool finite = std::isfinite(gradientNorm.item<double>());
    if (!finite) {
        // Far below any useful scale: the loss itself is not finite, which the session reports.
        m_scale = std::max(m_scale * kBackoff, kMinScale);
        m_goodSteps = 0;
        return false;
    }
    if (++m_goodSteps >= m_growthInterval) {
        m_scale *= kGrowth;
        m_goodSteps = 0;
    }
    return true;
}

void DynamicLossScaler::setState(double scale, std::int64_t goodSteps)
{
    if (!(scale > 0) || !std::isfinite(scale) || goodSteps < 0)
        throw InputError("loss scaler state out of range (scale " + std::to_string(scale) + ", good steps " +
                         std::to_string(goodSteps) + ")");
    m_scale = scale;
    m_goodSteps = goodSteps;
}

} // namespace gdas::engine
