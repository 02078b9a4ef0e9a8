#include "engine/nn/DepthwiseConv2d.h"

#include "engine/nn/VectorClones.h"

#include <ATen/Parallel.h>
#include <torch/autograd.h>

#include <algorithm>
#include <utility>
#include <vector>

namespace gdas::engine {

namespace {

struct WeightGradShape {
    std::int64_t batch, channels, inH, inW, outH, outW, kernel, stride, padding, dilation;
};

// Valid output columns [begin, end) for tap kw: those whose input column lies in the image.
std::pair<std::int64_t, std::int64_t> validColumns(const WeightGradShape &s, std::int64_t offset)
{
    std::int64_t begin = 0;
    while (begin < s.outW && begin * s.stride + offset < 0)
        ++begin;
    std::int64_t end = s.outW;
    while (end > begin && (end - 1) * s.stride + offset >= s.inW)
        --end;
    return {begin, end};
}

// accumulator[kh * k + kw][c] += Σ over output pixels of g[n, ho, wo, c] * x[n, hi, wi, c],
// for samples [nBegin, nEnd). x and g are channels-last: [N][H][W][C]. Channels go in blocks
// of Block held in registers across the output row, two rows of partial sums in flight.
template <int Block>
GDAS_VECTOR_CLONES void accumulateWeightGrad(const float *x, const float *g, float *accumulator,
                                             const WeightGradShape &s, std::int64_t nBegin, std::int64_t nEnd)
{
    const auto c = s.channels;
    for (auto n = nBegin; n < nEnd; ++n) {
        const float *xSample = x + n * s.inH * s.inW * c;
        const float *gSample = g + n * s.outH * s.outW * c;
        for (std::int64_t ho = 0; ho < s.outH; ++ho) {
            const float *gRow = gSample + ho * s.outW * c;
            for (std::int64_t kh = 0; kh < s.kernel; ++kh) {
                const auto hi = ho * s.stride - s.padding + kh * s.dilation;
                if (hi < 0 || hi >= s.inH)
                    continue;
                const float *xRow = xSample + hi * s.inW * c;
                for (std::int64_t kw = 0; kw < s.kernel; ++kw) {
                    const auto offset = kw * s.dilation - s.padding;
                    const auto [woBegin, woEnd] = validColumns(s, offset);
                    float *acc = accumulator + (kh * s.kernel + kw) * c;
                    for (std::int64_t cb = 0; cb < c; cb += Block) {
                        float even[Block] = {};
                        float odd[Block] = {};
                        auto wo = woBegin;
                        for (; wo + 1 < woEnd; wo += 2) {
                            const float *g0 = gRow + wo * c + cb;
                            const float *x0 = xRow + (wo * s.stride + offset) * c + cb;
                            const float *g1 = g0 + c;
                            const float *x1 = x0 + s.stride * c;
                            for (int j = 0; j < Block; ++j) {
                                even[j] += g0[j] * x0[j];
                                odd[j] += g1[j] * x1[j];
                            }
                        }
                        if (wo < woEnd) {
                            const float *g0 = gRow + wo * c + cb;
                            const float *x0 = xRow + (wo * s.stride + offset) * c + cb;
                            for (int j = 0; j < Block; ++j)
                                even[j] += g0[j] * x0[j];
                        }
                        for (int j = 0; j < Block; ++j)
                            acc[cb + j] += even[j] + odd[j];
                    }
                }
            }
        }
    }
}

torch::Tensor depthwiseWeightGrad(const torch::Tensor &input, const torch::Tensor &gradOutput, std::int64_t kernel,
                                  std::int64_t stride, std::int64_t padding, std::int64_t dilation)
{
    const auto x = input.contiguous(torch::MemoryFormat::ChannelsLast);
    const auto g = gradOutput.contiguous(torch::MemoryFormat::ChannelsLast);
    const WeightGradShape s{x.size(0), x.size(1), x.size(2), x.size(3), g.size(2),
                            g.size(3), kernel,    stride,    padding,   dilation};
    const auto taps = kernel * kernel;
    const float *xData = x.data_ptr<float>();
    const float *gData = g.data_ptr<float>();

    const auto runChunk = [&](float *accumulator, std::int64_t nBegin, std::int64_t nEnd) {
        if (s.channels % 16 == 0)
            accumulateWeightGrad<16>(xData, gData, accumulator, s, nBegin, nEnd);
        else if (s.channels % 8 == 0)
            accumulateWeightGrad<8>(xData, gData, accumulator, s, nBegin, nEnd);
        else
            accumulateWeightGrad<1>(xData, gData, accumulator, s, nBegin, nEnd);
    };
    // One partial sum per chunk of samples, added up afterwards: no shared writes.
    const auto threads = static_cast<std::int64_t>(at::get_num_threads());
    const auto chunk = std::max<std::int64_t>(1, (s.batch + threads - 1) / threads);
    const auto chunks = (s.batch + chunk - 1) / chunk;
    std::vector<float> partial(static_cast<std::size_t>(chunks * taps * s.channels), 0.0f);
    at::parallel_for(0, chunks, 1, [&](std::int64_t begin, std::int64_t end) {
        for (auto i = begin; i < end; ++i)
            runChunk(partial.data() + i * taps * s.channels, i * chunk, std::min(s.batch, (i + 1) * chunk));
    });
    auto sum = torch::zeros({taps, s.channels}, torch::kFloat);
    float *out = sum.data_ptr<float>();
    for (std::int64_t i = 0; i < chunks; ++i)
        for (std::int64_t j = 0; j < taps * s.channels; ++j)
            out[j] += partial[static_cast<std::size_t>(i * taps * s.channels + j)];
    // [k*k, C] -> [C, 1, k, k]
    return sum.t().contiguous().view({s.channels, 1, kernel, kernel});
}

class DepthwiseConvFunction : public torch::autograd::Function<DepthwiseConvFunction> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext *ctx, const torch::Tensor &x,
                                 const torch::Tensor &weight, std::int64_t stride, std::int64_t padding,
                                 std::int64_t dilation)
    {
        ctx->save_for_backward({x, weight});
        ctx->saved_data["stride"] = stride;
        ctx->saved_data["padding"] = padding;
        ctx->saved_data["dilation"] = dilation;
        return torch::conv2d(x, weight, {}, stride, padding, dilation, x.size(1));
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *ctx,
                                                   torch::autograd::variable_list grads)
    {
        const auto saved = ctx->get_saved_variables();
        auto [gradInput, gradWeight] = depthwiseConvBackward(
            saved[0], saved[1], grads[0], ctx->saved_data["stride"].toInt(), ctx->saved_data["padding"].toInt(),
            ctx->saved_data["dilation"].toInt(), ctx->needs_input_grad(0), ctx->needs_input_grad(1));
        return {gradInput, gradWeight, torch::Tensor(), torch::Tensor(), torch::Tensor()};
    }
};

} // namespace

