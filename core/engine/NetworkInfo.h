#pragma once

#include "model/Genotype.h"

#include <cstdint>
#include <string>

namespace gdas::engine {

// The evaluation network built for a genotype. DARTS-space genotypes give DARTS's
// NetworkCIFAR (or NetworkImageNet with `imagenet`), NAS-Bench-201 ones the benchmark's
// TinyNetwork (stem, 3 stages of N cells, residual reduction blocks).
struct NetworkSpec {
    model::Genotype genotype;
    int channels = 0; // C; 0: 36 (CIFAR layout), 48 (ImageNet layout), 16 (NAS-Bench-201)
    int layers = 0;   // DARTS: cells in all (0: 20, ImageNet 14); NAS-Bench-201: cells per stage N (0: 5)
    int classes = 10;
    int inChannels = 3; // 1 for Fashion-MNIST: the stem convolution then reads one channel
    int inputHeight = 32;
    int inputWidth = 32;
    bool auxiliary = true; // auxiliary head after 2/3 of the depth (DARTS space only)
    bool imagenet = false; // NetworkImageNet layout: 3-conv stem that divides the side by 8

    // Fills the 0 defaults from the genotype's space; throws InputError on impossible values
    // (too few layers, an input too small for the reductions or the auxiliary head).
    void resolveDefaults();
    std::string layoutName() const; // "NetworkCIFAR", "NetworkImageNet" or "TinyNetwork"
};

// Sizes counted the way the DARTS and GDAS papers count them: parameters without the
// auxiliary head (DARTS's count_parameters_in_MB skips every name holding "auxiliary"), and
// multiply-adds of the convolutions and the classifier for one image in inference (no head).
struct NetworkInfo {
    NetworkSpec spec;            // with its defaults filled
    std::int64_t parameters = 0; // without the auxiliary head
    std::int64_t parametersWithAuxiliary = 0;
    std::int64_t multiplyAdds = 0;          // one image, inference
    std::int64_t auxiliaryMultiplyAdds = 0; // the head's, training only
    int cells = 0;                          // cells built (NAS-Bench-201: including reduction blocks)
};

// Builds the network on the CPU and measures it. Throws InputError / model::GenotypeError.
NetworkInfo describeNetwork(NetworkSpec spec);

} // namespace gdas::engine
