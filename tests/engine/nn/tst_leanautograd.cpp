// LibTorch before Qt: Qt's `slots` macro breaks ATen headers.
#include "engine/CpuMemory.h"
#include "engine/nn/ChannelsLastBatchNorm.h"
#include "engine/nn/LeanAutograd.h"
#include "engine/nn/Operations.h"
#include "engine/nn/Pointwise.h"
#include "engine/nn/VectorClones.h"

#include <c10/core/CPUAllocator.h>
#include <torch/torch.h>

#include <QtTest/QtTest>

#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <new>
#include <optional>
#include <string>
#include <vector>

using namespace gdas::engine;

namespace {

struct Pass {
    torch::Tensor out;
    torch::Tensor gradInput;
    std::vector<torch::Tensor> gradParameters;
    std::vector<torch::Tensor> buffers;
    std::string gradFn;
    std::string inputGradFn; // of the output's node's first input
};

struct OpCase {
    std::string op;
    int cIn = 16, cOut = 16, stride = 1, side = 8;
    bool affine = false, channelsLast = false;
};

Operation build(const OpCase &c)
{
    torch::manual_seed(7); // both passes start from the same weights
    auto op = createOp(c.op, c.cIn, c.cOut, c.stride, c.affine);
    op->train();
    if (c.channelsLast) {
        torch::NoGradGuard noGrad;
        for (auto &p : op->parameters())
            if (p.dim() == 4)
                p.set_data(p.contiguous(at::MemoryFormat::ChannelsLast));
    }
    return op;
}

torch::Tensor input(const OpCase &c)
{
    auto x = torch::randn({4, c.cIn, c.side, c.side}, torch::Generator(at::detail::createCPUGenerator(11)));
    return c.channelsLast ? x.contiguous(at::MemoryFormat::ChannelsLast) : x;
}

// Forward, then backward with a fixed output gradient; twice (the second pass sees the running
// statistics the first one updated, as in training).
Pass run(const OpCase &c, bool lean)
{
    // The plain pass is LibTorch's layers throughout: our channels-last BatchNorm off as well.
    setLeanAutogradEnabled(lean);
    setChannelsLastBatchNormEnabled(lean);
    auto op = build(c);
    Pass pass;
    for (int repeat = 0; repeat < 2; ++repeat) {
        const auto x = input(c).requires_grad_(true);
        pass.out = op->forward(x);
        const auto grad = torch::randn(pass.out.sizes(), torch::Generator(at::detail::createCPUGenerator(13 + repeat)));
        pass.gradFn = pass.out.grad_fn() ? pass.out.grad_fn()->name() : std::string();
        if (pass.out.grad_fn() && !pass.out.grad_fn()->next_edges().empty() &&
            pass.out.grad_fn()->next_edges()[0].function)
            pass.inputGradFn = pass.out.grad_fn()->next_edges()[0].function->name();
        pass.out.backward(grad);
        pass.gradInput = x.grad().clone();
    }
    for (const auto &p : op->parameters())
        pass.gradParameters.push_back(p.grad().defined() ? p.grad().clone() : torch::Tensor());
    for (const auto &b : op->buffers())
        pass.buffers.push_back(b.clone());
    setLeanAutogradEnabled(true);
    setChannelsLastBatchNormEnabled(true);
    return pass;
}

void expectClose(const torch::Tensor &lean, const torch::Tensor &plain, const char *what)
{
    QVERIFY2(lean.defined() == plain.defined(), what);
    if (!lean.defined())
        return;
    QCOMPARE(lean.sizes().vec(), plain.sizes().vec());
    // float32 sums over a few hundred terms, taken in another order: a few 1e-5 apart (the
    // convolution biases before a BatchNorm, whose true gradient is zero, show it most). A wrong
    // formula is off by the gradient's own size.
    const double scale = std::max(1.0, plain.abs().max().item<double>());
    const double error = (lean - plain).abs().max().item<double>();
    if (error > 2e-4 * scale)
        QFAIL(qPrintable(QString("%1 differs by %2 (scale %3)").arg(what).arg(error).arg(scale)));
}

// Bias-free 1x1 convolutions from cIn channels to each width, their weights channels-last (as
// the networks lay them out), and pointers to them (reluConvGroup's argument).
std::vector<torch::nn::Conv2d> pointwiseConvs(int cIn, const std::vector<int> &widths)
{
    std::vector<torch::nn::Conv2d> convs;
    for (const int w : widths) {
        convs.emplace_back(torch::nn::Conv2dOptions(cIn, w, 1).bias(false));
        torch::NoGradGuard noGrad;
        convs.back()->weight.set_data(convs.back()->weight.contiguous(at::MemoryFormat::ChannelsLast));
    }
    return convs;
}

std::vector<torch::nn::Conv2d *> pointersTo(std::vector<torch::nn::Conv2d> &convs)
{
    std::vector<torch::nn::Conv2d *> pointers;
    for (auto &conv : convs)
        pointers.push_back(&conv);
    return pointers;
}

// A CPU allocator for LibTorch that leaves slack(n) bytes of a known pattern after every block of
// n bytes and counts the blocks whose pattern changed: a kernel that writes past the end of its
// buffer is seen where it did so (in the slack, not in another block), whatever the heap would
// have made of it. LibTorch's oneDNN does that on the weight gradient of a strided 1x1
// convolution with few input channels on AVX2 (engine/nn/Pointwise.h, stridedPointwiseOnCpu):
// with 2 input channels it writes more than a page past a 2 KiB buffer (valgrind), about what
// a buffer padded to 8 channels would take, hence 8 times the block.
class TailGuardAllocator final : public c10::Allocator {
public:
    static constexpr unsigned char kPattern = 0xA5;
    static std::size_t slack(std::size_t bytes) { return 8 * bytes + 4096; }