bool depthwiseNeedsOwnBackward(const torch::Tensor &x, const torch::Tensor &weight, int dilation)
{
    const bool cpuFloat = x.device().is_cpu() && x.scalar_type() == torch::kFloat &&
                          weight.scalar_type() == torch::kFloat && x.dim() == 4;
    // oneDNN's own 3x3 undilated backward is fast; only the others take the slow path.
    const bool slowNativeBackward = weight.size(2) != 3 || dilation != 1;
    return cpuFloat && slowNativeBackward;
}

namespace {

// The input gradient of a strided depthwise convolution as a stride-1 forward convolution:
// the output gradient spread onto the input's grid (zeros between its rows and columns, and
// after the last where the forward convolution's window did not reach the input's end), then
// convolved with the flipped kernel. LibTorch 1.13's own CPU path for a dilated kernel takes
// 110-160 ms per call at a search cell's sizes (64x32x32x32 in, dil_conv 3x3 and 5x5), this
// one about 16 ms.
torch::Tensor stridedDepthwiseInputGrad(const torch::Tensor &x, const torch::Tensor &weight, const torch::Tensor &grad,
                                        std::int64_t stride, std::int64_t padding, std::int64_t dilation)
{
    const auto kernel = weight.size(2);
    const auto transposedPadding = dilation * (kernel - 1) - padding;
    const auto spread = [&](std::int64_t in, std::int64_t out) {
        // The forward convolution's window missed the last (in + 2p - d(k-1) - 1) mod s rows.
        return (out - 1) * stride + 1 + (in + 2 * padding - dilation * (kernel - 1) - 1) % stride;
    };
    const auto format = grad.suggest_memory_format();
    // empty + zero_: torch::zeros would drop the memory format.
    auto spreadGrad =
        torch::empty({grad.size(0), grad.size(1), spread(x.size(2), grad.size(2)), spread(x.size(3), grad.size(3))},
                     grad.options().memory_format(format))
            .zero_();
    spreadGrad.slice(2, 0, c10::nullopt, stride)
        .slice(3, 0, c10::nullopt, stride)
        .narrow(2, 0, grad.size(2))
        .narrow(3, 0, grad.size(3))
        .copy_(grad);
    return torch::conv2d(spreadGrad, weight.flip({2, 3}), {}, 1, transposedPadding, dilation, weight.size(0));
}

bool cpuFloat(const torch::Tensor &x, const torch::Tensor &weight)
{
    return x.device().is_cpu() && x.scalar_type() == torch::kFloat && weight.scalar_type() == torch::kFloat &&
           x.dim() == 4;
}

} // namespace

