#include "DropPath.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace gdas::engine {

torch::Tensor perSample(const torch::Tensor &factor, const torch::Tensor &x)
{
    std::vector<std::int64_t> shape(static_cast<std::size_t>(x.dim()), 1);
    shape[0] = x.size(0);
    return factor.view(shape).to(x.options());
}

torch::Tensor dropPathScales(std::int64_t batch, double probability, at::Generator &generator)
{
    if (probability <= 0.0 || probability >= 1.0)
        throw std::invalid_argument("drop-path probability must lie in (0, 1), got " + std::to_string(probability));
    const double keep = 1.0 - probability;
    torch::Tensor mask = torch::empty({batch}, torch::kFloat32);
    mask.bernoulli_(keep, generator);
    return mask.div_(keep);
}

torch::Tensor dropPath(const torch::Tensor &x, double probability, at::Generator &generator)
{
    if (probability <= 0.0)
        return x;
    if (probability >= 1.0)
        throw std::invalid_argument("drop-path probability must be below 1, got " + std::to_string(probability));
    return x * perSample(dropPathScales(x.size(0), probability, generator), x);
}

} // namespace gdas::engine
