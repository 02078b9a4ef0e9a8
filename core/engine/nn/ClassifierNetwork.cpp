#include "ClassifierNetwork.h"

#include "EvalNetwork.h"
#include "Nb201Network.h"

namespace gdas::engine {

std::shared_ptr<ClassifierNetwork> makeClassifierNetwork(const NetworkSpec &spec)
{
    if (spec.genotype.space == model::SpaceKind::NasBench201)
        return std::make_shared<Nb201NetworkImpl>(spec);
    return std::make_shared<EvalNetworkImpl>(spec);
}

std::int64_t countParameters(const torch::nn::Module &network, bool withAuxiliary)
{
    std::int64_t total = 0;
    for (const auto &item : network.named_parameters(/*recurse=*/true)) {
        if (!withAuxiliary && item.key().find("auxiliary") != std::string::npos)
            continue;
        total += item.value().numel();
    }
    return total;
}

NetworkInfo measureNetwork(const ClassifierNetwork &network)
{
    NetworkInfo info;
    info.spec = network.spec();
    info.parameters = countParameters(network, false);
    info.parametersWithAuxiliary = countParameters(network, true);
    info.multiplyAdds = network.multiplyAdds(false);
    info.auxiliaryMultiplyAdds = network.multiplyAdds(true) - info.multiplyAdds;
    // NAS-Bench-201 counts its two residual reduction blocks among the cells, as TinyNetwork does.
    info.cells =
        info.spec.genotype.space == model::SpaceKind::NasBench201 ? 3 * info.spec.layers + 2 : info.spec.layers;
    return info;
}

} // namespace gdas::engine
