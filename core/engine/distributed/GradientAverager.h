#pragma once

#include <torch/types.h>

#include <string>
#include <vector>

namespace gdas::engine {

class DistributedContext;

// Data-parallel gradient averaging: after each rank's backward pass on its shard of the batch,
// every defined gradient becomes the mean over the ranks (one coalesced all-reduce per dtype,
// then a division by the world size), so clipping and the optimiser step see what one process
// would see for the whole batch. Parameters without a gradient are left out; every rank must
// have the same set, which holds because all ranks sample the same architecture.
class GradientAverager {
public:
    explicit GradientAverager(DistributedContext &context);
    int worldSize() const;
    // `what` names the gradients in error messages ("weight gradients").
    void average(const std::vector<torch::Tensor> &parameters, const std::string &what);

private:
    DistributedContext &m_context;
};

} // namespace gdas::engine
