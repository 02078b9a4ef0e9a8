#include "engine/nn/LeanAutograd.h"

#include "engine/distributed/AutocastGuard.h"
#include "engine/nn/ChannelsLastBatchNorm.h"
#include "engine/nn/DepthwiseConv2d.h"
#include "engine/nn/Pointwise.h"
#include "engine/nn/VectorClones.h"
#include "engine/nn/Winograd3x3.h"

#include <torch/autograd.h>

#include <array>
#include <cmath>
#include <cstring>
#include <tuple>
#include <variant>
#include <vector>

namespace gdas::engine {

namespace {

// GDAS_LEAN_AUTOGRAD=0 turns the lean layers off (to compare memory and time against the
// plain ones).
KernelSwitch g_lean("GDAS_LEAN_AUTOGRAD");
// GDAS_OWN_FACTORIZED_REDUCE=0: FactorizedReduce's products on oneDNN's strided convolutions
// (FactorizedReduceFunction) instead of our 1x1 kernels on the gathered quarter grids.
KernelSwitch g_ownFactorizedReduce("GDAS_OWN_FACTORIZED_REDUCE");
// GDAS_CONV_GROUPS=0: reluConvGroup declines, so each 1x1 preprocessing runs its own product.
KernelSwitch g_convGroups("GDAS_CONV_GROUPS");
// GDAS_NORMALISED_SEPARABLE=0: normalisedSeparableConv2d keeps its input and recomputes the
// depthwise output, as reluSeparableConv2d.
KernelSwitch g_normalisedSeparable("GDAS_NORMALISED_SEPARABLE");

// True while a search's weights step builds its graph (KeepDepthwiseOutputsGuard).
thread_local bool t_keepDepthwiseOutputs = false;

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// Where the lean layers apply: a backward will run, on the CPU, in float32, without autocast
// (under autocast the convolution would run in a narrower type than the kept input).
bool leanApplies(const torch::Tensor &x, const torch::Tensor &weight)
{
    return g_lean.on() && torch::GradMode::is_enabled() &&
           (x.requires_grad() || (weight.defined() && weight.requires_grad())) && x.device().is_cpu() &&
           x.scalar_type() == torch::kFloat && x.dim() == 4 &&
           (!weight.defined() || weight.scalar_type() == torch::kFloat) && !AutocastGuard::active(c10::DeviceType::CPU);
}

std::vector<std::int64_t> pair(const torch::ExpandingArray<2> &a) { return {(*a)[0], (*a)[1]}; }

// A custom function's inputs must be defined tensors: "no bias" is passed as an empty one.
torch::Tensor biasArgument(const torch::Tensor &bias, const torch::Tensor &like)
{
    return bias.defined() ? bias : at::empty({0}, like.options().requires_grad(false));
}

// at::convolution_backward with the bias sizes it wants for a bias of `hasBias`. Where
// stridedPointwiseOnCpu holds (a strided 1x1 convolution of few channels-last channels) the weight
// and bias gradients are taken at stride 1 on the grid it reads (stridedPointwiseGrid): LibTorch's
// oneDNN writes past its buffer there otherwise (Pointwise.h).
std::tuple<torch::Tensor, torch::Tensor, torch::Tensor>
convolutionBackward(const torch::Tensor &grad, const torch::Tensor &input, const torch::Tensor &weight, bool hasBias,
                    at::IntArrayRef stride, at::IntArrayRef padding, at::IntArrayRef dilation, std::int64_t groups,
                    std::array<bool, 3> mask)
{
    const std::vector<std::int64_t> biasSize{weight.size(0)};
    const at::OptionalIntArrayRef biasSizes =
        hasBias ? at::OptionalIntArrayRef(biasSize) : at::OptionalIntArrayRef(c10::nullopt);
    if ((mask[1] || mask[2]) && stridedPointwiseOnCpu(input, weight, stride, padding)) {
        torch::Tensor gradInput;
        if (mask[0])
            gradInput = std::get<0>(at::convolution_backward(grad, input, weight, c10::nullopt, stride, padding,
                                                             dilation, false, {0, 0}, groups, {true, false, false}));
        auto [unused, gradWeight, gradBias] =
            at::convolution_backward(grad, stridedPointwiseGrid(input, stride), weight, biasSizes, {1, 1}, {0, 0},
                                     {1, 1}, false, {0, 0}, groups, {false, mask[1], mask[2]});
        return {gradInput, gradWeight, gradBias};
    }
    return at::convolution_backward(grad, input, weight, biasSizes, stride, padding, dilation, false, {0, 0}, groups,
                                    mask);
}

// Which kernels run a product: LibTorch's convolution, our 1x1 products (engine/nn/Pointwise.h),
// the same with the ReLU applied as the input is loaded (pointwiseOnLoad: ReluConvFunction's),
// or our Winograd 3x3 convolutions (engine/nn/Winograd3x3.h; only ReluConvFunction takes them,
// with the ReLU applied on load, and runs their backward itself).
enum class Product : std::int64_t { libtorch, pointwise, pointwiseOnLoad, winograd };

// convolutionBackward, on our 1x1 kernels where the forward chose them (`product`).
std::tuple<torch::Tensor, torch::Tensor, torch::Tensor>
productBackward(Product product, const torch::Tensor &grad, const torch::Tensor &input, const torch::Tensor &weight,
                bool hasBias, at::IntArrayRef stride, at::IntArrayRef padding, at::IntArrayRef dilation,
                std::int64_t groups, std::array<bool, 3> mask)
{
    if (product == Product::pointwise || product == Product::pointwiseOnLoad) {
        // On load: input is the x the forward rectified as it read it; its mask is applied as the
        // input gradient is stored.
        const bool onLoad = product == Product::pointwiseOnLoad;
        const auto gradInput =
            mask[0] ? pointwiseInputGradient(grad, weight, onLoad ? input : torch::Tensor()) : torch::Tensor();
        auto [gradWeight, gradBias] = pointwiseParameterGradients(grad, input, weight, mask[1], mask[2], onLoad);
        return {gradInput, gradWeight, gradBias};
    }
    return convolutionBackward(grad, input, weight, hasBias, stride, padding, dilation, groups, mask);
}

// conv2d(x, weight, bias) on the kernels `product` names.
torch::Tensor productForward(Product product, const torch::Tensor &x, const torch::Tensor &weight,
                             const torch::Tensor &bias, at::IntArrayRef stride, at::IntArrayRef padding,
                             at::IntArrayRef dilation, std::int64_t groups)
{
    if (product == Product::pointwise || product == Product::pointwiseOnLoad)
        return pointwiseForward(x, weight, bias, product == Product::pointwiseOnLoad);
    return at::conv2d(x, weight, bias, stride, padding, dilation, groups);
}

// x without its first `shift` rows and columns (a view).
torch::Tensor shifted(const torch::Tensor &x, std::int64_t shift)
{
    return shift == 0 ? x : x.slice(2, shift).slice(3, shift);
}

// The gradient of `whole` for the gradient of shifted(whole, shift): in whole's own layout, zero
// where the shift cut it.
torch::Tensor unshifted(const torch::Tensor &grad, const torch::Tensor &whole, std::int64_t shift)
{
    auto result = at::empty(whole.sizes(), whole.options().memory_format(whole.suggest_memory_format()));
    result.slice(2, 0, shift).zero_();
    result.slice(2, shift).slice(3, 0, shift).zero_();
    shifted(result, shift).copy_(grad);
    return result;
}

// Which kernels run conv2d(x, weight, bias) with this geometry: our 1x1 products where it is a
// 1x1 stride-1 product they take, LibTorch's otherwise.
Product productFor(const torch::Tensor &x, const torch::Tensor &weight, const std::vector<std::int64_t> &stride,
                   const std::vector<std::int64_t> &padding, std::int64_t groups)
{
    const bool plain =
        groups == 1 && stride == std::vector<std::int64_t>{1, 1} && padding == std::vector<std::int64_t>{0, 0};
    return plain && pointwiseApplies(x, weight) ? Product::pointwise : Product::libtorch;
}

// conv(relu(x[:, :, shift:, shift:])), keeping x. `bias` is empty for none. The shift is
// FactorizedReduce's second half: done here, not by autograd's slice, whose backward spreads the
// gradient into an NCHW zero tensor (slow to add to the channels-last gradient of x's other
// reader, about 14 ms for 64x64x32x32 on one core).
class ReluConvFunction : public torch::autograd::Function<ReluConvFunction> {
public:
    static torch::Tensor forward(AutogradContext *ctx, const torch::Tensor &x, const torch::Tensor &weight,
                                 const torch::Tensor &bias, std::vector<std::int64_t> stride,
                                 std::vector<std::int64_t> padding, std::vector<std::int64_t> dilation,
                                 std::int64_t groups, std::int64_t shift, bool inputIsRelu)
    {
        const bool hasBias = bias.numel() > 0;
        const auto input = shifted(x, shift);
        // On the Winograd kernels the ReLU is applied as the input transform reads x, on the 1x1
        // ones as a block of rows is loaded: no rectified copy.
        const bool winograd = winogradApplies(input, weight, stride, padding, dilation, groups);
        auto product = winograd ? Product::winograd : productFor(input, weight, stride, padding, groups);
        if (product == Product::pointwise && !inputIsRelu)
            product = Product::pointwiseOnLoad;
        const bool onLoad = winograd || product == Product::pointwiseOnLoad;
        const auto activated = onLoad || inputIsRelu ? input : at::relu(input);
        const auto out = winograd ? winogradForward(input, weight, hasBias ? bias : torch::Tensor(), !inputIsRelu)
                                  : productForward(product, activated, weight, hasBias ? bias : torch::Tensor(), stride,
                                                   padding, dilation, groups);
        ctx->saved_data["product"] = static_cast<std::int64_t>(product);
        ctx->saved_data["shift"] = shift;
        ctx->saved_data["relu"] = inputIsRelu;
        ctx->save_for_backward({x, weight});
        ctx->saved_data["stride"] = stride;
        ctx->saved_data["padding"] = padding;
        ctx->saved_data["dilation"] = dilation;
        ctx->saved_data["groups"] = groups;
        ctx->saved_data["bias"] = hasBias;
        return out;
    }

