#include "GradientAverager.h"

#include "DistributedContext.h"
#include "TensorCoalescing.h"

#include <torch/torch.h>

namespace gdas::engine {

GradientAverager::GradientAverager(DistributedContext &context) : m_context(context) {}

int GradientAverager::worldSize() const { return m_context.worldSize(); }

void GradientAverager::average(const std::vector<torch::Tensor> &parameters, const std::string &what)
{
    std::vector<torch::Tensor> grads;
    for (const auto &p : parameters)
        if (p.grad().defined())
            grads.push_back(p.grad());
    if (grads.empty())
        return;
    auto groups = coalesce(grads);
    for (auto &group : groups) {
        m_context.allreduceSum(group.flat, what);
        group.flat.div_(static_cast<double>(m_context.worldSize()));
    }
    scatterBack(groups);
}

} // namespace gdas::engine