std::pair<torch::Tensor, torch::Tensor> depthwiseConvBackward(const torch::Tensor &x, const torch::Tensor &weight,
                                                              const torch::Tensor &grad, std::int64_t stride,
                                                              std::int64_t padding, std::int64_t dilation,
                                                              bool needInput, bool needWeight)
{
    const auto kernel = weight.size(2);
    const auto transposedPadding = dilation * (kernel - 1) - padding;
    // Dilated only: LibTorch's own path for undilated strided kernels is fast (2-3 ms there).
    const bool spreadInputGrad =
        needInput && stride > 1 && dilation > 1 && transposedPadding >= 0 && cpuFloat(x, weight);
    if (!depthwiseNeedsOwnBackward(x, weight, static_cast<int>(dilation))) {
        if (!spreadInputGrad) {
            auto result = at::convolution_backward(grad, x, weight, c10::nullopt, {stride, stride}, {padding, padding},
                                                   {dilation, dilation}, false, {0, 0}, weight.size(0),
                                                   {needInput, needWeight, false});
            return {std::get<0>(result), std::get<1>(result)};
        }
        torch::Tensor gradWeight;
        if (needWeight)
            gradWeight = std::get<1>(at::convolution_backward(grad, x, weight, c10::nullopt, {stride, stride},
                                                              {padding, padding}, {dilation, dilation}, false, {0, 0},
                                                              weight.size(0), {false, true, false}));
        return {stridedDepthwiseInputGrad(x, weight, grad, stride, padding, dilation), gradWeight};
    }
    torch::Tensor gradInput;
    torch::Tensor gradWeight;
    if (needInput) {
        if (stride == 1 && transposedPadding >= 0) {
            // The transposed convolution of a stride-1 convolution is a convolution with the
            // spatially flipped kernel.
            gradInput = torch::conv2d(grad, weight.flip({2, 3}), {}, 1, transposedPadding, dilation, weight.size(0));
        } else if (spreadInputGrad) {
            gradInput = stridedDepthwiseInputGrad(x, weight, grad, stride, padding, dilation);
        } else {
            gradInput = std::get<0>(at::convolution_backward(grad, x, weight, c10::nullopt, {stride, stride},
                                                             {padding, padding}, {dilation, dilation}, false, {0, 0},
                                                             weight.size(0), {true, false, false}));
        }
    }
    if (needWeight)
        gradWeight = depthwiseWeightGrad(x, grad, kernel, stride, padding, dilation);
    return {gradInput, gradWeight};
}

torch::Tensor depthwiseConv2d(const torch::Tensor &x, const torch::Tensor &weight, int stride, int padding,
                              int dilation)
{
    if (!depthwiseNeedsOwnBackward(x, weight, dilation))
        return torch::conv2d(x, weight, {}, stride, padding, dilation, x.size(1));
    return DepthwiseConvFunction::apply(x, weight, static_cast<std::int64_t>(stride),
                                        static_cast<std::int64_t>(padding), static_cast<std::int64_t>(dilation));
}

} // namespace gdas::engine