    static variable_list backward(AutogradContext *ctx, variable_list grads)
    {
        const auto saved = ctx->get_saved_variables();
        const auto &whole = saved[0];
        const auto shift = ctx->saved_data["shift"].toInt();
        const auto x = shifted(whole, shift);
        const auto &weight = saved[1];
        const auto stride = ctx->saved_data["stride"].toIntVector();
        const auto padding = ctx->saved_data["padding"].toIntVector();
        const auto dilation = ctx->saved_data["dilation"].toIntVector();
        const auto groups = ctx->saved_data["groups"].toInt();
        const bool hasBias = ctx->saved_data["bias"].toBool();
        const bool inputIsRelu = ctx->saved_data["relu"].toBool();
        const bool needInput = ctx->needs_input_grad(0);
        const bool needWeight = ctx->needs_input_grad(1);
        const bool needBias = hasBias && ctx->needs_input_grad(2);
        const auto &grad = grads[0];

        torch::Tensor gradActivated, gradWeight, gradBias;
        const auto product = static_cast<Product>(ctx->saved_data["product"].toInt());
        if (product == Product::winograd) {
            // x as the forward read it: the ReLU in the input transform, its mask in the input
            // gradient's output transform.
            torch::Tensor gradInput;
            if (needInput)
                gradInput = winogradInputGradient(grad, weight, inputIsRelu ? torch::Tensor() : x);
            std::tie(gradWeight, gradBias) =
                winogradParameterGradients(grad, x, weight, needWeight, needBias, !inputIsRelu);
            if (needInput && shift != 0)
                gradInput = unshifted(gradInput, whole, shift);
            return {gradInput,       gradWeight,      gradBias,        torch::Tensor(), torch::Tensor(),
                    torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor()};
        }
        const bool onLoad = product == Product::pointwiseOnLoad;
        if (needInput || needWeight || needBias) {
            // The weight gradient needs relu(x), the one recomputation (none for an input that is
            // relu'd already, or rectified on load); the input gradient only its shape, which x
            // has (an arch step asks for no weight gradients).
            const auto activated = needWeight && !inputIsRelu && !onLoad ? at::relu(x) : x;
            std::tie(gradActivated, gradWeight, gradBias) =
                productBackward(product, grad, activated, weight, hasBias, stride, padding, dilation, groups,
                                {needInput, needWeight, needBias});
        }
        torch::Tensor gradInput;
        if (needInput) {
            // A relu'd input's mask is applied once, by the shared ReLU's own backward; one
            // rectified on load, by the input gradient's product.
            gradInput = inputIsRelu || onLoad ? gradActivated : at::threshold_backward(gradActivated, x, 0);
            if (shift != 0)
                gradInput = unshifted(gradInput, whole, shift);
        }
        return {gradInput,       gradWeight,      gradBias,        torch::Tensor(), torch::Tensor(),
                torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor()};
    }
};

// conv(cat(relus, 1)) for a 1x1, stride-1 conv, keeping the parts: a cell's output read by the
// next cells' preprocessing as its nodes' own ReLUs. The backward gives each part its slice of
// the input gradient and the weight its slices of the weight gradient: the same products, summed
// in the same order, as conv(cat) and cat's backward would make. With onLoad the parts are the
// nodes themselves, rectified as the products load them (and their masks applied as the input
// gradients are stored): no node's ReLU is made for the preprocessing.
class ReluPointwisePartsFunction : public torch::autograd::Function<ReluPointwisePartsFunction> {
public:
    static torch::Tensor forward(AutogradContext *ctx, const at::TensorList &relus, const torch::Tensor &weight,
                                 const torch::Tensor &bias, bool onLoad)
    {
        const bool hasBias = bias.numel() > 0;
        std::vector<torch::Tensor> parts(relus.begin(), relus.end());
        auto saved = parts;
        saved.push_back(weight);
        ctx->save_for_backward(saved);
        ctx->saved_data["bias"] = hasBias;
        ctx->saved_data["onLoad"] = onLoad;
        return pointwiseForwardParts(parts, weight, hasBias ? bias : torch::Tensor(), onLoad);
    }

