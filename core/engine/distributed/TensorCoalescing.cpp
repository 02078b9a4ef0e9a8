#include "TensorCoalescing.h"

#include <torch/csrc/utils/tensor_flatten.h>
#include <torch/torch.h>

namespace gdas::engine {

std::vector<CoalescedGroup> coalesce(const std::vector<torch::Tensor> &tensors)
{
    torch::NoGradGuard noGrad;
    std::vector<CoalescedGroup> groups;
    for (const auto &t : tensors) {
        std::size_t g = 0;
        while (g < groups.size() && groups[g].members.front().scalar_type() != t.scalar_type())
            ++g;
        if (g == groups.size())
            groups.emplace_back();
        groups[g].members.push_back(t);
    }
    for (auto &group : groups) {
        std::vector<torch::Tensor> detached;
        detached.reserve(group.members.size());
        for (const auto &member : group.members)
            detached.push_back(member.detach());
        // ATen's flattening copies a channels-last tensor into logical (NCHW) order (contiguous()),
        // but returns a lone contiguous tensor as a view of itself: a clone keeps the buffer
        // apart from the member until scatterBack, as with several members.
        group.flat = torch::utils::flatten_dense_tensors(detached);
        if (group.flat.is_alias_of(detached.front()))
            group.flat = group.flat.clone();
    }
    return groups;
}

void scatterBack(const std::vector<CoalescedGroup> &groups)
{
    torch::NoGradGuard noGrad;
    for (const auto &group : groups) {
        const std::vector<torch::Tensor> pieces = torch::utils::unflatten_dense_tensors(group.flat, group.members);
        for (std::size_t i = 0; i < pieces.size(); ++i)
            group.members[i].detach().copy_(pieces[i]);
    }
}

} // namespace gdas::engine
