#pragma once

#include <torch/types.h>

#include <vector>

namespace gdas::engine {

// Collectives are cheapest on one large buffer: these pack many tensors (any memory format,
// channels-last included) into flat buffers, one per dtype, and copy results back.
struct CoalescedGroup {
    std::vector<torch::Tensor> members; // the original tensors, in order
    torch::Tensor flat;                 // 1-D, contiguous, the members' values in logical order
};

// Groups `tensors` by dtype (first-appearance order) and packs each group. No autograd.
std::vector<CoalescedGroup> coalesce(const std::vector<torch::Tensor> &tensors);
// Copies each group's flat buffer back into its members (in place; no autograd).
void scatterBack(const std::vector<CoalescedGroup> &groups);

} // namespace gdas::engine