    c10::DataPtr allocate(std::size_t bytes) const override
    {
        void *block = nullptr;
        if (posix_memalign(&block, 64, bytes + slack(bytes)) != 0)
            throw std::bad_alloc();
        std::memset(static_cast<char *>(block) + bytes, kPattern, slack(bytes));
        std::lock_guard lock(m_mutex);
        m_blocks[block] = bytes;
        return {block, block, &TailGuardAllocator::release, c10::Device(c10::DeviceType::CPU)};
    }
    c10::DeleterFnPtr raw_deleter() const override { return &TailGuardAllocator::release; }

    // Never destroyed: LibTorch frees blocks it keeps (caches) after main returns.
    static TailGuardAllocator &instance()
    {
        static auto *allocator = new TailGuardAllocator;
        return *allocator;
    }
    void resetCount()
    {
        std::lock_guard lock(m_mutex);
        m_overrunsFreed = 0;
    }
    // Blocks whose slack changed: those freed since resetCount() and those alive now.
    int overruns() const
    {
        std::lock_guard lock(m_mutex);
        int count = m_overrunsFreed;
        for (const auto &[block, bytes] : m_blocks)
            count += intact(block, bytes) ? 0 : 1;
        return count;
    }

private:
    static bool intact(const void *block, std::size_t bytes)
    {
        const auto *tail = static_cast<const unsigned char *>(block) + bytes;
        for (std::size_t i = 0, n = slack(bytes); i < n; ++i)
            if (tail[i] != kPattern)
                return false;
        return true;
    }
    static void release(void *block)
    {
        auto &self = instance();
        {
            std::lock_guard lock(self.m_mutex);
            const auto it = self.m_blocks.find(block);
            if (it != self.m_blocks.end()) {
                self.m_overrunsFreed += intact(block, it->second) ? 0 : 1;
                self.m_blocks.erase(it);
            }
        }
        std::free(block);
    }

    mutable std::mutex m_mutex;
    mutable std::map<void *, std::size_t> m_blocks;
    int m_overrunsFreed = 0;
};

// LibTorch's CPU tensors come from TailGuardAllocator while this lives.
class TailGuardScope {
public:
    TailGuardScope() : m_previous(c10::GetCPUAllocator())
    {
        c10::SetCPUAllocator(&TailGuardAllocator::instance(), 255);
        TailGuardAllocator::instance().resetCount();
    }
    ~TailGuardScope() { c10::SetCPUAllocator(m_previous, 255); }
    TailGuardScope(const TailGuardScope &) = delete;
    TailGuardScope &operator=(const TailGuardScope &) = delete;

private:
    c10::Allocator *m_previous;
};

} // namespace

