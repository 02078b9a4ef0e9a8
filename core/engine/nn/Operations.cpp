#include "engine/nn/Operations.h"

#include "engine/nn/ChannelsLastBatchNorm.h"
#include "engine/nn/DepthwiseConv2d.h"
#include "engine/nn/LeanAutograd.h"
#include "engine/nn/Pointwise.h"
#include "engine/nn/Pooling3x3.h"

#include <torch/autograd.h>
#include <torch/nn/functional/padding.h>
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/pooling.h>

#include <stdexcept>

namespace gdas::engine {

namespace {

torch::nn::Conv2d makeConv(int cIn, int cOut, torch::ExpandingArray<2> kernel, torch::ExpandingArray<2> stride,
                           torch::ExpandingArray<2> padding, int dilation, int groups, bool bias)
{
    return torch::nn::Conv2d(torch::nn::Conv2dOptions(cIn, cOut, kernel)
                                 .stride(stride)
                                 .padding(padding)
                                 .dilation(dilation)
                                 .groups(groups)
                                 .bias(bias));
}

torch::nn::BatchNorm2d makeBatchNorm(int channels, bool affine)
{
    return torch::nn::BatchNorm2d(torch::nn::BatchNorm2dOptions(channels).affine(affine));
}

[[noreturn]] void throwBadOp(std::string_view name, const std::string &problem)
{
    throw std::invalid_argument("Operations.cpp: operation '" + std::string(name) + "': " + problem);
}

} // namespace

namespace {

class GlobalAveragePoolFunction : public torch::autograd::Function<GlobalAveragePoolFunction> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext *ctx, const torch::Tensor &x)
    {
        ctx->saved_data["sizes"] = x.sizes().vec();
        ctx->saved_data["format"] = static_cast<std::int64_t>(x.suggest_memory_format());
        return x.mean({2, 3});
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *ctx,
                                                   torch::autograd::variable_list grads)
    {
        const auto sizes = ctx->saved_data["sizes"].toIntVector();
        const auto format = static_cast<at::MemoryFormat>(ctx->saved_data["format"].toInt());
        // As MeanBackward: each element's gradient divided by the count (the same division,
        // done once per element of [N, C] rather than of [N, C, H, W]), in x's layout.
        const auto share = grads[0] / static_cast<double>(sizes[2] * sizes[3]);
        auto gradInput = at::empty(sizes, share.options().memory_format(format));
        gradInput.copy_(share.view({sizes[0], sizes[1], 1, 1}).expand(sizes));
        return {gradInput};
    }
};

} // namespace

torch::Tensor globalAveragePool(const torch::Tensor &x)
{
    if (x.dim() != 4 || !torch::GradMode::is_enabled() || !x.requires_grad())
        return x.mean({2, 3});
    return GlobalAveragePoolFunction::apply(x);
}

SharedRelu SharedRelu::concatenation(std::vector<SharedRelu> parts)
{
    SharedRelu whole;
    whole.m_state = std::make_shared<State>();
    whole.m_state->parts = std::move(parts);
    return whole;
}

const torch::Tensor &SharedRelu::input() const
{
    auto &state = *m_state;
    if (!state.input.defined() && !state.parts.empty()) {
        std::vector<torch::Tensor> inputs;
        for (const auto &part : state.parts)
            inputs.push_back(part.input());
        state.input = torch::cat(inputs, 1);
    }
    return state.input;
}

const torch::Tensor &SharedRelu::relu()
{
    auto &state = *m_state;
    if (!state.relu.defined())
        // Not in place: other ops read the input as it is.
        state.relu = state.parts.empty() ? torch::relu(input()) : torch::cat(partRelus(), 1);
    return state.relu;
}

std::vector<torch::Tensor> SharedRelu::partRelus()
{
    std::vector<torch::Tensor> relus;
    for (auto &part : m_state->parts)
        relus.push_back(part.relu());
    return relus;
}

torch::Tensor OperationImpl::forwardUnnormalised(const torch::Tensor &)
{
    TORCH_CHECK(false, "runUnnormalised: this operation does not end in a BatchNorm");
}

torch::Tensor OperationImpl::forwardUnnormalisedOnLoad(const torch::Tensor &)
{
    TORCH_CHECK(false, "runUnnormalised: this operation does not rectify its input on load");
}

// ---------------------------------------------------------------------------------------------

