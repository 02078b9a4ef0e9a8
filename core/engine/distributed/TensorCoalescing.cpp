#include "TensorCoalescing.h"

#include <torch/torch.h>

namespace gdas::engine {

std::vector<CoalescedGroup> coalesce(const std::vector<torch::Tensor> &tensors)
{
    torch::NoGradGuard noGrad;
    std::vector<CoalescedGroup> groups;
    std::vector<std::vector<torch::Tensor>> pieces;
    for (const auto &t : tensors) {
        std::size_t g = 0;
        while (g < groups.size() && groups[g].members.front().scalar_type() != t.scalar_type())
            ++g;
        if (g == groups.size()) {
            groups.emplace_back();
            pieces.emplace_back();
        }
        groups[g].members.push_back(t);
        // reshape copies a channels-last tensor into logical (NCHW) order; scatterBack undoes it.
        pieces[g].push_back(t.detach().reshape({-1}));
    }
    for (std::size_t g = 0; g < groups.size(); ++g)
        groups[g].flat = pieces[g].size() == 1 ? pieces[g][0].contiguous().clone() : torch::cat(pieces[g]);
    return groups;
}

void scatterBack(const std::vector<CoalescedGroup> &groups)
{
    torch::NoGradGuard noGrad;
    for (const auto &group : groups) {
        std::int64_t offset = 0;
        for (const auto &member : group.members) {
            const std::int64_t n = member.numel();
            member.detach().copy_(group.flat.narrow(0, offset, n).view(member.sizes()));
            offset += n;
        }
    }
}

} // namespace gdas::engine
