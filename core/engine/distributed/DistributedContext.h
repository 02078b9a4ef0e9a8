#pragma once

#include "engine/Distributed.h"

#include <torch/types.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace gdas::engine {

// This process's membership in a data-parallel job: a c10d TCPStore (served by rank 0 at
// MASTER_ADDR:MASTER_PORT) and a process group over it — NCCL for CUDA tensors when this
// LibTorch build has it, Gloo otherwise. Every collective waits at most `timeout`; a rank that
// died, stopped early or hangs makes the others throw RuntimeFailure naming this rank, the
// operation and the cause, instead of blocking forever.
class DistributedContext {
public:
    DistributedContext(const DistributedInfo &info, const torch::Device &device, std::chrono::seconds timeout);
    ~DistributedContext();
    DistributedContext(const DistributedContext &) = delete;
    DistributedContext &operator=(const DistributedContext &) = delete;

    // Joins the job that the environment describes; nullptr when WORLD_SIZE is unset or 1.
    static std::unique_ptr<DistributedContext> fromEnvironment(const torch::Device &device,
                                                               std::chrono::seconds timeout);
    // Whether this build can join a job whose tensors live on `device` (Gloo or NCCL compiled in).
    static bool backendAvailable(const torch::Device &device);

    const DistributedInfo &info() const;
    int rank() const;
    int worldSize() const;
    std::string backendName() const; // "gloo" or "nccl"
    std::string describe() const;    // "rank 1 of 2 (gloo via 127.0.0.1:29500)"

    // In place, over all ranks. `what` names the data in error messages.
    void allreduceSum(torch::Tensor &tensor, const std::string &what);
    // Every rank's tensors get rank 0's values (coalesced per dtype, any memory format).
    void broadcastFromRank0(const std::vector<torch::Tensor> &tensors, const std::string &what);
    // One coalesced all-reduce (sum) over many tensors, each updated in place.
    void allreduceSum(const std::vector<torch::Tensor> &tensors, const std::string &what);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace gdas::engine
