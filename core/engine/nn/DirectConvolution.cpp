#include "engine/nn/DirectConvolution.h"

#include "engine/distributed/AutocastGuard.h"
#include "engine/nn/VectorClones.h"

#include <ATen/record_function.h>
#include <torch/torch.h>

#if GDAS_HAVE_ONEDNN
#include <oneapi/dnnl/dnnl.hpp>

#include <memory>
#include <mutex>
#include <unordered_map>
#endif

namespace gdas::engine {

namespace {

KernelSwitch g_directConvolution("GDAS_DIRECT_CONVOLUTION");

std::vector<std::int64_t> biasSizeOf(const torch::Tensor &weight) { return {weight.size(0)}; }

// LibTorch's own path, where the direct one does not take a geometry.
torch::Tensor libtorchConv2d(const torch::Tensor &x, const torch::Tensor &weight, const torch::Tensor &bias,
                             const std::vector<std::int64_t> &stride, const std::vector<std::int64_t> &padding,
                             const std::vector<std::int64_t> &dilation)
{
    return at::conv2d(x, weight, bias, stride, padding, dilation, 1);
}

std::tuple<torch::Tensor, torch::Tensor, torch::Tensor>
libtorchBackward(const torch::Tensor &grad, const torch::Tensor &x, const torch::Tensor &weight, bool hasBias,
                 const std::vector<std::int64_t> &stride, const std::vector<std::int64_t> &padding,
                 const std::vector<std::int64_t> &dilation, std::array<bool, 3> mask)
{
    const auto biasSize = biasSizeOf(weight);
    const at::OptionalIntArrayRef biasSizes =
        hasBias ? at::OptionalIntArrayRef(biasSize) : at::OptionalIntArrayRef(c10::nullopt);
    return at::convolution_backward(grad, x, weight, biasSizes, stride, padding, dilation, false, {0, 0}, 1, mask);
}

#if GDAS_HAVE_ONEDNN

using dnnl::memory;
using Tag = memory::format_tag;

dnnl::engine &cpuEngine()
{
    static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
    return engine;
}

// A stream per thread: a stream is not to be shared by threads that execute at the same time.
dnnl::stream &threadStream()
{
    thread_local dnnl::stream stream(cpuEngine());
    return stream;
}

// One geometry: batch, input channels, height, width, output channels, kernel height and width,
// strides, paddings, dilations, whether there is a bias, and the weight's layout.
struct Geometry {
    std::array<std::int64_t, 15> values{};
    bool operator==(const Geometry &other) const { return values == other.values; }
};

struct GeometryHash {
    std::size_t operator()(const Geometry &g) const
    {
        std::size_t h = 0;
        for (const auto v : g.values)
            h = h * 1000003u ^ static_cast<std::size_t>(v);
        return h;
    }
};

// The primitives of one geometry, made once. Weights and the weight gradient are in the user's
// layout (`weights`); where a primitive wants another, a kept reorder converts them.
struct Primitives {
    memory::desc src, dst, weights, bias;
    dnnl::convolution_forward::primitive_desc forwardDesc;
    dnnl::convolution_backward_data::primitive_desc dataDesc;
    dnnl::convolution_backward_weights::primitive_desc weightsDesc;
    dnnl::convolution_forward forward;
    dnnl::convolution_backward_data backwardData;
    dnnl::convolution_backward_weights backwardWeights;
    bool forwardReorders = false, dataReorders = false, gradientReorders = false;
    dnnl::reorder toForwardWeights, toDataWeights, fromGradientWeights;
};

memory::dims dims2(const std::vector<std::int64_t> &v) { return {v[0], v[1]}; }

std::unique_ptr<Primitives> makePrimitives(const torch::Tensor &x, const torch::Tensor &weight, bool hasBias,
                                           const std::vector<std::int64_t> &stride,
                                           const std::vector<std::int64_t> &padding,
                                           const std::vector<std::int64_t> &dilation, bool weightChannelsLast)
{
    auto &engine = cpuEngine();
    auto p = std::make_unique<Primitives>();
    const auto n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
    const auto o = weight.size(0), kh = weight.size(2), kw = weight.size(3);
    const auto oh = (h + 2 * padding[0] - dilation[0] * (kh - 1) - 1) / stride[0] + 1;
    const auto ow = (w + 2 * padding[1] - dilation[1] * (kw - 1) - 1) / stride[1] + 1;
    const auto f32 = memory::data_type::f32;
    p->src = memory::desc({n, c, h, w}, f32, Tag::nhwc);
    p->dst = memory::desc({n, o, oh, ow}, f32, Tag::nhwc);
    p->weights = memory::desc({o, c, kh, kw}, f32, weightChannelsLast ? Tag::ohwi : Tag::oihw);
    p->bias = memory::desc({o}, f32, Tag::x);
    const memory::desc anyWeights({o, c, kh, kw}, f32, Tag::any);
    const memory::desc noBias;
    // oneDNN counts dilation from 0 (no gap), LibTorch from 1.
    const memory::dims strides = dims2(stride), pads = dims2(padding), dilates{dilation[0] - 1, dilation[1] - 1};
    dnnl::primitive_attr attr;
    attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);