ReLUConvBNImpl::ReLUConvBNImpl(int cIn, int cOut, int kernel, int stride, int padding, int dilation, bool affine)
    : m_conv(makeConv(cIn, cOut, kernel, stride, padding, dilation, 1, !affine)), m_bn(makeBatchNorm(cOut, affine))
{
    op = register_module("op", torch::nn::Sequential(torch::nn::ReLU(), m_conv, m_bn));
}

torch::Tensor ReLUConvBNImpl::forward(const torch::Tensor &x)
{
    // The ReLU is not in place: the input feeds the other edges of its node.
    return batchNorm(reluConv2d(x, m_conv), m_bn);
}

torch::Tensor ReLUConvBNImpl::forwardRelu(const torch::Tensor &relu)
{
    return batchNorm(forwardUnnormalised(relu), m_bn);
}

torch::Tensor ReLUConvBNImpl::normalise(const torch::Tensor &product) { return batchNorm(product, m_bn); }

torch::Tensor ReLUConvBNImpl::normaliseRelu(const torch::Tensor &product)
{
    return channelsLastBatchNormReluApplies(product, m_bn) ? channelsLastBatchNormRelu(product, m_bn) : torch::Tensor();
}

torch::Tensor ReLUConvBNImpl::runParts(SharedRelu &x)
{
    // Where no part's ReLU is made yet (no other reader of a node needed it: a cell's last node,
    // or nodes whose sampled ops read them as they are), the product rectifies the parts as it
    // loads them, and no ReLU is made for it; otherwise it reads the parts' ReLUs.
    std::vector<torch::Tensor> inputs;
    bool anyRelu = false;
    for (const auto &part : x.parts()) {
        inputs.push_back(part.input());
        anyRelu = anyRelu || part.reluMade();
    }
    if (!anyRelu && reluPointwisePartsApply(inputs, m_conv))
        return batchNorm(reluPointwiseParts(inputs, m_conv, /*onLoad=*/true), m_bn);
    const auto out = reluPointwiseParts(x.partRelus(), m_conv);
    return out.defined() ? batchNorm(out, m_bn) : torch::Tensor();
}

torch::Tensor ReLUConvBNImpl::forwardUnnormalised(const torch::Tensor &relu)
{
    return reluConv2d(relu, m_conv, 0, /*inputIsRelu=*/true);
}

bool ReLUConvBNImpl::rectifiesOnLoad(const torch::Tensor &x) const
{
    return x.defined() && reluConvRectifiesOnLoad(x, m_conv);
}

torch::Tensor ReLUConvBNImpl::forwardUnnormalisedOnLoad(const torch::Tensor &x) { return reluConv2d(x, m_conv); }

// ---------------------------------------------------------------------------------------------

DilConvImpl::DilConvImpl(int cIn, int cOut, int kernel, int stride, int padding, int dilation, bool affine)
    : m_stride(stride), m_padding(padding), m_dilation(dilation),
      m_depthwise(makeConv(cIn, cIn, kernel, stride, padding, dilation, cIn, false)),
      m_pointwise(makeConv(cIn, cOut, 1, 1, 0, 1, 1, !affine)), m_bn(makeBatchNorm(cOut, affine))
{
    op = register_module("op", torch::nn::Sequential(torch::nn::ReLU(), m_depthwise, m_pointwise, m_bn));
}

torch::Tensor DilConvImpl::forward(const torch::Tensor &x)
{
    return batchNorm(reluSeparableConv2d(x, m_depthwise->weight, m_stride, m_padding, m_dilation, m_pointwise), m_bn);
}

torch::Tensor DilConvImpl::forwardRelu(const torch::Tensor &relu) { return batchNorm(forwardUnnormalised(relu), m_bn); }

torch::Tensor DilConvImpl::forwardUnnormalised(const torch::Tensor &relu)
{
    return reluSeparableConv2d(relu, m_depthwise->weight, m_stride, m_padding, m_dilation, m_pointwise, true);
}

// ---------------------------------------------------------------------------------------------

