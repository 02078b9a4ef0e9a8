#pragma once

// The candidate operations of the DARTS and NAS-Bench-201 spaces, shared by the search network
// (affine = false, as the official GDAS code) and the evaluation network (affine = true, as
// DARTS). Convolutions feeding a BatchNorm carry a bias exactly when the BatchNorm is not affine
// (the official GDAS code's `bias=not affine`); depthwise convolutions never do.
//
// Submodules are named as quark0/darts cnn/operations.py names them, so a network built from these
// ops has the DARTS reference's state_dict keys (ReLUConvBN: op.1.weight, op.2.running_mean, ...).
// The Sequentials hold the layers only for naming and registration: forward() calls the layers
// through typed handles, which avoids the type-erased dispatch of Sequential::forward and lets a
// ReLU run in place where its input is not needed again.

#include "engine/nn/ChannelsLastBatchNorm.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace gdas::engine {

// The mean over the spatial dimensions, [N, C, H, W] -> [N, C]: the networks' global average
// pooling (the official AdaptiveAvgPool2d(1), which LibTorch computes as this mean). The same
// values and gradients as x.mean({2, 3}), bit for bit, but the gradient comes back in x's own
// memory format: the mean's own backward hands back an expanded NCHW-ordered tensor, and the
// ReLU or cell before the pooling then ran its backward on mixed layouts (a ReLU backward of
// 64x256x8x8 took 1.4 ms instead of 0.2 ms).
torch::Tensor globalAveragePool(const torch::Tensor &x);

// A state that several operations read, with its ReLU made at most once. Most candidate
// operations begin with relu(x) (ReLUConvBN, DilConv, SepConv, FactorizedReduce); a cell state
// is read by up to four of them, and a cell's output by the next two cells' preprocessing. Each
// such op reads relu() instead of applying its own, so the state costs one ReLU in the forward
// and one mask in the backward however many ops read it, and the lean layers recompute none in
// their backward (they keep the ReLU output, which autograd keeps for the ReLU anyway).
// Copies share the ReLU (the network's stem feeds the first cell as both of its inputs).
class SharedRelu {
public:
    SharedRelu() = default;
    explicit SharedRelu(torch::Tensor x) : m_state(std::make_shared<State>()) { m_state->input = std::move(x); }
    // A state whose ReLU is made already (nodeWithRelu's pair).
    SharedRelu(torch::Tensor x, torch::Tensor relu) : m_state(std::make_shared<State>())
    {
        m_state->input = std::move(x);
        m_state->relu = std::move(relu);
    }
    // A search cell's output: its nodes side by side along the channels, cat(parts, 1), made
    // only when a reader needs it whole. A 1x1 ReLUConvBN (the next cells' preprocessing) reads
    // the parts' own ReLUs instead (OperationImpl::run), so neither the concatenation nor its
    // ReLU is written, and their backward passes (the ReLU's mask, the sum of the two readers'
    // gradients, the slices back into the nodes) are not made at the output's width.
    static SharedRelu concatenation(std::vector<SharedRelu> parts);

    // The state itself (for a concatenation, made on the first call).
    const torch::Tensor &input() const;
    // relu(input()), made on the first call (for a concatenation, the parts' ReLUs concatenated).
    const torch::Tensor &relu();
    // A concatenation's parts; empty for any other state.
    const std::vector<SharedRelu> &parts() const { return m_state->parts; }
    // The parts' ReLUs, each made at most once.
    std::vector<torch::Tensor> partRelus();
    // Whether relu() has been made (by a reader so far).
    bool reluMade() const { return m_state != nullptr && m_state->relu.defined(); }

private:
    struct State {
        torch::Tensor input;
        torch::Tensor relu;
        std::vector<SharedRelu> parts;
    };
    std::shared_ptr<State> m_state;
};