    p->forwardDesc = dnnl::convolution_forward::primitive_desc(
        dnnl::convolution_forward::desc(dnnl::prop_kind::forward_training, dnnl::algorithm::convolution_direct, p->src,
                                        anyWeights, hasBias ? p->bias : noBias, p->dst, strides, dilates, pads, pads),
        attr, engine);
    p->dataDesc = dnnl::convolution_backward_data::primitive_desc(
        dnnl::convolution_backward_data::desc(dnnl::algorithm::convolution_direct, p->src, anyWeights, p->dst, strides,
                                              dilates, pads, pads),
        attr, engine, p->forwardDesc);
    p->weightsDesc = dnnl::convolution_backward_weights::primitive_desc(
        dnnl::convolution_backward_weights::desc(dnnl::algorithm::convolution_direct, p->src, anyWeights,
                                                 hasBias ? p->bias : noBias, p->dst, strides, dilates, pads, pads),
        attr, engine, p->forwardDesc);
    p->forward = dnnl::convolution_forward(p->forwardDesc);
    p->backwardData = dnnl::convolution_backward_data(p->dataDesc);
    p->backwardWeights = dnnl::convolution_backward_weights(p->weightsDesc);
    p->forwardReorders = p->forwardDesc.weights_desc() != p->weights;
    if (p->forwardReorders)
        p->toForwardWeights = dnnl::reorder(dnnl::reorder::primitive_desc(engine, p->weights, engine,
                                                                          p->forwardDesc.weights_desc()));
    p->dataReorders = p->dataDesc.weights_desc() != p->weights;
    if (p->dataReorders)
        p->toDataWeights =
            dnnl::reorder(dnnl::reorder::primitive_desc(engine, p->weights, engine, p->dataDesc.weights_desc()));
    p->gradientReorders = p->weightsDesc.diff_weights_desc() != p->weights;
    if (p->gradientReorders)
        p->fromGradientWeights = dnnl::reorder(
            dnnl::reorder::primitive_desc(engine, p->weightsDesc.diff_weights_desc(), engine, p->weights));
    return p;
}

// The primitives for this geometry, made on first use; null where oneDNN refuses it (then that
// geometry goes to LibTorch from then on).
const Primitives *primitivesFor(const torch::Tensor &x, const torch::Tensor &weight, bool hasBias,
                                const std::vector<std::int64_t> &stride, const std::vector<std::int64_t> &padding,
                                const std::vector<std::int64_t> &dilation)
{
    const bool weightChannelsLast = !weight.is_contiguous() && weight.is_contiguous(at::MemoryFormat::ChannelsLast);
    Geometry key;
    key.values = {x.size(0),   x.size(1),   x.size(2),  x.size(3),   weight.size(0),
                  weight.size(2), weight.size(3), stride[0], stride[1], padding[0],
                  padding[1],  dilation[0], dilation[1], hasBias ? 1 : 0, weightChannelsLast ? 1 : 0};
    static std::mutex mutex;
    static std::unordered_map<Geometry, std::unique_ptr<Primitives>, GeometryHash> cache;
    const std::lock_guard<std::mutex> lock(mutex);
    const auto found = cache.find(key);
    if (found != cache.end())
        return found->second.get();
    std::unique_ptr<Primitives> made;
    try {
        made = makePrimitives(x, weight, hasBias, stride, padding, dilation, weightChannelsLast);
    } catch (const dnnl::error &) {
        made = nullptr;
    }
    return cache.emplace(key, std::move(made)).first->second.get();
}

memory wrap(const memory::desc &desc, const torch::Tensor &t)
{
    return memory(desc, cpuEngine(), const_cast<void *>(t.data_ptr()));
}

// A buffer of oneDNN's own layout `desc`, from LibTorch's allocator (tcmalloc's cache).
torch::Tensor bufferFor(const memory::desc &desc, const torch::Tensor &like)
{
    const auto bytes = static_cast<std::int64_t>(desc.get_size());
    return at::empty({(bytes + 3) / 4}, like.options());
}

torch::Tensor scratchpadFor(const memory::desc &desc, const torch::Tensor &like)
{
    return bufferFor(desc, like);
}

// The weights in the layout `desc`: the tensor itself, or a reordered copy.
torch::Tensor weightsAs(const torch::Tensor &weight, const Primitives &p, bool reorders, const dnnl::reorder &reorder,
                        const memory::desc &desc, memory &out)
{
    if (!reorders) {
        out = wrap(p.weights, weight);
        return weight;
    }
    auto buffer = bufferFor(desc, weight);
    out = wrap(desc, buffer);
    auto user = wrap(p.weights, weight);
    reorder.execute(threadStream(), user, out);
    return buffer;
}

#endif

bool shapesApply(const torch::Tensor &x, const torch::Tensor &weight, std::int64_t groups)
{
    return x.defined() && weight.defined() && x.device().is_cpu() && weight.device().is_cpu() &&
           x.scalar_type() == torch::kFloat && weight.scalar_type() == torch::kFloat && x.dim() == 4 &&
           weight.dim() == 4 && groups == 1 && weight.size(1) == x.size(1) && x.numel() > 0 && weight.numel() > 0 &&
           x.is_contiguous(at::MemoryFormat::ChannelsLast) &&
           (weight.is_contiguous() || weight.is_contiguous(at::MemoryFormat::ChannelsLast)) &&
           !AutocastGuard::active(c10::DeviceType::CPU);
}

} // namespace

