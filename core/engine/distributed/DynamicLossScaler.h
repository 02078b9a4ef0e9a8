#pragma once

#include <torch/types.h>

#include <cstdint>

namespace gdas::engine {

// Dynamic loss scaling for fp16 autocast, what torch.cuda.amp.GradScaler does (that class has
// no C++ counterpart): the loss is multiplied by a large scale before backward so that small
// fp16 gradients do not flush to zero; the gradients are divided by it again before clipping;
// a step whose gradients overflowed is skipped and the scale halved; after `growthInterval`
// good steps in a row the scale doubles. Deciding to skip reads one value from the device,
// the one host synchronisation fp16 costs per optimiser step (GradScaler has it too).
class DynamicLossScaler {
public:
    explicit DynamicLossScaler(bool enabled, double initialScale = 65536.0, std::int64_t growthInterval = 2000);

    bool enabled() const { return m_enabled; }
    double scale() const { return m_enabled ? m_scale : 1.0; }
    std::int64_t goodSteps() const { return m_goodSteps; }
    torch::Tensor scaled(const torch::Tensor &loss) const; // loss * scale (loss when disabled)
    // Takes the total norm of the unscaled gradients (a 0-d device tensor): false when it is
    // not finite (skip the optimiser step). Updates the scale. Always true when disabled.
    bool update(const torch::Tensor &gradientNorm);
    // For checkpoints: a resumed run continues with the same scale.
    void setState(double scale, std::int64_t goodSteps);

private:
    bool m_enabled;
    double m_scale;
    std::int64_t m_growthInterval;
    std::int64_t m_goodSteps = 0;
};

} // namespace gdas::engine
