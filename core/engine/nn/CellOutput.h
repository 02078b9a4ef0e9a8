#pragma once

#include <torch/types.h>

#include <array>
#include <cstdint>
#include <functional>
#include <vector>

namespace gdas::engine {

// A DARTS evaluation cell's node: the sum of its two op outputs, each times a per-sample factor
// (dropPathScales) or, where the factor is undefined, as it is: a * scaleA[n] + b * scaleB[n].
// On the CPU in float32, with a and b laid out alike (contiguous or channels-last), one pass
// writes the sum, where drop-path as DARTS writes it takes three (each product, then their
// sum); with `out` (CellOutput::slot) the pass writes straight into the cell's output. The
// backward is the products' (each gradient times its factor; an unscaled term passes the node's
// gradient on unchanged). Elsewhere, or when `out` does not fit, the plain composition in a
// tensor of its own. With neither factor defined the values are a + b, bit for bit.
torch::Tensor scaledPairSum(const torch::Tensor &a, const torch::Tensor &scaleA, const torch::Tensor &b,
                            const torch::Tensor &scaleB, const torch::Tensor &out = {});

// scaledPairSum's backward: the node's gradient g times each factor (g itself where a factor is
// undefined), both from one read of g where both are defined. GDAS_PAIRED_NODE_BACKWARD=0
// makes them apart.
std::array<torch::Tensor, 2> scaledPairGradients(const torch::Tensor &g, const torch::Tensor &scaleA,
                                                 const torch::Tensor &scaleB);

// f(n, first, last) for the pixels [first, last) of sample n, over every sample and pixel of a
// node of `batch` samples, `pixels` pixels and `width` floats per pixel: in parallel, in units
// of about 32K floats that never cross a sample's edge.
void forNodeBlocks(std::int64_t batch, std::int64_t pixels, std::int64_t width,
                   const std::function<void(std::int64_t, std::int64_t, std::int64_t)> &f);

// [N, C, H, W] with strides [sN, 1, W * sP, sP], sP >= C and sN >= H * W * sP: channels-last,
// dense (sP == C) or a channel slot of a wider channels-last tensor.
bool channelsLastRows(const torch::Tensor &t);

// Whether t is [N, C, H, W] channels-last with a pixel stride wider than C: a channel slot of
// a wider channels-last tensor (CellOutput::slot), not a dense tensor.
bool isChannelSlot(const torch::Tensor &t);

// An evaluation cell's output, cat(states of `concat`, dim=1), without the copy: on the CPU in
// float32 channels-last, the output is allocated at the first node, and each node that the
// concat names writes its sum into its own channels of it (slot()). finish() then copies only
// what is not there yet (a state 0 or 1, a node named twice, a node whose sum could not be made
// in place) and returns the output, whose backward hands each state its channels of the
// gradient, as cat's does. Elsewhere it is torch::cat.
class CellOutput {
public:
    // concat: the states the output concatenates, in order.
    explicit CellOutput(const std::vector<int> &concat) : m_concat(concat) {}

    // Where node `state` writes its sum, shaped like `like` (its ops' output); undefined where the
    // concat does not name it or the in-place path does not apply.
    torch::Tensor slot(int state, const torch::Tensor &like);
    // The concatenation of `states` (the states the concat names, in its order).
    torch::Tensor finish(const std::vector<torch::Tensor> &states);

private:
    std::vector<int> m_concat;
    torch::Tensor m_buffer; // [N, concat.size() * C, H, W], channels-last; once allocated
    std::int64_t m_channels = 0;
};

} // namespace gdas::engine
