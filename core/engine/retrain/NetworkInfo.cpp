#include "engine/NetworkInfo.h"

#include "engine/EngineError.h"
#include "engine/nn/ClassifierNetwork.h"

#include "model/GenotypeFormats.h"

#include <torch/utils.h>

#include <string>

namespace gdas::engine {

void NetworkSpec::resolveDefaults()
{
    genotype.validate();
    const bool nb201 = genotype.space == model::SpaceKind::NasBench201;
    if (nb201 && imagenet)
        throw InputError("the ImageNet layout is for DARTS-space genotypes, not NAS-Bench-201 ones");
    if (channels == 0)
        channels = nb201 ? 16 : (imagenet ? 48 : 36);
    if (layers == 0)
        layers = nb201 ? 5 : (imagenet ? 14 : 20);
    if (nb201)
        auxiliary = false;
    if (channels < 2)
        throw InputError("channels must be at least 2, got " + std::to_string(channels));
    if (nb201 ? layers < 1 : layers < 3)
        throw InputError(std::string(nb201 ? "cells per stage" : "layers") + " must be at least " +
                         (nb201 ? "1" : "3") + ", got " + std::to_string(layers));
    if (classes < 2)
        throw InputError("classes must be at least 2, got " + std::to_string(classes));
    if (inChannels < 1)
        throw InputError("input channels must be at least 1, got " + std::to_string(inChannels));
    if (inputHeight < 8 || inputWidth < 8)
        throw InputError("input side must be at least 8, got " + std::to_string(inputHeight) + "x" +
                         std::to_string(inputWidth));
}

std::string NetworkSpec::layoutName() const
{
    if (genotype.space == model::SpaceKind::NasBench201)
        return "TinyNetwork";
    return imagenet ? "NetworkImageNet" : "NetworkCIFAR";
}

NetworkInfo describeNetwork(NetworkSpec spec)
{
    spec.resolveDefaults();
    torch::NoGradGuard noGrad;
    return measureNetwork(*makeClassifierNetwork(spec));
}

} // namespace gdas::engine