// Common base of every candidate operation: one input, one output.
class OperationImpl : public torch::nn::Module {
public:
    virtual torch::Tensor forward(const torch::Tensor &x) = 0;
    // True for 'none': its output is exactly zero, so callers may skip it structurally.
    virtual bool isZero() const { return false; }
    // True for an op that begins with relu(x): forward(x) is forwardRelu(relu(x)).
    virtual bool readsRelu() const { return false; }
    // The output for an input that is relu'd already (only for an op that readsRelu()).
    virtual torch::Tensor forwardRelu(const torch::Tensor &relu) { return forward(relu); }
    // True where the op, which readsRelu(), reads x itself and applies the ReLU as it loads it
    // (a 3x3 convolution on our Winograd kernels, engine/nn/Winograd3x3.h), so a shared ReLU of
    // x need not be made for it. False for an undefined x.
    virtual bool rectifiesOnLoad(const torch::Tensor &) const { return false; }
    // forward(x.input()), through x's shared ReLU where the op begins with one and does not
    // rectify on load (for a concatenation, through its parts where the op can read them:
    // runParts).
    torch::Tensor run(SharedRelu &x)
    {
        if (!x.parts().empty())
            if (auto out = runParts(x); out.defined())
                return out;
        if (!readsRelu() || rectifiesOnLoad(plainInput(x)))
            return forward(x.input());
        return forwardRelu(x.relu());
    }
    // The op's last layer where that is a BatchNorm (ReLUConvBN, DilConv, SepConv), so a caller
    // may fuse the normalisation into what follows it (EdgeWeights: a node's sum); null elsewhere.
    virtual torch::nn::BatchNorm2d *lastBatchNorm() { return nullptr; }
    // run(x) without its last layer: run(x) is batchNorm(runUnnormalised(x), *lastBatchNorm()).
    // Only for an op with a lastBatchNorm().
    torch::Tensor runUnnormalised(SharedRelu &x)
    {
        if (rectifiesOnLoad(plainInput(x)))
            return forwardUnnormalisedOnLoad(x.input());
        return forwardUnnormalised(x.relu());
    }

protected:
    // x's state where it is one tensor (not a concatenation made on demand); undefined otherwise.
    static torch::Tensor plainInput(const SharedRelu &x) { return x.parts().empty() ? x.input() : torch::Tensor(); }
    // forwardUnnormalised(relu(x)) for an x the op rectifies on load.
    virtual torch::Tensor forwardUnnormalisedOnLoad(const torch::Tensor &x);
    // forwardRelu(relu) without its last BatchNorm (an op with a lastBatchNorm() defines both
    // through it).
    virtual torch::Tensor forwardUnnormalised(const torch::Tensor &relu);
    // run(x) for a concatenation x read through its parts; undefined where the op cannot.
    virtual torch::Tensor runParts(SharedRelu &) { return torch::Tensor(); }
};
TORCH_MODULE(Operation);

// ReLU -> Conv -> BN. Keys: op.1.weight (op.1.bias when !affine), op.2.*.
class ReLUConvBNImpl : public OperationImpl {
public:
    ReLUConvBNImpl(int cIn, int cOut, int kernel, int stride, int padding, int dilation, bool affine);
    torch::Tensor forward(const torch::Tensor &x) override;
    bool readsRelu() const override { return true; }
    torch::Tensor forwardRelu(const torch::Tensor &relu) override;
    torch::nn::BatchNorm2d *lastBatchNorm() override { return &m_bn; }
    // The convolution, for a caller that runs it with others on the same input (reluConvGroup);
    // normalise(its product) is then this op's output.
    torch::nn::Conv2d &conv() { return m_conv; }
    torch::Tensor normalise(const torch::Tensor &product);
    // relu(normalise(product)) in one pass each way (channelsLastBatchNormRelu), for a state
    // whose readers all begin with its ReLU; undefined where that kernel does not apply.
    torch::Tensor normaliseRelu(const torch::Tensor &product);
    bool rectifiesOnLoad(const torch::Tensor &x) const override;

    torch::nn::Sequential op{nullptr};

private:
    torch::Tensor forwardUnnormalised(const torch::Tensor &relu) override;
    torch::Tensor forwardUnnormalisedOnLoad(const torch::Tensor &x) override;
    torch::Tensor runParts(SharedRelu &x) override;
    torch::nn::Conv2d m_conv{nullptr};
    torch::nn::BatchNorm2d m_bn{nullptr};
};
TORCH_MODULE(ReLUConvBN);

