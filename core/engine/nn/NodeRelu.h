#pragma once

// A cell node that later edges read both as it is (skip, pooling, the cell's output) and
// through a ReLU (the convolutions), made by one autograd node instead of a ReLU beside the node.
//
// Autograd would mask the ReLU's gradient in one pass (threshold_backward), add it to the
// gradient of the node's other readers in a second, and a NAS-Bench-201 node's zero-valued
// unsampled term (EdgeWeights::addUnsampled) would sum that gradient in a third. Here one pass
// reads both gradients and the ReLU's output, writes g + mask·g_relu and, where the node has such
// a term, sums what it writes for the term's gradient.
//
// CPU, float32, 4-D channels-last, in grad mode (the search step on the CPU); elsewhere callers keep
// SharedRelu's lazy ReLU. GDAS_FUSED_NODE_RELU=0 turns it off. Values are those of the
// separate passes: threshold_backward's mask (a gradient passes where the ReLU's output is not
// <= 0) and the same float addition; only the unsampled term's sum is taken in double instead of
// ATen's float partial sums.

#include <torch/types.h>

#include <utility>

namespace gdas::engine {

bool nodeReluFusionEnabled();
void setNodeReluFusionEnabled(bool enabled);

// Whether nodeWithRelu fuses for x (see above).
bool nodeReluApplies(const torch::Tensor &x);

// {x, relu(x)} as one autograd node: the first is x itself (a view of it), the second a fresh
// tensor. `zero`, when defined, is a tensor whose value is exactly 0 (a node's unsampled term):
// the first output then stands for x + zero, and zero's gradient is that of the addition, the
// sum of the node's whole gradient. Only where nodeReluApplies(x).
std::pair<torch::Tensor, torch::Tensor> nodeWithRelu(const torch::Tensor &x, const torch::Tensor &zero);

} // namespace gdas::engine