bool directConvolutionEnabled()
{
#if GDAS_HAVE_ONEDNN
    return g_directConvolution.on();
#else
    return false;
#endif
}

void setDirectConvolutionEnabled(bool enabled) { g_directConvolution.set(enabled); }

bool directConvolutionApplies(const torch::Tensor &x, const torch::Tensor &weight, std::int64_t groups)
{
    return directConvolutionEnabled() && shapesApply(x, weight, groups);
}

torch::Tensor directConv2d(const torch::Tensor &x, const torch::Tensor &weight, const torch::Tensor &bias,
                           const std::vector<std::int64_t> &stride, const std::vector<std::int64_t> &padding,
                           const std::vector<std::int64_t> &dilation)
{
    const bool hasBias = bias.defined() && bias.numel() > 0;
#if GDAS_HAVE_ONEDNN
    const auto *p = directConvolutionApplies(x, weight, 1)
                        ? primitivesFor(x, weight, hasBias, stride, padding, dilation)
                        : nullptr;
    if (p != nullptr) {
        RECORD_FUNCTION("gdas::convolution", std::vector<c10::IValue>({x, weight}));
        const auto &dims = p->dst.dims();
        auto out = at::empty({dims[0], dims[1], dims[2], dims[3]},
                             x.options().memory_format(at::MemoryFormat::ChannelsLast));
        memory weights;
        const auto kept = weightsAs(weight, *p, p->forwardReorders, p->toForwardWeights,
                                    p->forwardDesc.weights_desc(), weights);
        const auto scratchpad = scratchpadFor(p->forwardDesc.scratchpad_desc(), x);
        const auto biasContiguous = hasBias ? bias.contiguous() : torch::Tensor();
        std::unordered_map<int, memory> args{{DNNL_ARG_SRC, wrap(p->src, x)},
                                             {DNNL_ARG_WEIGHTS, weights},
                                             {DNNL_ARG_DST, wrap(p->dst, out)},
                                             {DNNL_ARG_SCRATCHPAD, wrap(p->forwardDesc.scratchpad_desc(), scratchpad)}};
        if (hasBias)
            args.emplace(DNNL_ARG_BIAS, wrap(p->bias, biasContiguous));
        p->forward.execute(threadStream(), args);
        threadStream().wait();
        return out;
    }
#endif
    return libtorchConv2d(x, weight, hasBias ? bias : torch::Tensor(), stride, padding, dilation);
}

