#pragma once

// Layers whose backward keeps less memory than the plain LibTorch composition, at the price of
// recomputing something cheap. A search step's peak memory is almost all tensors saved for
// backward; these two cut what each candidate operation keeps:
//
//  - reluConv2d(x, conv) is conv(relu(x)) keeping x, not relu(x): the backward recomputes the
//    ReLU (one elementwise pass). x is a cell state or a BatchNorm output that is kept anyway
//    (other edges read it), so the ReLU copies of each consumer are no longer kept.
//  - reluSeparableConv2d keeps only x of ReLU -> depthwise -> pointwise: the backward also
//    recomputes the depthwise convolution (cheap next to the pointwise one), unless told to
//    keep it (KeepDepthwiseOutputsGuard, a search's weights step).
//  - normalisedSeparableConv2d, a separable convolution's second half after a BatchNorm that
//    applied its ReLU (the evaluation network's), keeps that BatchNorm's input (kept by the
//    BatchNorm anyway) and its depthwise output instead of its input: as much memory, and no
//    recomputation.
//  - batchNorm(x, bn) for a BatchNorm without affine parameters (the search networks') keeps its
//    output, not its input: with no affine transform the output is the normalised input x̂, which
//    is all the backward needs, together with 1/σ per channel. The output is kept anyway by the
//    next layer or the edge's weighting, so the convolution output before it is freed.
//
// Together they brought a DARTS-space GDAS step (C=16, N=2, batch 64) from about 19 MiB to about
// 11 MiB per image; the weights step's kept depthwise outputs spend about 3.5 MiB of that again
// on speed (docs/ENGINE.md has the numbers). They run on the CPU in float32 with
// autocast off; everywhere else (CUDA, where memory is plentiful and cuDNN's fused BatchNorm is
// faster; mixed precision; inference) these are the plain layers. The results are the same
// computation; only the order of a few floating-point sums in BatchNorm's backward differs.

#include "engine/nn/ChannelsLastBatchNorm.h"

#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/conv.h>
#include <torch/types.h>

#include <vector>