    static variable_list backward(AutogradContext *ctx, variable_list grads)
    {
        auto saved = ctx->get_saved_variables();
        const auto weight = saved.back();
        saved.pop_back();
        const auto count = saved.size();
        const bool hasBias = ctx->saved_data["bias"].toBool();
        const bool needWeight = ctx->needs_input_grad(count);
        const bool needBias = hasBias && ctx->needs_input_grad(count + 1);
        const bool onLoad = ctx->saved_data["onLoad"].toBool();
        variable_list result(count + 3);
        std::vector<torch::Tensor> weightSlices;
        std::int64_t offset = 0;
        for (std::size_t k = 0; k < count; ++k) {
            const auto width = saved[k].size(1);
            const auto slice = weight.narrow(1, offset, width);
            offset += width;
            if (ctx->needs_input_grad(k))
                result[k] = pointwiseInputGradient(grads[0], slice, onLoad ? saved[k] : torch::Tensor());
            if (needWeight || (needBias && k == 0)) {
                auto [gradSlice, gradBias] =
                    pointwiseParameterGradients(grads[0], saved[k], slice, needWeight, needBias && k == 0, onLoad);
                if (needWeight)
                    weightSlices.push_back(gradSlice);
                if (k == 0 && needBias)
                    result[count + 1] = gradBias;
            }
        }
        if (needWeight)
            result[count] = at::cat(weightSlices, 1);
        return result;
    }
};

// Several 1x1 convolutions (stride 1, no padding, no bias) of one relu'd input as one product,
// their weights stacked along the outputs: a cell's output is read by the next two cells' 1x1
// preprocessing, and one wider product reads it once. Each convolution's output comes back dense
// (BatchNorm follows and keeps it), and the backward gathers their gradients into one, so the
// input gets a single gradient: no sum of the readers' gradients.
// With inputIsRelu false, x is the state itself: on our 1x1 kernels the ReLU is applied as the
// rows are loaded and its mask as the input gradient is stored (no relu(x) written, no
// threshold_backward over the state); on LibTorch's the ReLU is made here and kept. Where the
// stacked outputs are not a multiple of our kernels' 16 lanes (the evaluation network's 36 + 36
// at C=36), the stacked weight gets zero rows up to the next multiple: their outputs are dropped,
// their gradients are zeros (the input gradient's sums gain only + 0 terms).
class ReluConvGroupFunction : public torch::autograd::Function<ReluConvGroupFunction> {
public:
    static variable_list forward(AutogradContext *ctx, const torch::Tensor &x, const at::TensorList &weights,
                                 bool inputIsRelu)
    {
        auto stacked = at::cat(weights, 0);
        const std::vector<std::int64_t> ones{1, 1}, zeros{0, 0};
        if (const auto rest = stacked.size(0) % kPointwiseChannelMultiple; rest != 0) {
            const auto missing = kPointwiseChannelMultiple - rest;
            auto padded = at::cat({stacked, at::zeros({missing, stacked.size(1), 1, 1}, stacked.options())}, 0);
            if (productFor(x, padded, ones, zeros, 1) == Product::pointwise)
                stacked = std::move(padded);
        }
        auto product = productFor(x, stacked, ones, zeros, 1);
        if (product == Product::pointwise && !inputIsRelu)
            product = Product::pointwiseOnLoad;
        // What the product reads and the backward keeps: x where the ReLU is applied on load.
        const auto input = product == Product::libtorch && !inputIsRelu ? at::relu(x) : x;
        const auto out = productForward(product, input, stacked, torch::Tensor(), ones, zeros, ones, 1);
        variable_list outputs;
        std::vector<std::int64_t> widths;
        std::int64_t offset = 0;
        for (const auto &w : weights) {
            outputs.push_back(out.narrow(1, offset, w.size(0)).contiguous(at::MemoryFormat::ChannelsLast));
            widths.push_back(w.size(0));
            offset += w.size(0);
        }
        ctx->save_for_backward({input, stacked});
        ctx->saved_data["product"] = static_cast<std::int64_t>(product);
        ctx->saved_data["relu"] = inputIsRelu;
        ctx->saved_data["widths"] = widths;
        return outputs;
    }