std::tuple<torch::Tensor, torch::Tensor, torch::Tensor>
directConvolutionBackward(const torch::Tensor &grad, const torch::Tensor &x, const torch::Tensor &weight,
                          bool hasBias, const std::vector<std::int64_t> &stride,
                          const std::vector<std::int64_t> &padding, const std::vector<std::int64_t> &dilation,
                          std::array<bool, 3> mask)
{
#if GDAS_HAVE_ONEDNN
    const auto *p = directConvolutionApplies(x, weight, 1) && grad.scalar_type() == torch::kFloat && grad.dim() == 4
                        ? primitivesFor(x, weight, hasBias, stride, padding, dilation)
                        : nullptr;
    if (p != nullptr) {
        RECORD_FUNCTION("gdas::convolution_backward", std::vector<c10::IValue>({grad, x, weight}));
        const auto g = grad.contiguous(at::MemoryFormat::ChannelsLast);
        auto &stream = threadStream();
        const auto gradMemory = wrap(p->dst, g);
        torch::Tensor gradInput, gradWeight, gradBias;
        if (mask[0]) {
            gradInput = at::empty_like(x, x.options().memory_format(at::MemoryFormat::ChannelsLast));
            memory weights;
            const auto kept =
                weightsAs(weight, *p, p->dataReorders, p->toDataWeights, p->dataDesc.weights_desc(), weights);
            const auto scratchpad = scratchpadFor(p->dataDesc.scratchpad_desc(), x);
            p->backwardData.execute(stream, {{DNNL_ARG_DIFF_DST, gradMemory},
                                             {DNNL_ARG_WEIGHTS, weights},
                                             {DNNL_ARG_DIFF_SRC, wrap(p->src, gradInput)},
                                             {DNNL_ARG_SCRATCHPAD, wrap(p->dataDesc.scratchpad_desc(), scratchpad)}});
            stream.wait();
        }
        if (mask[1] || (hasBias && mask[2])) {
            // oneDNN computes the weight gradient and the bias gradient together.
            gradWeight = at::empty_like(weight);
            const auto diffWeightsDesc = p->weightsDesc.diff_weights_desc();
            const auto buffer = p->gradientReorders ? bufferFor(diffWeightsDesc, weight) : gradWeight;
            gradBias = hasBias ? at::empty({weight.size(0)}, weight.options()) : torch::Tensor();
            const auto scratchpad = scratchpadFor(p->weightsDesc.scratchpad_desc(), x);
            std::unordered_map<int, memory> args{
                {DNNL_ARG_SRC, wrap(p->src, x)},
                {DNNL_ARG_DIFF_DST, gradMemory},
                {DNNL_ARG_DIFF_WEIGHTS, wrap(diffWeightsDesc, buffer)},
                {DNNL_ARG_SCRATCHPAD, wrap(p->weightsDesc.scratchpad_desc(), scratchpad)}};
            if (hasBias)
                args.emplace(DNNL_ARG_DIFF_BIAS, wrap(p->bias, gradBias));
            p->backwardWeights.execute(stream, args);
            if (p->gradientReorders) {
                auto from = wrap(diffWeightsDesc, buffer);
                auto to = wrap(p->weights, gradWeight);
                p->fromGradientWeights.execute(stream, from, to);
            }
            stream.wait();
            if (!mask[1])
                gradWeight = torch::Tensor();
            if (!mask[2])
                gradBias = torch::Tensor();
        }
        return {gradInput, gradWeight, gradBias};
    }
#endif
    return libtorchBackward(grad, x, weight, hasBias, stride, padding, dilation, mask);
}

} // namespace gdas::engine