namespace gdas::engine {

// On unless GDAS_LEAN_AUTOGRAD=0; tests turn it off to compare against the plain layers.
bool leanAutogradEnabled();
void setLeanAutogradEnabled(bool enabled);

// While alive, reluSeparableConv2d on this thread keeps its depthwise output for the pointwise
// weight's gradient instead of recomputing it in the backward: faster, and more memory. A
// search's weights step uses it (its step then keeps about as much as the official code's
// 0.3×); the evaluation network does not (its convolutions are wider, its memory nearer the
// bound), nor the arch step (it asks for no weight gradient, so nothing is recomputed anyway).
class KeepDepthwiseOutputsGuard {
public:
    KeepDepthwiseOutputsGuard();
    ~KeepDepthwiseOutputsGuard();
    KeepDepthwiseOutputsGuard(const KeepDepthwiseOutputsGuard &) = delete;
    KeepDepthwiseOutputsGuard &operator=(const KeepDepthwiseOutputsGuard &) = delete;

private:
    bool m_previous;
};

// conv(relu(x[:, :, shift:, shift:])) with the module's weight, bias and geometry. With
// inputIsRelu, x is relu'd already (a ReLU shared by several layers, see SharedRelu): no ReLU is
// applied or recomputed, and the backward masks nothing (the shared ReLU's backward does, once).
torch::Tensor reluConv2d(const torch::Tensor &x, torch::nn::Conv2d &conv, int shift = 0, bool inputIsRelu = false);

// Whether reluConv2d(x, conv) applies the ReLU as its convolution loads x (our Winograd 3x3
// kernels, engine/nn/Winograd3x3.h, and our 1x1 ones, engine/nn/Pointwise.h), writing no
// relu(x).
bool reluConvRectifiesOnLoad(const torch::Tensor &x, const torch::nn::Conv2d &conv);

// conv(cat(relus, 1)) for a 1x1, stride-1, unpadded, ungrouped conv without the concatenation
// (pointwiseForwardParts), keeping the parts; undefined where that does not apply (then the
// caller concatenates). With onLoad, conv(relu(cat(parts, 1))): the parts are not relu'd yet,
// and the product rectifies them as it loads them (no ReLU of any part is made).
torch::Tensor reluPointwiseParts(const std::vector<torch::Tensor> &parts, torch::nn::Conv2d &conv, bool onLoad = false);
// Whether reluPointwiseParts(parts, conv, ...) applies.
bool reluPointwisePartsApply(const std::vector<torch::Tensor> &parts, const torch::nn::Conv2d &conv);

// conv_k(relu(x)) for every k, for 1x1, stride-1, unpadded, ungrouped convs without bias that
// read the same relu'd input, as one product with the weights stacked (ReluConvGroupFunction):
// the input is read once, and gets one gradient instead of a sum of one per conv. With
// inputIsRelu, x is relu'd already (conv_k(x)); otherwise our 1x1 kernels rectify x as they load
// it (no relu(x) is written). Empty where that does not apply (fewer than two convs, another
// geometry, no backward to come, not the CPU in float32, or GDAS_CONV_GROUPS=0); then the caller
// runs each conv.
std::vector<torch::Tensor> reluConvGroup(const torch::Tensor &x, bool inputIsRelu,
                                         const std::vector<torch::nn::Conv2d *> &convs);
bool convGroupsEnabled();
void setConvGroupsEnabled(bool enabled);

// pointwise(depthwise(relu(x))) keeping only x: the backward recomputes the depthwise
// convolution. The pointwise convolution is 1x1, stride 1, with the module's weight and bias.
// Where the depthwise kernel runs (stride 1, undilated, engine/nn/DepthwiseConv2d.h), the ReLU
// is applied as it loads x and its mask as the input gradient is stored: no relu(x) is written.
torch::Tensor reluSeparableConv2d(const torch::Tensor &x, const torch::Tensor &depthwise, int stride, int padding,
                                  int dilation, torch::nn::Conv2d &pointwise, bool inputIsRelu = false);

// pointwise(depthwise(h)), stride 1 and undilated, for h = relu(source·α + β), the output of
// channelsLastBatchNormRelu(source, …, &normalisation) (a separable convolution's second half):
// keeps source (kept by that BatchNorm's backward anyway) and the depthwise output, not h. The
// backward takes the depthwise weight's gradient from source, normalised again as the kernel
// reads it (depthwiseWeightGradNormalised), and recomputes no depthwise convolution; h is freed
// after the forward, the depthwise output (as large) kept in its place. The same numbers as
// reluSeparableConv2d(h, …, true), bit for bit, which it falls back to where it does not apply
// (no backward for both weights to come, another kernel, GDAS_NORMALISED_SEPARABLE=0).
torch::Tensor normalisedSeparableConv2d(const torch::Tensor &h, const torch::Tensor &source,
                                        const Normalisation &normalisation, const torch::Tensor &depthwise, int padding,
                                        torch::nn::Conv2d &pointwise);
bool normalisedSeparableEnabled();
void setNormalisedSeparableEnabled(bool enabled);

// FactorizedReduce's convolutions: cat(conv1(relu(x)), conv2(relu(x)[:, :, 1:, 1:])) for 1x1
// stride-2 convolutions (no padding) on an even-sided x, keeping x (inputIsRelu as for
// reluConv2d).
torch::Tensor factorizedReduceConvs(const torch::Tensor &x, torch::nn::Conv2d &conv1, torch::nn::Conv2d &conv2,
                                    bool inputIsRelu = false);

// factorizedReduceConvs(cat(relus, 1), conv1, conv2, true) without the concatenation: the
// parts (a search cell's nodes' ReLUs) are read where they are, and each gets its own slice of
// the input gradient. Undefined where our 1x1 kernels do not take it (then the caller
// concatenates).
torch::Tensor factorizedReduceParts(const std::vector<torch::Tensor> &relus, torch::nn::Conv2d &conv1,
                                    torch::nn::Conv2d &conv2);

// bn(x), updating the running statistics as the module does in training.
torch::Tensor batchNorm(const torch::Tensor &x, torch::nn::BatchNorm2d &bn);

} // namespace gdas::engine
