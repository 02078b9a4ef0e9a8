#pragma once

// Training-mode BatchNorm for channels-last float32 CPU tensors whose channel count is a multiple
// of 4. It began where LibTorch 1.13's channels-last kernels take a slow path (C % 8 != 0: for
// the evaluation network's C=36 a 32x36x32x32 BatchNorm took 3.1 ms forward and 5.5 ms backward
// on one core, against 1.2 and 1.8 ms for C=40); at the search networks' C = 16, 32 and 64 it is
// also faster than LibTorch's (a DARTS-space GDAS step's BatchNorms, one thread: 49 ms against
// 59). Ours runs over the channels in 4-float vectors, two passes each way, with the statistics
// summed in double; the output is LibTorch's form x·α + (β - mean·α) (mapRows in the .cpp says
// why that form matters); its numbers agree with LibTorch's to float rounding, checked by
// tst_channelslastbatchnorm against float64 and by tst_parity against the official code.

#include <torch/nn/modules/batchnorm.h>
#include <torch/types.h>

#include <array>
#include <utility>

namespace gdas::engine {

// Whether bn(x) in training takes our kernel: CPU, float32, 4-D channels-last, C % 4 == 0, a
// CPU with AVX2, the module tracking running statistics with a momentum, and the switch on
// (GDAS_FAST_BATCHNORM=0 turns it off).
bool channelsLastBatchNormApplies(const torch::Tensor &x, const torch::nn::BatchNorm2d &bn);
void setChannelsLastBatchNormEnabled(bool enabled);

// The per-channel mean and biased variance of x (4-D channels-last float32 on the CPU, C % 4 == 0),
// in two passes with double sums: exact (0 variance, the mean the channel's value) for a constant
// channel, where LibTorch's channels-last BatchNorm is not. Much faster than at::var_mean over
// dims {0, 2, 3} of a channels-last tensor (a strided reduction there).
std::pair<torch::Tensor, torch::Tensor> channelsLastMeanVariance(const torch::Tensor &x);

// bn(x) in training mode (batch statistics, running statistics updated, num_batches_tracked
// counted) through our kernel. Call only where channelsLastBatchNormApplies.
torch::Tensor channelsLastBatchNorm(const torch::Tensor &x, torch::nn::BatchNorm2d &bn);

// Whether channelsLastBatchNormRelu(x, bn) applies: where channelsLastBatchNormApplies, for a
// BatchNorm with affine parameters (the evaluation network's; the search networks' keep their
// output instead of x, so the normalisation could not be made again for the ReLU's mask), the
// switch on (GDAS_FUSED_BATCHNORM_RELU=0 turns it off).
bool channelsLastBatchNormReluApplies(const torch::Tensor &x, const torch::nn::BatchNorm2d &bn);
void setChannelsLastBatchNormReluEnabled(bool enabled);

// relu(bn(x)) in training mode in one pass each way (the forward writes the ReLU's output, the
// backward masks the output gradient as it reads it); the same numbers as relu(channelsLast-
// BatchNorm(x, bn)), gradients included. Call only where channelsLastBatchNormReluApplies.
// With `normalisation`, also the per-channel α and β of the normalisation it applied, y = x·α + β
// (the tensors its backward keeps), from which relu(y) can be made again out of x
// (depthwiseWeightGradNormalised).
struct Normalisation {
    torch::Tensor alpha, beta;
};
torch::Tensor channelsLastBatchNormRelu(const torch::Tensor &x, torch::nn::BatchNorm2d &bn,
                                        Normalisation *normalisation = nullptr);

// out = relu(x·alpha + beta) for `rows` rows of c channels (c % 4 == 0), on this thread: the
// same bits as channelsLastBatchNormRelu's output for its normalisation's alpha and beta.
void normaliseReluRows(const float *x, const float *alpha, const float *beta, float *out, std::int64_t c,
                       std::int64_t rows);

// Whether batchNormIntoSum(sum, …, x, bn, w) applies: a BatchNorm without affine parameters in
// training with running statistics and a momentum; x 4-D channels-last float32 on the CPU with
// C % 4 == 0; sum undefined or a channels-last float32 CPU tensor of x's shape; a CPU with AVX2;
// the switch on (GDAS_FUSED_BATCHNORM_SUM=0 turns it off).
bool batchNormIntoSumApplies(const torch::Tensor &x, const torch::nn::BatchNorm2d &bn, const torch::Tensor &sum);
void setBatchNormIntoSumEnabled(bool enabled);

// sum + bn(x)·w for a 0-dim w whose value is exactly 1 (GDAS's selected weight), the
// normalisation written straight into the sum: in place when inPlace (sum is the node's own
// tensor), a fresh tensor otherwise or when sum is undefined (then bn(x) alone). The gradients
// are those of the unfused composition (BatchNorm, the product, the addition), w's taken from
// the sums BatchNorm's backward makes anyway; the statistics are summed in double (one pass), so
// values agree with LibTorch's BatchNorm to float rounding. Running statistics and the batch
// count are updated as BatchNorm2d's forward does. Call only where batchNormIntoSumApplies.
torch::Tensor batchNormIntoSum(const torch::Tensor &sum, bool inPlace, const torch::Tensor &x,
                               torch::nn::BatchNorm2d &bn, const torch::Tensor &w);

// A term of an evaluation cell's node (batchNormsIntoScaledSum): bn(x)·factor, or x·factor
// where bn is null (an op that ends in no BatchNorm, an identity); an undefined factor is 1.
struct ScaledSumTerm {
    torch::Tensor x;
    torch::nn::BatchNorm2d *bn = nullptr;
    torch::Tensor factor;
};

// Whether batchNormsIntoScaledSum(terms, out) applies: at least one term with a BatchNorm, each
// of those affine, in training, where channelsLastBatchNormApplies; every x and out (when
// defined) float32 CPU tensors of one shape laid out as channels-last rows (dense, or a channel
// slot of a cell output for a plain term and out), C % 4 == 0; each factor undefined or a
// contiguous float32 CPU [batch]; the switch on (GDAS_FUSED_NODE_BATCHNORM=0 turns it off).
bool batchNormsIntoScaledSumApplies(const std::array<ScaledSumTerm, 2> &terms, const torch::Tensor &out);
void setBatchNormsIntoScaledSumEnabled(bool enabled);

// The node's sum of its two terms (scaledPairSum's, over the BatchNorms' outputs), written into
// out (undefined: a fresh channels-last tensor), each BatchNorm's normalisation going straight
// into the sum: the BatchNorms' outputs are never written. The backward is the unfused layers'
// (scaledPairGradients, then each BatchNorm's). The values, gradients and running statistics are
// those of the unfused layers (BatchNorm2d, then scaledPairSum), bit for bit; running statistics
// and batch counts are updated as BatchNorm2d's forward does. Call only where
// batchNormsIntoScaledSumApplies.
torch::Tensor batchNormsIntoScaledSum(const std::array<ScaledSumTerm, 2> &terms, const torch::Tensor &out);

} // namespace gdas::engine