    static variable_list backward(AutogradContext *ctx, variable_list grads)
    {
        const auto saved = ctx->get_saved_variables();
        const auto &input = saved[0];
        const auto &stacked = saved[1];
        const auto count = grads.size();
        bool needWeight = false;
        for (std::size_t k = 0; k < count; ++k)
            needWeight = needWeight || ctx->needs_input_grad(1 + k);
        const bool needInput = ctx->needs_input_grad(0);
        // x, the weights, inputIsRelu.
        variable_list result(2 + count);
        if (!needInput && !needWeight)
            return result;
        const auto widths = ctx->saved_data["widths"].toIntVector();
        auto grad = at::empty({input.size(0), stacked.size(0), input.size(2), input.size(3)},
                              input.options().memory_format(at::MemoryFormat::ChannelsLast));
        std::int64_t offset = 0;
        for (std::size_t k = 0; k < count; ++k) {
            auto slot = grad.narrow(1, offset, widths[k]);
            if (grads[k].defined())
                slot.copy_(grads[k]);
            else
                slot.zero_();
            offset += widths[k];
        }
        if (offset < stacked.size(0))
            grad.narrow(1, offset, stacked.size(0) - offset).zero_();
        const std::vector<std::int64_t> ones{1, 1}, zeros{0, 0};
        const auto product = static_cast<Product>(ctx->saved_data["product"].toInt());
        auto [gradInput, gradWeight, gradBias] =
            productBackward(product, grad, input, stacked, false, ones, zeros, ones, 1, {needInput, needWeight, false});
        // LibTorch's product of a ReLU made here: that ReLU's backward (as ReluBackward0, from its
        // output).
        if (needInput && product == Product::libtorch && !ctx->saved_data["relu"].toBool())
            gradInput = at::threshold_backward(gradInput, input, 0);
        result[0] = gradInput;
        offset = 0;
        for (std::size_t k = 0; k < count; ++k) {
            if (ctx->needs_input_grad(1 + k))
                result[1 + k] = gradWeight.narrow(0, offset, widths[k]).clone(at::MemoryFormat::Contiguous);
            offset += widths[k];
        }
        return result;
    }
};

std::vector<std::int64_t> depthwiseOutputShape(const torch::Tensor &x, const torch::Tensor &weight, std::int64_t stride,
                                               std::int64_t padding, std::int64_t dilation)
{
    const auto extent = [&](std::int64_t in, std::int64_t kernel) {
        return (in + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1;
    };
    return {x.size(0), weight.size(0), extent(x.size(2), weight.size(2)), extent(x.size(3), weight.size(3))};
}

// pointwise(depthwise(relu(x))), keeping x only: the backward recomputes the ReLU and the
// depthwise convolution (a few multiply-adds per element) instead of keeping both outputs.
// `bias` is empty for none.
class ReluSeparableFunction;

// FactorizedReduce's two convolutions on an even-sided x, keeping x: cat(conv1(relu(x)) at the
// even pixels, conv2(relu(x)) at the odd ones), both 1x1 with stride 2. Each half's input
// gradient is nonzero only on its own quarter of the pixels, so the backward computes it there
// (a 1x1 product on the quarter grid) and writes it into that quarter of one gradient tensor,
// zeros in the other two: no full-sized gradient per half with three quarters zeros, no copy of
// the shifted half, no sum of the two.
class FactorizedReduceFunction : public torch::autograd::Function<FactorizedReduceFunction> {
public:
    static torch::Tensor forward(AutogradContext *ctx, const torch::Tensor &x, const torch::Tensor &w1,
                                 const torch::Tensor &b1, const torch::Tensor &w2, const torch::Tensor &b2,
                                 bool inputIsRelu)
    {
        const auto activated = inputIsRelu ? x : at::relu(x);
        const bool hasBias = b1.numel() > 0;
        const auto y1 = at::conv2d(activated, w1, hasBias ? b1 : torch::Tensor(), 2);
        const auto y2 = at::conv2d(shifted(activated, 1), w2, hasBias ? b2 : torch::Tensor(), 2);
        ctx->save_for_backward({x, w1, w2});
        ctx->saved_data["relu"] = inputIsRelu;
        ctx->saved_data["bias"] = hasBias;
        return at::cat({y1, y2}, 1);
    }

    static variable_list backward(AutogradContext *ctx, variable_list grads)
    {
        const auto saved = ctx->get_saved_variables();
        const auto &x = saved[0];
        const auto &w1 = saved[1];
        const auto &w2 = saved[2];
        const bool inputIsRelu = ctx->saved_data["relu"].toBool();
        const bool hasBias = ctx->saved_data["bias"].toBool();
        const auto format = x.suggest_memory_format();
        const auto half1 = w1.size(0);
        const auto g1 = grads[0].slice(1, 0, half1).contiguous(format);
        const auto g2 = grads[0].slice(1, half1).contiguous(format);
        const bool needInput = ctx->needs_input_grad(0);
        const bool needWeights = ctx->needs_input_grad(1) || ctx->needs_input_grad(3);
        const bool needBias = hasBias && (ctx->needs_input_grad(2) || ctx->needs_input_grad(4));

        torch::Tensor gradW1, gradB1, gradW2, gradB2;
        if (needWeights || needBias) {
            const auto activated = inputIsRelu ? x : at::relu(x);
            std::tie(std::ignore, gradW1, gradB1) = convolutionBackward(g1, activated, w1, hasBias, {2, 2}, {0, 0},
                                                                        {1, 1}, 1, {false, needWeights, needBias});
            std::tie(std::ignore, gradW2, gradB2) = convolutionBackward(
                g2, shifted(activated, 1), w2, hasBias, {2, 2}, {0, 0}, {1, 1}, 1, {false, needWeights, needBias});
        }
        torch::Tensor gradInput;
        if (needInput) {
            // The quarter grid's input gradient of each half: a 1x1 stride-1 product (the input
            // only gives the shape).
            const auto quarter =
                at::empty({x.size(0), x.size(1), x.size(2) / 2, x.size(3) / 2}, x.options().memory_format(format));
            const auto even = std::get<0>(
                convolutionBackward(g1, quarter, w1, false, {1, 1}, {0, 0}, {1, 1}, 1, {true, false, false}));
            const auto odd = std::get<0>(
                convolutionBackward(g2, quarter, w2, false, {1, 1}, {0, 0}, {1, 1}, 1, {true, false, false}));
            gradInput = at::empty(x.sizes(), x.options().memory_format(format));
            gradInput.slice(2, 0, c10::nullopt, 2).slice(3, 0, c10::nullopt, 2).copy_(even);
            gradInput.slice(2, 1, c10::nullopt, 2).slice(3, 1, c10::nullopt, 2).copy_(odd);
            gradInput.slice(2, 0, c10::nullopt, 2).slice(3, 1, c10::nullopt, 2).zero_();
            gradInput.slice(2, 1, c10::nullopt, 2).slice(3, 0, c10::nullopt, 2).zero_();
            if (!inputIsRelu)
                gradInput = at::threshold_backward(gradInput, x, 0);
        }
        return {gradInput, gradW1, gradB1, gradW2, gradB2, torch::Tensor()};
    }
};

// x[:, :, s::2, s::2] of each part, side by side along the channels: one dense channels-last
// tensor of a quarter of the pixels (relu'd where `relu`).
torch::Tensor quarterGrid(const std::vector<torch::Tensor> &parts, std::int64_t s, bool relu)
{
    const auto &first = parts.front();
    std::int64_t channels = 0;
    for (const auto &part : parts)
        channels += part.size(1);
    auto out = at::empty({first.size(0), channels, first.size(2) / 2, first.size(3) / 2},
                         first.options().memory_format(at::MemoryFormat::ChannelsLast));
    std::int64_t offset = 0;
    for (const auto &part : parts) {
        out.narrow(1, offset, part.size(1)).copy_(part.slice(2, s, c10::nullopt, 2).slice(3, s, c10::nullopt, 2));
        offset += part.size(1);
    }
    if (relu)
        out.relu_();
    return out;
}

// The full-sized input gradient of one part (channels [offset, offset + width) of the quarter
// grids' gradients): `even`'s pixels at the even rows' even columns, `odd`'s at the odd rows' odd
// columns, zeros elsewhere. One pass writing each element once.
torch::Tensor interleavedGradient(const torch::Tensor &even, const torch::Tensor &odd, std::int64_t offset,
                                  std::int64_t width, std::int64_t height, std::int64_t columns)
{
    const auto batch = even.size(0), channels = even.size(1), quarterColumns = even.size(3);
    auto out = at::empty({batch, width, height, columns}, even.options().memory_format(at::MemoryFormat::ChannelsLast));
    const float *e = even.data_ptr<float>();
    const float *o = odd.data_ptr<float>();
    float *result = out.data_ptr<float>();
    const auto bytes = static_cast<std::size_t>(width) * sizeof(float);
    at::parallel_for(0, batch * height, 16, [&](std::int64_t begin, std::int64_t end) {
        for (auto row = begin; row < end; ++row) {
            const auto n = row / height, h = row % height, parity = h % 2;
            const float *source =
                (parity == 0 ? e : o) + ((n * (height / 2) + h / 2) * quarterColumns) * channels + offset;
            float *target = result + row * columns * width;
            for (std::int64_t w = 0; w < columns; ++w) {
                if (w % 2 == parity)
                    std::memcpy(target + w * width, source + (w / 2) * channels, bytes);
                else
                    std::memset(target + w * width, 0, bytes);
            }
        }
    });
    return out;
}

// FactorizedReduce's two convolutions on our 1x1 kernels, for an even-sided input given as its
// parts along the channels (one part for a plain tensor; a search cell's nodes for its output,
// which then is never concatenated): each 1x1 stride-2 convolution is a 1x1 product over its
// quarter of the pixels, gathered once into a dense tensor (no copy of the shifted half at full
// size, as oneDNN made of its strided view). Keeps the two quarter grids (half the input's size)
// for the backward, which computes each half's input gradient on its quarter and interleaves the
// two into each part's gradient, zeros elsewhere, in one pass.
class FactorizedReducePartsFunction : public torch::autograd::Function<FactorizedReducePartsFunction> {
public:
    static torch::Tensor forward(AutogradContext *ctx, const at::TensorList &inputs, const torch::Tensor &w1,
                                 const torch::Tensor &b1, const torch::Tensor &w2, const torch::Tensor &b2,
                                 bool inputIsRelu)
    {
        const std::vector<torch::Tensor> parts(inputs.begin(), inputs.end());
        const bool hasBias = b1.numel() > 0;
        const auto even = quarterGrid(parts, 0, !inputIsRelu);
        const auto odd = quarterGrid(parts, 1, !inputIsRelu);
        const auto y1 = pointwiseForward(even, w1, hasBias ? b1 : torch::Tensor());
        const auto y2 = pointwiseForward(odd, w2, hasBias ? b2 : torch::Tensor());
        std::vector<std::int64_t> widths;
        for (const auto &part : parts)
            widths.push_back(part.size(1));
        ctx->save_for_backward({even, odd, w1, w2});
        ctx->saved_data["widths"] = widths;
        ctx->saved_data["height"] = parts.front().size(2);
        ctx->saved_data["columns"] = parts.front().size(3);
        ctx->saved_data["relu"] = inputIsRelu;
        ctx->saved_data["bias"] = hasBias;
        return at::cat({y1, y2}, 1);
    }

    static variable_list backward(AutogradContext *ctx, variable_list grads)
    {
        const auto saved = ctx->get_saved_variables();
        const auto &even = saved[0];
        const auto &odd = saved[1];
        const auto &w1 = saved[2];
        const auto &w2 = saved[3];
        const auto widths = ctx->saved_data["widths"].toIntVector();
        const auto count = widths.size();
        const bool inputIsRelu = ctx->saved_data["relu"].toBool();
        const bool hasBias = ctx->saved_data["bias"].toBool();
        const auto half1 = w1.size(0);
        const auto g1 = grads[0].slice(1, 0, half1).contiguous(at::MemoryFormat::ChannelsLast);
        const auto g2 = grads[0].slice(1, half1).contiguous(at::MemoryFormat::ChannelsLast);
        variable_list result(count + 5); // the last for inputIsRelu
        const auto [gradW1, gradB1] = pointwiseParameterGradients(g1, even, w1, ctx->needs_input_grad(count),
                                                                  hasBias && ctx->needs_input_grad(count + 1));
        const auto [gradW2, gradB2] = pointwiseParameterGradients(g2, odd, w2, ctx->needs_input_grad(count + 2),
                                                                  hasBias && ctx->needs_input_grad(count + 3));
        result[count] = gradW1;
        result[count + 1] = gradB1;
        result[count + 2] = gradW2;
        result[count + 3] = gradB2;
        bool needInput = false;
        for (std::size_t k = 0; k < count; ++k)
            needInput = needInput || ctx->needs_input_grad(k);
        if (needInput) {
            auto gradEven = pointwiseInputGradient(g1, w1);
            auto gradOdd = pointwiseInputGradient(g2, w2);
            if (!inputIsRelu) {
                // relu(x) > 0 where x > 0: the kept quarter grids give the ReLU's mask there.
                gradEven = at::threshold_backward(gradEven, even, 0);
                gradOdd = at::threshold_backward(gradOdd, odd, 0);
            }
            const auto height = ctx->saved_data["height"].toInt();
            const auto columns = ctx->saved_data["columns"].toInt();
            std::int64_t offset = 0;
            for (std::size_t k = 0; k < count; ++k) {
                if (ctx->needs_input_grad(k))
                    result[k] = interleavedGradient(gradEven, gradOdd, offset, widths[k], height, columns);
                offset += widths[k];
            }
        }
        return result;
    }
};

// Whether FactorizedReducePartsFunction takes these parts: every part a channels-last float32
// CPU tensor of one even-sided shape, and both halves' products on our 1x1 kernels.
bool factorizedReducePartsApply(const std::vector<torch::Tensor> &parts, const torch::Tensor &w1,
                                const torch::Tensor &w2)
{
    if (parts.empty() || !leanApplies(parts.front(), w1))
        return false;
    const auto &first = parts.front();
    if (first.dim() != 4 || first.size(2) % 2 != 0 || first.size(3) % 2 != 0 || first.size(2) < 2 || first.size(3) < 2)
        return false;
    std::int64_t channels = 0;
    for (const auto &part : parts) {
        if (part.dim() != 4 || part.scalar_type() != torch::kFloat || !part.device().is_cpu() ||
            part.size(0) != first.size(0) || part.size(2) != first.size(2) || part.size(3) != first.size(3) ||
            !part.is_contiguous(at::MemoryFormat::ChannelsLast))
            return false;
        channels += part.size(1);
    }
    // The quarter grid as pointwiseApplies sees it: its shape and layout are the parts' own.
    const auto probe = at::empty({1, channels, 1, 1}, first.options().memory_format(at::MemoryFormat::ChannelsLast));
    return pointwiseApplies(probe, w1) && pointwiseApplies(probe, w2);
}

class ReluSeparableFunction : public torch::autograd::Function<ReluSeparableFunction> {
public:
    // With a normalisation's source, alpha and beta (not empty), x is relu(source·alpha + beta)
    // (normalisedSeparableConv2d): source is kept instead of x, and the depthwise output too.
    static torch::Tensor forward(AutogradContext *ctx, const torch::Tensor &x, const torch::Tensor &depthwise,
                                 const torch::Tensor &pointwise, const torch::Tensor &bias, std::int64_t stride,
                                 std::int64_t padding, std::int64_t dilation, bool inputIsRelu,
                                 const torch::Tensor &source, const torch::Tensor &alpha, const torch::Tensor &beta)
    {
        const bool hasBias = bias.numel() > 0;
        const bool normalised = source.numel() > 0;
        // Where our depthwise kernel runs it (stride 1, undilated), the ReLU is applied as the
        // kernel loads x, and its mask as the input gradient is stored: no relu(x) is written.
        const bool onLoad = !inputIsRelu && depthwiseRectifiesOnLoad(x, depthwise, stride, dilation);
        const auto hidden =
            depthwiseForward(inputIsRelu || onLoad ? x : at::relu(x), depthwise, stride, padding, dilation, onLoad);
        ctx->saved_data["relu"] = inputIsRelu;
        ctx->saved_data["onLoad"] = onLoad;
        auto out = pointwiseApplies(hidden, pointwise)
                       ? pointwiseForward(hidden, pointwise, hasBias ? bias : torch::Tensor())
                       : at::conv2d(hidden, pointwise, hasBias ? bias : torch::Tensor());
        // In a search's weights step the depthwise output is kept for the pointwise weight's
        // gradient rather than computed again there (KeepDepthwiseOutputsGuard).
        ctx->saved_data["normalised"] = normalised;
        if (normalised) {
            ctx->save_for_backward({source, depthwise, pointwise, hidden, alpha, beta});
        } else {
            const bool keepHidden = t_keepDepthwiseOutputs && pointwise.requires_grad();
            ctx->save_for_backward({x, depthwise, pointwise, keepHidden ? hidden : torch::Tensor()});
        }
        ctx->saved_data["stride"] = stride;
        ctx->saved_data["padding"] = padding;
        ctx->saved_data["dilation"] = dilation;
        ctx->saved_data["bias"] = hasBias;
        return out;
    }

    static variable_list backward(AutogradContext *ctx, variable_list grads)
    {
        const auto saved = ctx->get_saved_variables();
        // With a normalisation, its source stands in for x where only x's shape is read.
        const auto &x = saved[0];
        const auto &depthwise = saved[1];
        const auto &pointwise = saved[2];
        const auto &keptHidden = saved[3];
        const bool normalised = ctx->saved_data["normalised"].toBool();
        const auto stride = ctx->saved_data["stride"].toInt();
        const auto padding = ctx->saved_data["padding"].toInt();
        const auto dilation = ctx->saved_data["dilation"].toInt();
        const bool hasBias = ctx->saved_data["bias"].toBool();
        const bool needInput = ctx->needs_input_grad(0);
        const bool needDepthwise = ctx->needs_input_grad(1);
        const bool needPointwise = ctx->needs_input_grad(2);
        const bool needBias = hasBias && ctx->needs_input_grad(3);
        const bool inputIsRelu = ctx->saved_data["relu"].toBool();
        const bool onLoad = ctx->saved_data["onLoad"].toBool();

        // The weight gradients need the values of relu(x) and of the depthwise output (kept by
        // a weights step's forward); the input gradients only their shapes (an arch step asks
        // for no weight gradients, so nothing is recomputed then: x stands in for relu(x), an
        // empty tensor for the depthwise output). On load, x itself is read throughout, rectified
        // by the kernels.
        const bool recomputeHidden = needPointwise && !keptHidden.defined();
        const auto activated = (needDepthwise || recomputeHidden) && !inputIsRelu && !onLoad ? at::relu(x) : x;
        torch::Tensor hidden = keptHidden;
        if (recomputeHidden)
            hidden = depthwiseForward(activated, depthwise, stride, padding, dilation, onLoad);
        else if (!hidden.defined())
            hidden = at::empty(depthwiseOutputShape(x, depthwise, stride, padding, dilation),
                               x.options().memory_format(x.suggest_memory_format()));
        const bool needHidden = needInput || needDepthwise;
        auto [gradHidden, gradPointwise, gradBias] = productBackward(
            pointwiseApplies(hidden, pointwise) ? Product::pointwise : Product::libtorch, grads[0], hidden, pointwise,
            hasBias, {1, 1}, {0, 0}, {1, 1}, 1, {needHidden, needPointwise, needBias});
        torch::Tensor gradInput, gradDepthwise;
        if (needHidden && normalised) {
            // x is relu'd: its gradient is the depthwise input gradient as it is.
            gradInput = std::get<0>(
                depthwiseConvBackward(x, depthwise, gradHidden, stride, padding, dilation, needInput, false, false));
            if (needDepthwise)
                gradDepthwise = depthwiseWeightGradNormalised(x, saved[4], saved[5], gradHidden, depthwise.size(2),
                                                              stride, padding, dilation);
        } else if (needHidden) {
            torch::Tensor gradActivated;
            std::tie(gradActivated, gradDepthwise) = depthwiseConvBackward(
                activated, depthwise, gradHidden, stride, padding, dilation, needInput, needDepthwise, onLoad);
            if (needInput)
                gradInput = inputIsRelu || onLoad ? gradActivated : at::threshold_backward(gradActivated, x, 0);
        }
        return {gradInput,       gradDepthwise,   gradPointwise,   gradBias,        torch::Tensor(), torch::Tensor(),
                torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor()};
    }
};

// BatchNorm without affine parameters, in training, keeping its output x̂ and 1/σ.
class BatchNormFunction : public torch::autograd::Function<BatchNormFunction> {
public:
    static torch::Tensor forward(AutogradContext *ctx, const torch::Tensor &x, torch::Tensor runningMean,
                                 torch::Tensor runningVar, double momentum, double eps)
    {
        auto [y, mean, invStd] = at::native_batch_norm(x, {}, {}, runningMean, runningVar,
                                                       /*training=*/true, momentum, eps);
        (void)mean;
        if (x.dim() == 4 && !x.is_contiguous() && x.is_contiguous(at::MemoryFormat::ChannelsLast) &&
            (invStd > 1.0 / std::sqrt(2.0 * eps)).any().item<bool>()) {
            // A channel with variance below eps, e.g. a constant one: an op reading a node whose
            // incoming edges all sampled 'none' (frequent in NAS-Bench-201). LibTorch's
            // channels-last kernel (CPU) sums the mean in float32; its error times ~1/sqrt(eps)
            // gave outputs up to 5e-4 where the exact output is 0 (the NCHW kernel and the
            // official code: ~1e-6), and moved NAS-Bench-201 GDAS's α gradient by up to 27% in
            // such steps (tst_parity). The output is normalised again with exact statistics
            // (channelsLastMeanVariance, two passes with double sums: a fifth of var_mean's
            // time on these strided reductions, which cost NAS-Bench-201 steps up to 10%); the
            // running statistics stay the kernel's, as BatchNorm2d's. Other batches keep the
            // kernel's output, bit for bit.
            torch::Tensor var, exactMean;
            if (x.size(1) % 4 == 0)
                std::tie(exactMean, var) = channelsLastMeanVariance(x);
            else
                std::tie(var, exactMean) = at::var_mean(x, {0, 2, 3}, /*unbiased=*/false, /*keepdim=*/false);
            invStd = (var + eps).rsqrt();
            y = std::get<0>(at::native_batch_norm(x, {}, {}, exactMean, var, /*training=*/false, 0.0, eps));
        }
        ctx->save_for_backward({y, invStd});
        ctx->saved_data["eps"] = eps;
        return y;
    }

    static variable_list backward(AutogradContext *ctx, variable_list grads)
    {
        const auto saved = ctx->get_saved_variables();
        const auto &y = saved[0];
        const auto &invStd = saved[1];
        torch::Tensor gradInput;
        if (ctx->needs_input_grad(0)) {
            // LibTorch's kernel computes (dy - mean(dy) - x̂·mean(dy·x̂))·w·invstd with
            // x̂ = (input - save_mean)·save_invstd. Given input = y = x̂, mean 0 and invstd 1, and
            // the true 1/σ as the weight w, that is exactly the gradient with respect to x.
            gradInput = std::get<0>(at::native_batch_norm_backward(
                grads[0], y, invStd, {}, {}, at::zeros_like(invStd), at::ones_like(invStd),
                /*train=*/true, ctx->saved_data["eps"].toDouble(), {true, false, false}));
        }
        return {gradInput, torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor()};
    }
};

} // namespace

bool leanAutogradEnabled() { return g_lean.on(); }

KeepDepthwiseOutputsGuard::KeepDepthwiseOutputsGuard() : m_previous(t_keepDepthwiseOutputs)
{
    t_keepDepthwiseOutputs = true;
}

KeepDepthwiseOutputsGuard::~KeepDepthwiseOutputsGuard() { t_keepDepthwiseOutputs = m_previous; }

void setLeanAutogradEnabled(bool enabled) { g_lean.set(enabled); }

bool convGroupsEnabled() { return g_convGroups.on(); }

void setConvGroupsEnabled(bool enabled) { g_convGroups.set(enabled); }

bool normalisedSeparableEnabled() { return g_normalisedSeparable.on(); }

void setNormalisedSeparableEnabled(bool enabled) { g_normalisedSeparable.set(enabled); }

namespace {

// A 1x1 convolution with stride 1, no padding, one group, not transposed.
bool isPlain1x1(const torch::nn::detail::ConvNdOptions<2> &options)
{
    // LibTorch 1.13 keeps the padding in c10::variant, 2.x in std::variant: found by argument lookup.
    using std::get_if;
    const auto *padding = get_if<torch::ExpandingArray<2>>(&options.padding());
    return padding != nullptr && (**padding)[0] == 0 && (**padding)[1] == 0 && (*options.kernel_size())[0] == 1 &&
           (*options.kernel_size())[1] == 1 && (*options.stride())[0] == 1 && (*options.stride())[1] == 1 &&
           options.groups() == 1 && !options.transposed();
}

} // namespace

std::vector<torch::Tensor> reluConvGroup(const torch::Tensor &x, bool inputIsRelu,
                                         const std::vector<torch::nn::Conv2d *> &convs)
{
    if (!g_convGroups.on() || convs.size() < 2 || !leanApplies(x, torch::Tensor()))
        return {};
    std::vector<torch::Tensor> weights;
    for (auto *conv : convs) {
        const auto &w = (*conv)->weight;
        if (!isPlain1x1((*conv)->options) || (*conv)->bias.defined() || w.scalar_type() != torch::kFloat ||
            !w.device().is_cpu() || w.size(1) != x.size(1))
            return {};
        weights.push_back(w);
    }
    return ReluConvGroupFunction::apply(x, at::TensorList(weights), inputIsRelu);
}

namespace {

// conv's padding where ReluConvFunction takes its geometry (zeros padding, not transposed); null
// otherwise.
const torch::ExpandingArray<2> *plainPadding(const torch::nn::Conv2d &conv)
{
    const auto &options = conv->options;
    // LibTorch 1.13 keeps these in c10::variant, 2.x in std::variant: found by argument lookup.
    using std::get_if;
    using std::holds_alternative;
    const auto *padding = get_if<torch::ExpandingArray<2>>(&options.padding());
    const bool plain = padding != nullptr && holds_alternative<torch::enumtype::kZeros>(options.padding_mode()) &&
                       !options.transposed();
    return plain ? padding : nullptr;
}

} // namespace

torch::Tensor reluConv2d(const torch::Tensor &x, torch::nn::Conv2d &conv, int shift, bool inputIsRelu)
{
    const auto &options = conv->options;
    const auto *padding = plainPadding(conv);
    if (padding == nullptr || !leanApplies(x, conv->weight))
        return conv2dOwnPointwise(inputIsRelu ? shifted(x, shift) : torch::relu(shifted(x, shift)), conv);
    return ReluConvFunction::apply(x, conv->weight, biasArgument(conv->bias, x), pair(options.stride()), pair(*padding),
                                   pair(options.dilation()), options.groups(), static_cast<std::int64_t>(shift),
                                   inputIsRelu);
}

bool reluConvRectifiesOnLoad(const torch::Tensor &x, const torch::nn::Conv2d &conv)
{
    const auto &options = conv->options;
    const auto *padding = plainPadding(conv);
    if (padding == nullptr || !leanApplies(x, conv->weight))
        return false;
    return winogradApplies(x, conv->weight, pair(options.stride()), pair(*padding), pair(options.dilation()),
                           options.groups()) ||
           productFor(x, conv->weight, pair(options.stride()), pair(*padding), options.groups()) == Product::pointwise;
}

bool reluPointwisePartsApply(const std::vector<torch::Tensor> &parts, const torch::nn::Conv2d &conv)
{
    return isPlain1x1(conv->options) && !parts.empty() && leanApplies(parts.front(), conv->weight) &&
           pointwiseAppliesToParts(parts, conv->weight);
}

torch::Tensor reluPointwiseParts(const std::vector<torch::Tensor> &parts, torch::nn::Conv2d &conv, bool onLoad)
{
    if (!reluPointwisePartsApply(parts, conv))
        return torch::Tensor();
    // As a TensorList: autograd takes a list of that type apart into inputs, not a std::vector.
    return ReluPointwisePartsFunction::apply(at::TensorList(parts), conv->weight,
                                             biasArgument(conv->bias, parts.front()), onLoad);
}

torch::Tensor factorizedReduceConvs(const torch::Tensor &x, torch::nn::Conv2d &conv1, torch::nn::Conv2d &conv2,
                                    bool inputIsRelu)
{
    const auto plain = [&] {
        const auto activated = inputIsRelu ? x : torch::relu(x);
        return torch::cat({conv2dOwnPointwise(activated, conv1), conv2dOwnPointwise(shifted(activated, 1), conv2)}, 1);
    };
    if (!leanApplies(x, conv1->weight) || x.size(2) % 2 != 0 || x.size(3) % 2 != 0)
        return plain();
    if (g_ownFactorizedReduce.on() && factorizedReducePartsApply({x}, conv1->weight, conv2->weight))
        return FactorizedReducePartsFunction::apply(at::TensorList(x), conv1->weight, biasArgument(conv1->bias, x),
                                                    conv2->weight, biasArgument(conv2->bias, x), inputIsRelu);
    return FactorizedReduceFunction::apply(x, conv1->weight, biasArgument(conv1->bias, x), conv2->weight,
                                           biasArgument(conv2->bias, x), inputIsRelu);
}

torch::Tensor factorizedReduceParts(const std::vector<torch::Tensor> &relus, torch::nn::Conv2d &conv1,
                                    torch::nn::Conv2d &conv2)
{
    if (!g_ownFactorizedReduce.on() || !factorizedReducePartsApply(relus, conv1->weight, conv2->weight))
        return torch::Tensor();
    return FactorizedReducePartsFunction::apply(at::TensorList(relus), conv1->weight,
                                                biasArgument(conv1->bias, relus.front()), conv2->weight,
                                                biasArgument(conv2->bias, relus.front()), true);
}

torch::Tensor reluSeparableConv2d(const torch::Tensor &x, const torch::Tensor &depthwise, int stride, int padding,
                                  int dilation, torch::nn::Conv2d &pointwise, bool inputIsRelu)
{
    if (!leanApplies(x, depthwise))
        return conv2dOwnPointwise(
            depthwiseConv2d(inputIsRelu ? x : torch::relu(x), depthwise, stride, padding, dilation), pointwise);
    const auto none = at::empty({0}, x.options().requires_grad(false));
    return ReluSeparableFunction::apply(x, depthwise, pointwise->weight, biasArgument(pointwise->bias, x),
                                        static_cast<std::int64_t>(stride), static_cast<std::int64_t>(padding),
                                        static_cast<std::int64_t>(dilation), inputIsRelu, none, none, none);
}

torch::Tensor normalisedSeparableConv2d(const torch::Tensor &h, const torch::Tensor &source,
                                        const Normalisation &normalisation, const torch::Tensor &depthwise, int padding,
                                        torch::nn::Conv2d &pointwise)
{
    const bool applies = g_normalisedSeparable.on() && leanApplies(h, depthwise) && pointwise->weight.requires_grad() &&
                         depthwise.requires_grad() && normalisation.alpha.defined() && source.sizes() == h.sizes() &&
                         depthwiseWeightGradNormalisedApplies(source, depthwise);
    if (!applies)
        return reluSeparableConv2d(h, depthwise, 1, padding, 1, pointwise, /*inputIsRelu=*/true);
    // source detached: it is kept, not differentiated (its gradient comes through h's BatchNorm).
    return ReluSeparableFunction::apply(h, depthwise, pointwise->weight, biasArgument(pointwise->bias, h),
                                        std::int64_t{1}, static_cast<std::int64_t>(padding), std::int64_t{1},
                                        /*inputIsRelu=*/true, source.detach(), normalisation.alpha, normalisation.beta);
}

torch::Tensor batchNorm(const torch::Tensor &x, torch::nn::BatchNorm2d &bn)
{
    if (channelsLastBatchNormApplies(x, bn))
        return channelsLastBatchNorm(x, bn); // LibTorch's channels-last kernel is slow for these C
    const auto &options = bn->options;
    const bool lean = !options.affine() && options.track_running_stats() && options.momentum().has_value() &&
                      bn->is_training() && bn->running_mean.defined() && leanApplies(x, torch::Tensor());
    if (!lean)
        return bn->forward(x);
    {
        torch::NoGradGuard noGrad;
        if (bn->num_batches_tracked.defined())
            bn->num_batches_tracked += 1; // as BatchNorm2d's forward counts
    }
    return BatchNormFunction::apply(x, bn->running_mean, bn->running_var, *options.momentum(), options.eps());
}

} // namespace gdas::engine