SepConvImpl::SepConvImpl(int cIn, int cOut, int kernel, int stride, int padding, bool affine)
    : m_stride(stride), m_padding(padding), m_depthwise1(makeConv(cIn, cIn, kernel, stride, padding, 1, cIn, false)),
      m_pointwise1(makeConv(cIn, cIn, 1, 1, 0, 1, 1, !affine)), m_bn1(makeBatchNorm(cIn, affine)),
      m_depthwise2(makeConv(cIn, cIn, kernel, 1, padding, 1, cIn, false)),
      m_pointwise2(makeConv(cIn, cOut, 1, 1, 0, 1, 1, !affine)), m_bn2(makeBatchNorm(cOut, affine))
{
    op = register_module("op", torch::nn::Sequential(torch::nn::ReLU(), m_depthwise1, m_pointwise1, m_bn1,
                                                     torch::nn::ReLU(), m_depthwise2, m_pointwise2, m_bn2));
}

torch::Tensor SepConvImpl::forward(const torch::Tensor &x) { return secondHalf(firstHalf(x, false)); }

torch::Tensor SepConvImpl::forwardRelu(const torch::Tensor &relu)
{
    return batchNorm(forwardUnnormalised(relu), m_bn2);
}

// Each half keeps its input (ReLU and depthwise convolution are recomputed in backward) and
// its BatchNorm output: the first half's BatchNorm output is the second half's input. Where the
// first BatchNorm has affine parameters (the evaluation network) and our kernel takes it, it
// applies the second half's ReLU in the same pass (channelsLastBatchNormRelu), and the second
// half reads its input as relu'd; that half then keeps the BatchNorm's input (kept by the
// BatchNorm anyway) and its own depthwise output instead of its input, and recomputes nothing
// (normalisedSeparableConv2d).
SepConvImpl::Hidden SepConvImpl::firstHalf(const torch::Tensor &x, bool inputIsRelu)
{
    const auto unnormalised =
        reluSeparableConv2d(x, m_depthwise1->weight, m_stride, m_padding, 1, m_pointwise1, inputIsRelu);
    if (channelsLastBatchNormReluApplies(unnormalised, m_bn1)) {
        Normalisation normalisation;
        auto relu = channelsLastBatchNormRelu(unnormalised, m_bn1, &normalisation);
        return {std::move(relu), unnormalised, std::move(normalisation)};
    }
    return {batchNorm(unnormalised, m_bn1), {}, {}};
}

torch::Tensor SepConvImpl::secondHalf(const Hidden &hidden) { return batchNorm(secondHalfUnnormalised(hidden), m_bn2); }

torch::Tensor SepConvImpl::secondHalfUnnormalised(const Hidden &hidden)
{
    if (hidden.source.defined())
        return normalisedSeparableConv2d(hidden.tensor, hidden.source, hidden.normalisation, m_depthwise2->weight,
                                         m_padding, m_pointwise2);
    return reluSeparableConv2d(hidden.tensor, m_depthwise2->weight, 1, m_padding, 1, m_pointwise2);
}

torch::Tensor SepConvImpl::forwardUnnormalised(const torch::Tensor &relu)
{
    return secondHalfUnnormalised(firstHalf(relu, true));
}

// ---------------------------------------------------------------------------------------------

ZeroImpl::ZeroImpl(int cOut, int stride) : m_cOut(cOut), m_stride(stride) {}

std::vector<std::int64_t> ZeroImpl::outputShape(const torch::Tensor &x) const
{
    const auto h = x.size(2);
    const auto w = x.size(3);
    return {x.size(0), m_cOut, (h + m_stride - 1) / m_stride, (w + m_stride - 1) / m_stride};
}

torch::Tensor ZeroImpl::forward(const torch::Tensor &x)
{
    // Not torch::zeros: it drops the options' memory format, and an NCHW zero tensor in a node's
    // sum turns the cell's output, and everything after it, NCHW (slow paths on the CPU).
    return torch::empty(outputShape(x), x.options().memory_format(x.suggest_memory_format())).zero_();
}

// ---------------------------------------------------------------------------------------------

FactorizedReduceImpl::FactorizedReduceImpl(int cIn, int cOut, bool affine)
{
    // Odd cOut splits as the official GDAS code does; DARTS requires it even.
    const int half = cOut / 2;
    register_module("relu", torch::nn::ReLU());
    conv_1 = register_module("conv_1", makeConv(cIn, half, 1, 2, 0, 1, 1, !affine));
    conv_2 = register_module("conv_2", makeConv(cIn, cOut - half, 1, 2, 0, 1, 1, !affine));
    bn = register_module("bn", makeBatchNorm(cOut, affine));
}