// ReLU -> depthwise (dilated) conv -> pointwise conv -> BN. The official GDAS SepConv
// (dil_sepc_KxK) computes the same. Keys: op.1.weight, op.2.weight, op.3.*.
class DilConvImpl : public OperationImpl {
public:
    DilConvImpl(int cIn, int cOut, int kernel, int stride, int padding, int dilation, bool affine);
    torch::Tensor forward(const torch::Tensor &x) override;
    bool readsRelu() const override { return true; }
    torch::Tensor forwardRelu(const torch::Tensor &relu) override;
    torch::nn::BatchNorm2d *lastBatchNorm() override { return &m_bn; }

    torch::nn::Sequential op{nullptr};

private:
    torch::Tensor forwardUnnormalised(const torch::Tensor &relu) override;
    int m_stride;
    int m_padding;
    int m_dilation;
    torch::nn::Conv2d m_depthwise{nullptr};
    torch::nn::Conv2d m_pointwise{nullptr};
    torch::nn::BatchNorm2d m_bn{nullptr};
};
TORCH_MODULE(DilConv);

// Two stacked separable convolutions, the first with the stride (DARTS SepConv; the official
// GDAS DualSepConv, dua_sepc_KxK, computes the same). Keys: op.1, op.2, op.3, op.5, op.6, op.7.
class SepConvImpl : public OperationImpl {
public:
    SepConvImpl(int cIn, int cOut, int kernel, int stride, int padding, bool affine);
    torch::Tensor forward(const torch::Tensor &x) override;
    bool readsRelu() const override { return true; }
    torch::Tensor forwardRelu(const torch::Tensor &relu) override;
    torch::nn::BatchNorm2d *lastBatchNorm() override { return &m_bn2; }

    torch::nn::Sequential op{nullptr};

private:
    torch::Tensor forwardUnnormalised(const torch::Tensor &relu) override;
    // The first half's output, the second half's input. Where the first BatchNorm applied the
    // ReLU (source defined), that ReLU, with the BatchNorm's input and normalisation
    // (normalisedSeparableConv2d); otherwise the BatchNorm's output, not relu'd.
    struct Hidden {
        torch::Tensor tensor;
        torch::Tensor source;
        Normalisation normalisation;
    };
    Hidden firstHalf(const torch::Tensor &x, bool inputIsRelu);
    torch::Tensor secondHalf(const Hidden &hidden);
    torch::Tensor secondHalfUnnormalised(const Hidden &hidden);

    int m_stride;
    int m_padding;
    torch::nn::Conv2d m_depthwise1{nullptr};
    torch::nn::Conv2d m_pointwise1{nullptr};
    torch::nn::BatchNorm2d m_bn1{nullptr};
    torch::nn::Conv2d m_depthwise2{nullptr};
    torch::nn::Conv2d m_pointwise2{nullptr};
    torch::nn::BatchNorm2d m_bn2{nullptr};
};
TORCH_MODULE(SepConv);

class IdentityImpl : public OperationImpl {
public:
    torch::Tensor forward(const torch::Tensor &x) override { return x; }
};
TORCH_MODULE(Identity);

// 'none': zeros shaped like the strided input with cOut channels.
class ZeroImpl : public OperationImpl {
public:
    ZeroImpl(int cOut, int stride);
    torch::Tensor forward(const torch::Tensor &x) override;
    bool isZero() const override { return true; }
    // The output shape for input `x`, without computing anything.
    std::vector<std::int64_t> outputShape(const torch::Tensor &x) const;

private:
    int m_cOut;
    int m_stride;
};
TORCH_MODULE(Zero);