class TestLeanAutograd : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(1); }

    void sameResultsAsPlainLayers_data()
    {
        QTest::addColumn<QString>("op");
        QTest::addColumn<int>("cIn");
        QTest::addColumn<int>("cOut");
        QTest::addColumn<int>("stride");
        QTest::addColumn<int>("side");
        const struct {
            const char *op;
            int cIn, cOut, stride, side;
        } ops[] = {{"sep_conv_3x3", 16, 16, 1, 8},
                   {"sep_conv_3x3", 16, 16, 2, 8},
                   {"sep_conv_5x5", 16, 16, 2, 8},
                   {"dil_conv_3x3", 16, 16, 1, 8},
                   // Strided on odd sides: the input gradient's last row and column.
                   {"sep_conv_3x3", 16, 16, 2, 7},
                   {"sep_conv_5x5", 16, 16, 2, 7},
                   {"dil_conv_3x3", 16, 16, 2, 7},
                   {"dil_conv_5x5", 16, 16, 2, 9},
                   {"dil_conv_5x5", 16, 16, 2, 8},
                   {"nor_conv_1x1", 48, 16, 1, 8},
                   {"nor_conv_3x3", 16, 16, 1, 8},
                   {"conv_7x1_1x7", 16, 16, 2, 8},
                   {"skip_connect", 16, 16, 2, 8},
                   {"skip_connect", 16, 16, 2, 7},
                   // Halves of 16 channels: on our 1x1 kernels (channels-last).
                   {"skip_connect", 32, 32, 2, 8},
                   {"skip_connect", 64, 32, 2, 6},
                   {"max_pool_3x3", 16, 16, 1, 8},
                   {"max_pool_3x3", 16, 16, 2, 7},
                   {"avg_pool_3x3", 16, 32, 2, 8}};
        for (const auto &o : ops)
            for (const bool affine : {false, true})
                for (const bool channelsLast : {false, true}) {
                    const auto name = QString("%1 s%2 %3px %4 %5")
                                          .arg(o.op)
                                          .arg(o.stride)
                                          .arg(o.side)
                                          .arg(affine ? "affine" : "search")
                                          .arg(channelsLast ? "NHWC" : "NCHW");
                    QTest::newRow(qPrintable(name)) << QString(o.op) << o.cIn << o.cOut << o.stride << o.side;
                }
    }
    void sameResultsAsPlainLayers()
    {
        QFETCH(QString, op);
        QFETCH(int, cIn);
        QFETCH(int, cOut);
        QFETCH(int, stride);
        QFETCH(int, side);
        const QString tag = QTest::currentDataTag();
        OpCase c{op.toStdString(), cIn, cOut, stride, side, tag.contains(" affine"), tag.contains("NHWC")};

        const Pass plain = run(c, false);
        const Pass lean = run(c, true);
        expectClose(lean.out, plain.out, "output");
        expectClose(lean.gradInput, plain.gradInput, "input gradient");
        QCOMPARE(lean.gradParameters.size(), plain.gradParameters.size());
        for (std::size_t i = 0; i < plain.gradParameters.size(); ++i)
            expectClose(lean.gradParameters[i], plain.gradParameters[i],
                        qPrintable(QString("gradient of parameter %1").arg(i)));
        QCOMPARE(lean.buffers.size(), plain.buffers.size());
        for (std::size_t i = 0; i < plain.buffers.size(); ++i) { // running mean, var, count
            const auto what = QString("buffer %1").arg(i);
            if (c.channelsLast && lean.buffers[i].is_floating_point()) {
                // Our channels-last BatchNorm sums its statistics in double, LibTorch's in
                // float: the running statistics agree to float rounding (tst_channelslastbatchnorm
                // holds ours to float64's).
                const double scale = std::max(1.0, plain.buffers[i].abs().max().item<double>());
                QVERIFY2((lean.buffers[i] - plain.buffers[i]).abs().max().item<double>() <= 1e-6 * scale,
                         qPrintable(what));
            } else {
                QVERIFY2(torch::equal(lean.buffers[i], plain.buffers[i]), qPrintable(what));
            }
        }

        // The lean path did run where it applies: a search op ending in a BatchNorm ends in the
        // lean one (NCHW) or our channels-last one (NHWC); an affine NCHW BatchNorm stays
        // LibTorch's own.
        const bool endsInBatchNorm = op != "max_pool_3x3" && !(op == "avg_pool_3x3");
        if (endsInBatchNorm) {
            const bool leanNorm = QString::fromStdString(lean.gradFn).contains("BatchNormFunction");
            QCOMPARE(leanNorm, !c.affine || c.channelsLast);
            QVERIFY(!QString::fromStdString(plain.gradFn).contains("BatchNormFunction"));
        }
        // FactorizedReduce on even sides: one node for both convolutions, on our 1x1 kernels
        // where its halves' channels and the layout let them.
        if (op == "skip_connect" && side % 2 == 0) {
            const bool ownKernels = c.channelsLast && (cOut / 2) % 16 == 0;
            QVERIFY2(QString::fromStdString(lean.inputGradFn)
                         .contains(ownKernels ? "FactorizedReducePartsFunction" : "FactorizedReduceFunction"),
                     lean.inputGradFn.c_str());
        }
        // Max pooling keeps its input only: our channels-last kernel's node (PoolFunction) or,
        // for NCHW, ATen's kernels in AtenMaxPoolFunction.
        if (op == "max_pool_3x3")
            QVERIFY(
                QString::fromStdString(lean.gradFn).contains(c.channelsLast ? "PoolFunction<" : "AtenMaxPoolFunction"));
    }

    void inputGradientOnly_data()
    {
        QTest::addColumn<QString>("op");
        QTest::newRow("sep_conv_3x3") << "sep_conv_3x3";
        QTest::newRow("sep_conv_5x5") << "sep_conv_5x5";
        QTest::newRow("dil_conv_5x5") << "dil_conv_5x5";
        QTest::newRow("nor_conv_3x3") << "nor_conv_3x3";
    }
    void inputGradientOnly()
    {
        // An arch step asks autograd for the gradient of α only: the lean layers then skip the
        // weight gradients and the depthwise recomputation, and the input gradient must not
        // change. Nothing may land in the weights' .grad.
        QFETCH(QString, op);
        OpCase c{op.toStdString()};
        c.channelsLast = true;
        torch::Tensor expected[2];
        for (const bool lean : {false, true}) {
            setLeanAutogradEnabled(lean);
            auto module = build(c);
            const auto x = input(c).requires_grad_(true);
            const auto out = module->forward(x);
            const auto grad = torch::randn(out.sizes(), torch::Generator(at::detail::createCPUGenerator(5)));
            expected[lean ? 1 : 0] = torch::autograd::grad({out}, {x}, {grad})[0];
            for (const auto &p : module->parameters())
                QVERIFY(!p.grad().defined());
        }
        setLeanAutogradEnabled(true);
        expectClose(expected[1], expected[0], "input gradient");
    }

    void sharedReluSameResults_data()
    {
        QTest::addColumn<QString>("op");
        QTest::addColumn<int>("cIn");
        QTest::addColumn<int>("stride");
        QTest::addColumn<int>("side");
        const struct {
            const char *op;
            int cIn, stride, side;
        } ops[] = {{"sep_conv_3x3", 16, 1, 8}, {"sep_conv_5x5", 16, 2, 7}, {"dil_conv_3x3", 16, 1, 8},
                   {"dil_conv_5x5", 16, 2, 8}, {"nor_conv_1x1", 48, 1, 8}, {"nor_conv_3x3", 16, 1, 8},
                   {"skip_connect", 16, 2, 8}, {"skip_connect", 16, 2, 7}, {"conv_7x1_1x7", 16, 2, 8}};
        for (const auto &o : ops)
            for (const bool lean : {false, true})
                for (const bool keep : {false, true})
                    QTest::newRow(qPrintable(QString("%1 s%2 %3px %4%5")
                                                 .arg(o.op)
                                                 .arg(o.stride)
                                                 .arg(o.side)
                                                 .arg(lean ? "lean" : "plain")
                                                 .arg(keep ? " keep-depthwise" : "")))
                        << QString(o.op) << o.cIn << o.stride << o.side;
    }
    void sharedReluSameResults()
    {
        // Two ops that begin with a ReLU read one state through its SharedRelu (one ReLU, masked
        // once in the backward, never recomputed), against each applying its own: the same
        // outputs and gradients, with the lean layers and without, and with the depthwise
        // outputs kept for the weights' gradients (a search's weights step) or not.
        QFETCH(QString, op);
        QFETCH(int, cIn);
        QFETCH(int, stride);
        QFETCH(int, side);
        const QString tag = QTest::currentDataTag();
        const bool lean = tag.contains("lean");
        OpCase c{op.toStdString(), cIn, 16, stride, side, false, true};
        setLeanAutogradEnabled(lean);
        auto first = build(c);
        auto second = build(c);
        {
            torch::NoGradGuard noGrad; // two different ops
            for (auto &p : second->parameters())
                p.mul_(-0.5);
        }
        QVERIFY(first->readsRelu());
        // The weights step keeps the depthwise outputs, the arch step does not.
        std::optional<KeepDepthwiseOutputsGuard> keep;
        if (tag.contains("keep-depthwise"))
            keep.emplace();

        torch::Tensor outs[2], gradInputs[2];
        std::vector<torch::Tensor> gradParameters[2];
        for (const bool shared : {false, true}) {
            for (auto &p : first->parameters())
                p.mutable_grad() = torch::Tensor();
            for (auto &p : second->parameters())
                p.mutable_grad() = torch::Tensor();
            const auto x = input(c).requires_grad_(true);
            torch::Tensor out;
            if (shared) {
                SharedRelu state(x);
                out = first->run(state) + second->run(state);
                QVERIFY(state.relu().is_same(state.relu())); // made once
            } else {
                out = first->forward(x) + second->forward(x);
            }
            out.backward(torch::randn(out.sizes(), torch::Generator(at::detail::createCPUGenerator(21))));
            outs[shared] = out.detach();
            gradInputs[shared] = x.grad();
            for (auto *module : {&first, &second})
                for (const auto &p : (*module)->parameters())
                    gradParameters[shared].push_back(p.grad());
        }
        setLeanAutogradEnabled(true);
        expectClose(outs[1], outs[0], "output");
        expectClose(gradInputs[1], gradInputs[0], "input gradient");
        QCOMPARE(gradParameters[1].size(), gradParameters[0].size());
        for (std::size_t i = 0; i < gradParameters[0].size(); ++i)
            expectClose(gradParameters[1][i], gradParameters[0][i],
                        qPrintable(QString("gradient of parameter %1").arg(i)));
    }

    // A 1x1 ReLUConvBN reading a concatenation (a cell's output, read by the next cells'
    // preprocessing) whose parts have no ReLU yet rectifies them as its product loads them: no
    // part's ReLU is made, and the outputs and gradients are those of the op on cat(parts). Where
    // a part's ReLU is made already, it reads the parts' ReLUs, with the same results.
    void concatenationRectifiedOnLoad_data()
    {
        QTest::addColumn<bool>("reluMadeBefore");
        QTest::newRow("on load") << false;
        QTest::newRow("through the parts' ReLUs") << true;
    }
    void concatenationRectifiedOnLoad()
    {
        QFETCH(bool, reluMadeBefore);
        OpCase c{"nor_conv_1x1", 48, 16, 1, 8, false, true};
        torch::Tensor outs[2];
        std::vector<torch::Tensor> grads[2];
        for (const bool throughParts : {false, true}) {
            auto op = build(c);
            std::vector<torch::Tensor> parts;
            for (int k = 0; k < 3; ++k)
                parts.push_back(torch::randn({4, 16, 8, 8}, torch::Generator(at::detail::createCPUGenerator(40 + k)))
                                    .contiguous(at::MemoryFormat::ChannelsLast)
                                    .requires_grad_(true));
            torch::Tensor out;
            if (throughParts) {
                std::vector<SharedRelu> states;
                for (const auto &part : parts)
                    states.emplace_back(part);
                if (reluMadeBefore)
                    states[1].relu();
                auto concatenation = SharedRelu::concatenation(states);
                out = op->run(concatenation);
                for (std::size_t k = 0; k < states.size(); ++k)
                    QCOMPARE(states[k].reluMade(), reluMadeBefore);
            } else {
                out = op->forward(torch::cat(parts, 1));
            }
            out.backward(torch::randn(out.sizes(), torch::Generator(at::detail::createCPUGenerator(45))));
            outs[throughParts] = out.detach();
            for (const auto &part : parts)
                grads[throughParts].push_back(part.grad());
            for (const auto &p : op->parameters())
                grads[throughParts].push_back(p.grad());
        }
        expectClose(outs[1], outs[0], "output");
        QCOMPARE(grads[1].size(), grads[0].size());
        for (std::size_t i = 0; i < grads[0].size(); ++i)
            expectClose(grads[1][i], grads[0][i], qPrintable(QString("gradient %1").arg(i)));
    }

    void keepsDepthwiseOutputsOnlyWhenAsked()
    {
        // A search's weights step keeps each separable convolution's depthwise output (two per
        // sep_conv) instead of recomputing it in the backward; elsewhere nothing more is kept.
        if (!cpuMemoryStats().measured)
            QSKIP("this build allocates with glibc's malloc, which does not count (no tcmalloc)");
        const double activationBytes = 8.0 * 16 * 32 * 32 * sizeof(float);
        double kept[2] = {};
        for (const bool keep : {false, true}) {
            OpCase c{"sep_conv_3x3"};
            c.channelsLast = true;
            auto module = build(c);
            const auto x =
                torch::randn({8, 16, 32, 32}).contiguous(at::MemoryFormat::ChannelsLast).requires_grad_(true);
            std::optional<KeepDepthwiseOutputsGuard> guard;
            if (keep)
                guard.emplace();
            const auto before = static_cast<double>(cpuMemoryStats().allocatedBytes);
            auto out = module->forward(x);
            kept[keep ? 1 : 0] = (static_cast<double>(cpuMemoryStats().allocatedBytes) - before) / activationBytes;
            out.sum().backward();
        }
        qInfo("sep_conv_3x3 keeps %.2f activations, %.2f with its depthwise outputs", kept[0], kept[1]);
        QVERIFY2(kept[0] <= 2.5, "the lean layers keep more than the two BatchNorm outputs");
        QVERIFY2(kept[1] >= kept[0] + 1.8 && kept[1] <= kept[0] + 2.5, "not the two depthwise outputs more");
    }

    // A separable convolution's second half reading its first BatchNorm's ReLU (the evaluation
    // network's): normalisedSeparableConv2d keeps that BatchNorm's input and its own depthwise
    // output instead of the ReLU, against reluSeparableConv2d reading the ReLU: the same output
    // and gradients bit for bit (3x3, 5x5 and dilated-free 7x7 kernels; channels in vectors of 8
    // and 4; borders on odd sides), and no more kept for the backward.
    void normalisedSecondHalfMatchesBitForBit_data()
    {
        QTest::addColumn<int>("kernel");
        QTest::addColumn<int>("channels");
        QTest::newRow("3x3 C12") << 3 << 12;
        QTest::newRow("5x5 C36") << 5 << 36;
        QTest::newRow("7x7 C8") << 7 << 8;
    }

    void normalisedSecondHalfMatchesBitForBit()
    {
        QFETCH(int, kernel);
        QFETCH(int, channels);
        torch::manual_seed(kernel);
        torch::nn::BatchNorm2d bn{torch::nn::BatchNorm2dOptions(channels)};
        auto depthwise = torch::nn::Conv2d(
            torch::nn::Conv2dOptions(channels, channels, kernel).padding(kernel / 2).groups(channels).bias(false));
        auto pointwise = torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, 16, 1).bias(false));
        {
            torch::NoGradGuard noGrad;
            bn->weight.uniform_(0.5, 1.5);
            bn->bias.uniform_(-0.5, 0.5); // β ≠ 0: the ReLU cuts where x·α + β < 0
            depthwise->weight.set_data(depthwise->weight.contiguous(at::MemoryFormat::ChannelsLast));
            pointwise->weight.set_data(pointwise->weight.contiguous(at::MemoryFormat::ChannelsLast));
        }
        bn->train();
        const auto source = torch::randn({6, channels, 11, 11}).contiguous(at::MemoryFormat::ChannelsLast);
        if (!channelsLastBatchNormReluApplies(source, bn))
            QSKIP("the fused BatchNorm and ReLU needs a CPU with AVX2");
        const auto weighting = torch::randn({6, 16, 11, 11});
        const double activationBytes = static_cast<double>(source.numel()) * sizeof(float);
        torch::Tensor out[2], gradSource[2], gradDepthwise[2], gradPointwise[2], gradGamma[2];
        double kept[2] = {};
        bool reluKept[2] = {};
        // Each way twice, the second time measured (the first makes what is made once); the
        // switch off, normalisedSeparableConv2d is reluSeparableConv2d.
        for (const bool normalised : {false, true, false, true}) {
            for (torch::Tensor *p : {&bn->weight, &bn->bias, &depthwise->weight, &pointwise->weight})
                p->mutable_grad() = torch::Tensor();
            setNormalisedSeparableEnabled(normalised);
            const auto x = source.clone().requires_grad_(true);
            const auto before = static_cast<double>(cpuMemoryStats().allocatedBytes);
            torch::Tensor y;
            c10::weak_intrusive_ptr<c10::TensorImpl> relu{c10::intrusive_ptr<c10::TensorImpl>()};
            {
                Normalisation normalisation;
                const auto h = channelsLastBatchNormRelu(x, bn, &normalisation);
                relu = c10::weak_intrusive_ptr<c10::TensorImpl>(h.getIntrusivePtr());
                y = normalisedSeparableConv2d(h, x, normalisation, depthwise->weight, kernel / 2, pointwise);
            }
            const int i = normalised ? 1 : 0;
            kept[i] = (static_cast<double>(cpuMemoryStats().allocatedBytes) - before) / activationBytes;
            reluKept[i] = !relu.expired();
            (y * weighting).sum().backward();
            out[i] = y.detach();
            gradSource[i] = x.grad();
            gradDepthwise[i] = depthwise->weight.grad();
            gradPointwise[i] = pointwise->weight.grad();
            gradGamma[i] = bn->weight.grad();
        }
        QVERIFY(torch::equal(out[0], out[1]));
        QVERIFY(torch::equal(gradSource[0], gradSource[1]));
        QVERIFY(torch::equal(gradDepthwise[0], gradDepthwise[1]));
        QVERIFY(torch::equal(gradPointwise[0], gradPointwise[1]));
        QVERIFY(torch::equal(gradGamma[0], gradGamma[1]));
        setNormalisedSeparableEnabled(true);
        QVERIFY2(reluKept[0], "reading the ReLU, the separable convolution keeps it");
        QVERIFY2(!reluKept[1], "normalised again, the ReLU is still kept");
        if (cpuMemoryStats().measured) {
            qInfo("kept for the backward: %.2f activations reading the ReLU, %.2f normalised again", kept[0], kept[1]);
            QVERIFY2(kept[1] <= kept[0] + 0.1, "the normalised half keeps more than the half reading the ReLU");
        }
    }

    void keepsLessForBackward()
    {
        // What a sep_conv_3x3 keeps alive for its backward, in 512 KiB activations (tcmalloc
        // counts the bytes handed out). LibTorch's layers keep seven (ReLU,
        // depthwise, pointwise and BatchNorm outputs of both halves but the in-place ReLU); the
        // lean ones keep the two BatchNorm outputs (the second is the op's output).
        if (!cpuMemoryStats().measured)
            QSKIP("this build allocates with glibc's malloc, which does not count (no tcmalloc)");
        const double activationBytes = 8.0 * 16 * 32 * 32 * sizeof(float);
        double kept[2] = {};
        for (const bool lean : {false, true}) {
            setLeanAutogradEnabled(lean);
            OpCase c{"sep_conv_3x3"};
            c.channelsLast = true;
            auto module = build(c);
            const auto x =
                torch::randn({8, 16, 32, 32}).contiguous(at::MemoryFormat::ChannelsLast).requires_grad_(true);
            const auto before = static_cast<double>(cpuMemoryStats().allocatedBytes);
            auto out = module->forward(x);
            kept[lean ? 1 : 0] = (static_cast<double>(cpuMemoryStats().allocatedBytes) - before) / activationBytes;
            out.sum().backward();
        }
        setLeanAutogradEnabled(true);
        qInfo("sep_conv_3x3 keeps %.2f activations with LibTorch's layers, %.2f with the lean ones", kept[0], kept[1]);
        QVERIFY2(kept[0] >= 6.0, "the plain layers keep fewer tensors than this test assumes");
        QVERIFY2(kept[1] <= 2.5, "the lean layers keep more than the two BatchNorm outputs");
    }

    // reluConvGroup against each convolution on its own: the same outputs and weight gradients
    // to float rounding, and the input gradient the sum of theirs; an output nobody reads gives
    // its weight a zero gradient; given the ReLU already made or the state itself (rectified as
    // the product loads it, or by a ReLU of its own on oneDNN's product). Widths our 1x1 kernels
    // take (16 + 32), ones they take with zero rows stacked up to a multiple of 16 (36 + 36 from
    // 144, the evaluation network's preprocessing at C=36; 36 + 72), and ones that stay on oneDNN
    // (24 inputs).
    void convGroupMatchesSeparateConvolutions_data()
    {
        QTest::addColumn<int>("cIn");
        QTest::addColumn<std::vector<int>>("widths");
        QTest::newRow("ours") << 32 << std::vector<int>{16, 32};
        QTest::newRow("ours, padded") << 144 << std::vector<int>{36, 36};
        QTest::newRow("ours, padded, uneven") << 144 << std::vector<int>{36, 72};
        QTest::newRow("oneDNN") << 24 << std::vector<int>{8, 8, 8};
    }

    void convGroupMatchesSeparateConvolutions()
    {
        QFETCH(int, cIn);
        QFETCH(std::vector<int>, widths);
        torch::manual_seed(3);
        auto convs = pointwiseConvs(cIn, widths);
        const auto pointers = pointersTo(convs);
        const auto x = torch::randn({3, cIn, 6, 6}).contiguous(at::MemoryFormat::ChannelsLast);
        std::vector<torch::Tensor> gradsOut;
        for (const int w : widths)
            gradsOut.push_back(torch::randn({3, w, 6, 6}).contiguous(at::MemoryFormat::ChannelsLast));

        for (const bool skipLast : {false, true})
            for (const bool inputIsRelu : {true, false}) {
                const auto where = QString("%1, %2")
                                       .arg(skipLast ? "last output unread" : "all read")
                                       .arg(inputIsRelu ? "ReLU given" : "state given");
                const auto used = widths.size() - (skipLast ? 1 : 0);
                // Separate: each conv alone; the input gradient summed by autograd.
                for (auto &conv : convs)
                    conv->weight.mutable_grad() = torch::Tensor();
                auto a = torch::relu(x.clone().requires_grad_(true));
                std::vector<torch::Tensor> separate;
                torch::Tensor lossA = torch::zeros({});
                for (std::size_t k = 0; k < used; ++k) {
                    separate.push_back(convs[k]->forward(a));
                    lossA = lossA + (separate.back() * gradsOut[k]).sum();
                }
                lossA.backward();
                std::vector<torch::Tensor> weightGradsA;
                for (auto &conv : convs)
                    weightGradsA.push_back(conv->weight.grad().defined() ? conv->weight.grad().clone()
                                                                         : torch::Tensor());

                for (auto &conv : convs)
                    conv->weight.mutable_grad() = torch::Tensor();
                auto leaf = x.clone().requires_grad_(true);
                auto b = inputIsRelu ? torch::relu(leaf) : leaf;
                const auto grouped = reluConvGroup(b, inputIsRelu, pointers);
                QCOMPARE(grouped.size(), widths.size());
                QVERIFY(QString::fromStdString(grouped[0].grad_fn()->name()).contains("ReluConvGroupFunction"));
                torch::Tensor lossB = torch::zeros({});
                for (std::size_t k = 0; k < used; ++k) {
                    QVERIFY2(grouped[k].is_contiguous(at::MemoryFormat::ChannelsLast), qPrintable(where));
                    QVERIFY2(torch::allclose(grouped[k], separate[k], 1e-5, 1e-6), qPrintable(where));
                    lossB = lossB + (grouped[k] * gradsOut[k]).sum();
                }
                lossB.backward();
                // The separate convs' input gradient, on a leaf of its own.
                auto leafA = x.clone().requires_grad_(true);
                auto a2 = torch::relu(leafA);
                torch::Tensor lossA2 = torch::zeros({});
                {
                    torch::NoGradGuard noGrad;
                    for (auto &conv : convs)
                        conv->weight.requires_grad_(false);
                }
                for (std::size_t k = 0; k < used; ++k)
                    lossA2 = lossA2 + (convs[k]->forward(a2) * gradsOut[k]).sum();
                lossA2.backward();
                for (auto &conv : convs)
                    conv->weight.requires_grad_(true);
                QVERIFY2(torch::allclose(leaf.grad(), leafA.grad(), 1e-5, 1e-6), qPrintable(where));
                for (std::size_t k = 0; k < convs.size(); ++k) {
                    const auto &g = convs[k]->weight.grad();
                    QVERIFY2(g.defined(), qPrintable(where));
                    if (k < used)
                        QVERIFY2(torch::allclose(g, weightGradsA[k], 1e-5, 1e-5), qPrintable(where));
                    else
                        QVERIFY2(torch::equal(g, torch::zeros_like(g)), qPrintable(where));
                }
            }
        // No backward to come: the caller runs each conv.
        torch::NoGradGuard noGrad;
        QVERIFY(reluConvGroup(torch::relu(x), true, pointers).empty());
    }

    // Where our 1x1 kernels take the group, the state given (rectified as the product loads it,
    // the ReLU's mask applied as the input gradient is stored) and its ReLU given make the same
    // outputs and gradients bit for bit, and the state's graph holds no ReLU of its own.
    void convGroupRectifiesOnLoadBitForBit_data()
    {
        QTest::addColumn<int>("cIn");
        QTest::addColumn<std::vector<int>>("widths");
        QTest::newRow("16 + 32") << 32 << std::vector<int>{16, 32};
        QTest::newRow("36 + 36, padded") << 144 << std::vector<int>{36, 36};
    }

    void convGroupRectifiesOnLoadBitForBit()
    {
        QFETCH(int, cIn);
        QFETCH(std::vector<int>, widths);
        if (!pointwiseKernelsEnabled() || !cpuRunsVectorClones())
            QSKIP("our 1x1 kernels do not run on this CPU");
        torch::manual_seed(4);
        auto convs = pointwiseConvs(cIn, widths);
        const auto pointers = pointersTo(convs);
        const auto x = torch::randn({2, cIn, 8, 8}).contiguous(at::MemoryFormat::ChannelsLast);
        struct Run {
            std::vector<torch::Tensor> outputs, weightGrads;
            torch::Tensor inputGrad;
            std::string inputNode;
        };
        const auto run = [&](bool inputIsRelu) {
            for (auto &conv : convs)
                conv->weight.mutable_grad() = torch::Tensor();
            auto leaf = x.clone().requires_grad_(true);
            const auto grouped = reluConvGroup(inputIsRelu ? torch::relu(leaf) : leaf, inputIsRelu, pointers);
            Run r;
            torch::Tensor loss = torch::zeros({});
            for (std::size_t k = 0; k < grouped.size(); ++k) {
                r.outputs.push_back(grouped[k].detach().clone());
                loss = loss + (grouped[k] * torch::linspace(-1.0, 2.0, grouped[k].numel())
                                                .reshape(grouped[k].sizes())
                                                .contiguous(at::MemoryFormat::ChannelsLast))
                                  .sum();
            }
            if (!grouped.empty())
                r.inputNode = grouped[0].grad_fn()->next_edges()[0].function->name();
            loss.backward();
            r.inputGrad = leaf.grad();
            for (auto &conv : convs)
                r.weightGrads.push_back(conv->weight.grad());
            return r;
        };
        const Run given = run(true);
        const Run onLoad = run(false);
        QCOMPARE(onLoad.outputs.size(), widths.size());
        QVERIFY2(QString::fromStdString(given.inputNode).contains("Relu"), given.inputNode.c_str());
        QVERIFY2(QString::fromStdString(onLoad.inputNode).contains("AccumulateGrad"), onLoad.inputNode.c_str());
        for (std::size_t k = 0; k < widths.size(); ++k) {
            QVERIFY(torch::equal(given.outputs[k], onLoad.outputs[k]));
            QVERIFY(torch::equal(given.weightGrads[k], onLoad.weightGrads[k]));
        }
        QVERIFY(torch::equal(given.inputGrad, onLoad.inputGrad));
        // Our kernel ran, on the weights stacked and padded with zero rows to a multiple of 16:
        // its own product gives the outputs bit for bit (oneDNN's sums are blocked otherwise).
        std::vector<torch::Tensor> weights;
        for (auto &conv : convs)
            weights.push_back(conv->weight.detach());
        auto stacked = torch::cat(weights, 0);
        if (const auto rest = stacked.size(0) % kPointwiseChannelMultiple; rest != 0)
            stacked = torch::cat({stacked, torch::zeros({kPointwiseChannelMultiple - rest, cIn, 1, 1})}, 0);
        const auto own = pointwiseForward(x, stacked.contiguous(at::MemoryFormat::ChannelsLast), torch::Tensor(), true);
        std::int64_t offset = 0;
        for (std::size_t k = 0; k < widths.size(); ++k) {
            QVERIFY(torch::equal(onLoad.outputs[k], own.narrow(1, offset, widths[k])));
            offset += widths[k];
        }
    }

    // The check below has teeth only where LibTorch's own call overruns: on AVX2 without
    // AVX-512 it does (oneDNN 2.6's jit_1x1:avx2 backward_weights), and the guard must see it.
    void tailGuardSeesLibTorchsStridedOverrun()
    {
        TailGuardScope guard;
        const auto x = torch::randn({8, 2, 32, 32}).contiguous(at::MemoryFormat::ChannelsLast).relu();
        const auto weight = torch::randn({1, 2, 1, 1});
        const auto grad = torch::randn({8, 1, 16, 16}).contiguous(at::MemoryFormat::ChannelsLast);
        at::convolution_backward(grad, x, weight, c10::nullopt, {2, 2}, {0, 0}, {1, 1}, false, {0, 0}, 1,
                                 {false, true, false});
        const int overruns = TailGuardAllocator::instance().overruns();
        if (overruns == 0)
            QSKIP("LibTorch's strided 1x1 weight gradient stays in its buffers on this CPU");
        qInfo("LibTorch's strided 1x1 weight gradient with 2 input channels overran %d block(s) here", overruns);
    }

    // FactorizedReduce (skip_connect at stride 2) at small channel counts, channels-last: its
    // convolutions never hand oneDNN a strided 1x1 weight gradient, on the lean path (even sides:
    // FactorizedReduceFunction; odd: ReluConvFunction) or the plain one, and their results agree.
    void stridedPointwiseStaysInItsBuffers_data()
    {
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("side");
        for (const int channels : {2, 4, 6, 12})
            for (const int side : {8, 7})
                QTest::newRow(qPrintable(QString("%1 channels %2px").arg(channels).arg(side))) << channels << side;
    }
    void stridedPointwiseStaysInItsBuffers()
    {
        QFETCH(int, channels);
        QFETCH(int, side);
        TailGuardScope guard;
        const OpCase c{"skip_connect", channels, channels, 2, side, false, true};
        const Pass lean = run(c, true);
        QCOMPARE(TailGuardAllocator::instance().overruns(), 0);
        const Pass plain = run(c, false);
        QCOMPARE(TailGuardAllocator::instance().overruns(), 0);
        expectClose(lean.out, plain.out, "output");
        expectClose(lean.gradInput, plain.gradInput, "input gradient");
        QCOMPARE(lean.gradParameters.size(), plain.gradParameters.size());
        for (std::size_t i = 0; i < plain.gradParameters.size(); ++i) {
            QVERIFY(plain.gradParameters[i].defined());
            expectClose(lean.gradParameters[i], plain.gradParameters[i],
                        qPrintable(QString("gradient of parameter %1").arg(i)));
        }
    }

    void evaluationModeIsPlain()
    {
        // Inference (eval mode, or no gradient) uses the running statistics and LibTorch's layers.
        OpCase c{"sep_conv_3x3"};
        auto module = build(c);
        module->eval();
        const auto x = input(c);
        const auto out = module->forward(x.requires_grad_(true));
        QVERIFY(!QString::fromStdString(out.grad_fn()->name()).contains("BatchNormFunction"));
        torch::NoGradGuard noGrad;
        module->train();
        const auto y = module->forward(x);
        QVERIFY(!y.requires_grad());
    }
};

QTEST_GUILESS_MAIN(TestLeanAutograd)
#include "tst_leanautograd.moc"