torch::Tensor FactorizedReduceImpl::forward(const torch::Tensor &x) { return reduce(x, false); }

torch::Tensor FactorizedReduceImpl::forwardRelu(const torch::Tensor &relu) { return reduce(relu, true); }

torch::Tensor FactorizedReduceImpl::runParts(SharedRelu &x)
{
    const auto out = factorizedReduceParts(x.partRelus(), conv_1, conv_2);
    return out.defined() ? batchNorm(out, bn) : torch::Tensor();
}

torch::Tensor FactorizedReduceImpl::reduce(const torch::Tensor &x, bool inputIsRelu)
{
    if (x.size(2) % 2 == 0 && x.size(3) % 2 == 0)
        return batchNorm(factorizedReduceConvs(x, conv_1, conv_2, inputIsRelu), bn);
    // relu(shift(x)) = shift(relu(x)): the zero padding stays zero. Both convolutions apply the
    // ReLU themselves (unless x is relu'd already), so only x is kept.
    auto padded = x;
    if (x.size(2) % 2 != 0 || x.size(3) % 2 != 0) {
        // Keeps both halves the same size on odd inputs (the official pad-then-crop).
        namespace F = torch::nn::functional;
        padded = F::pad(x, F::PadFuncOptions({0, 1, 0, 1}));
    }
    // The second half reads x[:, :, 1:, 1:].
    return batchNorm(
        torch::cat({reluConv2d(x, conv_1, 0, inputIsRelu), reluConv2d(padded, conv_2, /*shift=*/1, inputIsRelu)}, 1),
        bn);
}

// ---------------------------------------------------------------------------------------------

PoolingImpl::PoolingImpl(int cIn, int cOut, int stride, PoolingMode mode, bool affine) : m_stride(stride), m_mode(mode)
{
    if (cIn != cOut)
        preprocess = register_module("preprocess", ReLUConvBN(cIn, cOut, 1, 1, 0, 1, affine));
}

torch::Tensor PoolingImpl::forward(const torch::Tensor &x)
{
    const auto input = preprocess ? preprocess(x) : x;
    if (m_mode == PoolingMode::Average)
        return avgPool3x3(input, m_stride);
    return maxPool3x3(input, m_stride);
}

// ---------------------------------------------------------------------------------------------

AsymmetricConvImpl::AsymmetricConvImpl(int cIn, int cOut, int kernel, int stride, bool affine)
    : m_conv1xk(makeConv(cIn, cOut, {1, kernel}, {1, stride}, {0, kernel / 2}, 1, 1, !affine)),
      m_convkx1(makeConv(cOut, cOut, {kernel, 1}, {stride, 1}, {kernel / 2, 0}, 1, 1, !affine)),
      m_bn(makeBatchNorm(cOut, affine))
{
    register_module("0", torch::nn::ReLU());
    register_module("1", m_conv1xk);
    register_module("2", m_convkx1);
    register_module("3", m_bn);
}

torch::Tensor AsymmetricConvImpl::forward(const torch::Tensor &x)
{
    return batchNorm(m_convkx1(reluConv2d(x, m_conv1xk)), m_bn);
}

torch::Tensor AsymmetricConvImpl::forwardRelu(const torch::Tensor &relu)
{
    return batchNorm(m_convkx1(reluConv2d(relu, m_conv1xk, 0, true)), m_bn);
}

// ---------------------------------------------------------------------------------------------

ResNetBasicBlockImpl::ResNetBasicBlockImpl(int cIn, int cOut, int stride, bool affine) : m_stride(stride)
{
    if (stride != 1 && stride != 2)
        throw std::invalid_argument("Operations.cpp: ResNetBasicBlock stride must be 1 or 2, got " +
                                    std::to_string(stride));
    conv_a = register_module("conv_a", ReLUConvBN(cIn, cOut, 3, stride, 1, 1, affine));
    conv_b = register_module("conv_b", ReLUConvBN(cOut, cOut, 3, 1, 1, 1, affine));
    if (stride == 2) {
        m_downsampleConv = makeConv(cIn, cOut, 1, 1, 0, 1, 1, false);
        register_module(
            "downsample",
            torch::nn::Sequential(torch::nn::AvgPool2d(torch::nn::AvgPool2dOptions(2).stride(2)), m_downsampleConv));
    } else if (cIn != cOut) {
        m_downsampleProjection = register_module("downsample", ReLUConvBN(cIn, cOut, 1, 1, 0, 1, affine));
    }
}

