#include "DropPath.h"

#include <stdexcept>

namespace gdas::engine {

torch::Tensor dropPath(const torch::Tensor &x, double probability, at::Generator &generator)
{
    if (probability <= 0.0)
        return x;
    if (probability >= 1.0)
        throw std::invalid_argument("drop-path probability must be below 1, got " + std::to_string(probability));
    const double keep = 1.0 - probability;
    std::vector<std::int64_t> maskShape(static_cast<std::size_t>(x.dim()), 1);
    maskShape[0] = x.size(0);
    torch::Tensor mask = torch::empty(maskShape, torch::kFloat32);
    mask.bernoulli_(keep, generator);
    return x * mask.div_(keep).to(x.options());
}

} // namespace gdas::engine