// Halves the resolution with two 1x1 stride-2 convolutions, the second shifted by one pixel.
// Keys: conv_1, conv_2, bn. On odd sizes the shifted input is zero-padded at the end, as the
// official GDAS FactorizedReduce does; on even sizes that is DARTS' x[:, :, 1:, 1:].
class FactorizedReduceImpl : public OperationImpl {
public:
    FactorizedReduceImpl(int cIn, int cOut, bool affine);
    torch::Tensor forward(const torch::Tensor &x) override;
    bool readsRelu() const override { return true; }
    torch::Tensor forwardRelu(const torch::Tensor &relu) override;

    torch::nn::Conv2d conv_1{nullptr};
    torch::nn::Conv2d conv_2{nullptr};
    torch::nn::BatchNorm2d bn{nullptr};

private:
    torch::Tensor reduce(const torch::Tensor &x, bool inputIsRelu);
    // A cell's output read through its nodes (factorizedReduceParts): no concatenation.
    torch::Tensor runParts(SharedRelu &x) override;
};
TORCH_MODULE(FactorizedReduce);

enum class PoolingMode { Average, Max };

// 3x3 pooling, padding 1; average pooling excludes the padding from the count. With cIn != cOut a
// 1x1 ReLUConvBN ("preprocess") adapts the channels first (the official NAS-Bench-201 POOLING).
class PoolingImpl : public OperationImpl {
public:
    PoolingImpl(int cIn, int cOut, int stride, PoolingMode mode, bool affine);
    torch::Tensor forward(const torch::Tensor &x) override;
    int stride() const { return m_stride; }
    PoolingMode mode() const { return m_mode; }

    ReLUConvBN preprocess{nullptr};

private:
    int m_stride;
    PoolingMode m_mode;
};
TORCH_MODULE(Pooling);

// DARTS' conv_7x1_1x7 (and conv_3x1_1x3): ReLU -> (1xk) conv -> (kx1) conv -> BN, children
// named 0..3 as DARTS' bare Sequential names them.
class AsymmetricConvImpl : public OperationImpl {
public:
    AsymmetricConvImpl(int cIn, int cOut, int kernel, int stride, bool affine);
    torch::Tensor forward(const torch::Tensor &x) override;
    bool readsRelu() const override { return true; }
    torch::Tensor forwardRelu(const torch::Tensor &relu) override;

private:
    torch::nn::Conv2d m_conv1xk{nullptr};
    torch::nn::Conv2d m_convkx1{nullptr};
    torch::nn::BatchNorm2d m_bn{nullptr};
};
TORCH_MODULE(AsymmetricConv);

// The residual reduction block of NAS-Bench-201 (and its stride-1 form). Keys: conv_a, conv_b,
// downsample (stride 2: AvgPool2d(2, 2) then a 1x1 conv without bias -> downsample.1.weight;
// stride 1 with a channel change: a 1x1 ReLUConvBN).
class ResNetBasicBlockImpl : public torch::nn::Module {
public:
    ResNetBasicBlockImpl(int cIn, int cOut, int stride, bool affine = true);
    torch::Tensor forward(const torch::Tensor &x);

    ReLUConvBN conv_a{nullptr};
    ReLUConvBN conv_b{nullptr};

private:
    int m_stride;
    torch::nn::Conv2d m_downsampleConv{nullptr}; // stride 2
    ReLUConvBN m_downsampleProjection{nullptr};  // stride 1, cIn != cOut
};
TORCH_MODULE(ResNetBasicBlock);

// Builds a candidate operation by name. Names: none, skip_connect, sep_conv_{3x3,5x5,7x7},
// dil_conv_{3x3,5x5}, avg_pool_3x3, max_pool_3x3, conv_7x1_1x7, conv_3x1_1x3, nor_conv_{1x1,3x3,7x7}, and the
// official GDAS spellings dua_sepc_{3x3,5x5} (= sep_conv) and dil_sepc_{3x3,5x5} (= dil_conv).
// skip_connect is Identity at stride 1 with cIn == cOut, else FactorizedReduce (stride 2 only).
// Throws std::invalid_argument for unknown names or impossible shapes.
Operation createOp(std::string_view name, int cIn, int cOut, int stride, bool affine);

// Every name createOp accepts.
const std::vector<std::string> &knownOpNames();

} // namespace gdas::engine