torch::Tensor ResNetBasicBlockImpl::forward(const torch::Tensor &x)
{
    const auto out = conv_b(conv_a(x));
    // Not in place: a BatchNorm without affine parameters keeps its output for backward.
    if (m_downsampleConv)
        return out + conv2dOwnPointwise(torch::avg_pool2d(x, 2, 2), m_downsampleConv);
    if (m_downsampleProjection)
        return out + m_downsampleProjection(x);
    return out + x;
}

// ---------------------------------------------------------------------------------------------

const std::vector<std::string> &knownOpNames()
{
    static const std::vector<std::string> names = {
        "none",         "skip_connect", "sep_conv_3x3", "sep_conv_5x5", "sep_conv_7x7", "dil_conv_3x3",
        "dil_conv_5x5", "avg_pool_3x3", "max_pool_3x3", "conv_7x1_1x7", "conv_3x1_1x3", "nor_conv_1x1",
        "nor_conv_3x3", "nor_conv_7x7", "dua_sepc_3x3", "dua_sepc_5x5", "dil_sepc_3x3", "dil_sepc_5x5"};
    return names;
}

Operation createOp(std::string_view name, int cIn, int cOut, int stride, bool affine)
{
    if (cIn <= 0 || cOut <= 0)
        throwBadOp(name, "channel counts must be positive");
    if (stride != 1 && stride != 2)
        throwBadOp(name, "stride must be 1 or 2, got " + std::to_string(stride));
    using Ptr = std::shared_ptr<OperationImpl>;

    if (name == "none")
        return Operation(Ptr(std::make_shared<ZeroImpl>(cOut, stride)));
    if (name == "skip_connect") {
        if (stride == 1 && cIn == cOut)
            return Operation(Ptr(std::make_shared<IdentityImpl>()));
        if (stride == 1)
            throwBadOp(name, "a channel change needs stride 2");
        return Operation(Ptr(std::make_shared<FactorizedReduceImpl>(cIn, cOut, affine)));
    }
    if (name == "sep_conv_3x3" || name == "dua_sepc_3x3")
        return Operation(Ptr(std::make_shared<SepConvImpl>(cIn, cOut, 3, stride, 1, affine)));
    if (name == "sep_conv_5x5" || name == "dua_sepc_5x5")
        return Operation(Ptr(std::make_shared<SepConvImpl>(cIn, cOut, 5, stride, 2, affine)));
    if (name == "sep_conv_7x7")
        return Operation(Ptr(std::make_shared<SepConvImpl>(cIn, cOut, 7, stride, 3, affine)));
    if (name == "dil_conv_3x3" || name == "dil_sepc_3x3")
        return Operation(Ptr(std::make_shared<DilConvImpl>(cIn, cOut, 3, stride, 2, 2, affine)));
    if (name == "dil_conv_5x5" || name == "dil_sepc_5x5")
        return Operation(Ptr(std::make_shared<DilConvImpl>(cIn, cOut, 5, stride, 4, 2, affine)));
    if (name == "avg_pool_3x3")
        return Operation(Ptr(std::make_shared<PoolingImpl>(cIn, cOut, stride, PoolingMode::Average, affine)));
    if (name == "max_pool_3x3")
        return Operation(Ptr(std::make_shared<PoolingImpl>(cIn, cOut, stride, PoolingMode::Max, affine)));
    if (name == "conv_7x1_1x7")
        return Operation(Ptr(std::make_shared<AsymmetricConvImpl>(cIn, cOut, 7, stride, affine)));
    if (name == "conv_3x1_1x3")
        return Operation(Ptr(std::make_shared<AsymmetricConvImpl>(cIn, cOut, 3, stride, affine)));
    if (name == "nor_conv_1x1")
        return Operation(Ptr(std::make_shared<ReLUConvBNImpl>(cIn, cOut, 1, stride, 0, 1, affine)));
    if (name == "nor_conv_3x3")
        return Operation(Ptr(std::make_shared<ReLUConvBNImpl>(cIn, cOut, 3, stride, 1, 1, affine)));
    if (name == "nor_conv_7x7")
        return Operation(Ptr(std::make_shared<ReLUConvBNImpl>(cIn, cOut, 7, stride, 3, 1, affine)));
    throwBadOp(name, "unknown operation");
}

} // namespace gdas::engine
