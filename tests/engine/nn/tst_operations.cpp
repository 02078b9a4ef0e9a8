// LibTorch before Qt: Qt's `slots` macro breaks ATen headers.
#include "engine/nn/DepthwiseConv2d.h"
#include "engine/nn/NodeRelu.h"
#include "engine/nn/Operations.h"
#include "engine/nn/VectorClones.h"

#include <torch/torch.h>

#include <limits>

#include <QScopeGuard>
#include <QtTest/QtTest>

#include <set>
#include <string>

using namespace gdas::engine;

namespace {

std::set<std::string> stateKeys(const torch::nn::Module &module)
{
    std::set<std::string> keys;
    for (const auto &p : module.named_parameters())
        keys.insert(p.key());
    for (const auto &b : module.named_buffers())
        keys.insert(b.key());
    return keys;
}

std::set<std::string> bnKeys(const std::string &prefix)
{
    return {prefix + ".weight", prefix + ".bias", prefix + ".running_mean", prefix + ".running_var",
            prefix + ".num_batches_tracked"};
}

} // namespace

class TestOperations : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(1); }

    void dartsStateDictKeys_data()
    {
        QTest::addColumn<QString>("op");
        QTest::addColumn<int>("stride");
        QTest::addColumn<QStringList>("convs"); // conv weights (no bias with affine)
        QTest::addColumn<QStringList>("norms"); // affine BatchNorms
        QTest::newRow("sep_conv_3x3") << "sep_conv_3x3" << 1 << QStringList{"op.1", "op.2", "op.5", "op.6"}
                                      << QStringList{"op.3", "op.7"};
        QTest::newRow("dil_conv_5x5") << "dil_conv_5x5" << 2 << QStringList{"op.1", "op.2"} << QStringList{"op.3"};
        QTest::newRow("skip_connect stride 2")
            << "skip_connect" << 2 << QStringList{"conv_1", "conv_2"} << QStringList{"bn"};
        QTest::newRow("nor_conv_3x3") << "nor_conv_3x3" << 1 << QStringList{"op.1"} << QStringList{"op.2"};
        QTest::newRow("conv_7x1_1x7") << "conv_7x1_1x7" << 1 << QStringList{"1", "2"} << QStringList{"3"};
        QTest::newRow("skip_connect") << "skip_connect" << 1 << QStringList{} << QStringList{};
        QTest::newRow("max_pool_3x3") << "max_pool_3x3" << 2 << QStringList{} << QStringList{};
    }
    void dartsStateDictKeys()
    {
        // affine = true (the evaluation network) must give quark0/darts' keys exactly.
        QFETCH(QString, op);
        QFETCH(int, stride);
        QFETCH(QStringList, convs);
        QFETCH(QStringList, norms);
        const auto module = createOp(op.toStdString(), 8, 8, stride, true);
        std::set<std::string> expected;
        for (const auto &c : convs)
            expected.insert(c.toStdString() + ".weight");
        for (const auto &n : norms) {
            const auto keys = bnKeys(n.toStdString());
            expected.insert(keys.begin(), keys.end());
        }
        QCOMPARE(stateKeys(*module), expected);
    }

    void searchOpsCarryBiases()
    {
        // affine = false (the supernet): non-affine BatchNorm, biases on the convs before it,
        // none on depthwise convs (the official GDAS `bias=not affine`).
        const auto sep = createOp("sep_conv_3x3", 8, 8, 1, false);
        const auto keys = stateKeys(*sep);
        QVERIFY(keys.count("op.2.bias") && keys.count("op.6.bias"));
        QVERIFY(!keys.count("op.1.bias") && !keys.count("op.5.bias"));
        QVERIFY(!keys.count("op.3.weight") && keys.count("op.3.running_mean"));
        // 2 * (dw 9*8 + pw 8*8 + 8)
        std::int64_t count = 0;
        for (const auto &p : sep->parameters())
            count += p.numel();
        QCOMPARE(count, std::int64_t(2 * (72 + 64 + 8)));
    }

    void outputShapes_data()
    {
        QTest::addColumn<QString>("op");
        QTest::addColumn<int>("stride");
        QTest::addColumn<int>("size");
        for (const char *op : {"none", "skip_connect", "sep_conv_3x3", "sep_conv_5x5", "dil_conv_3x3", "dil_conv_5x5",
                               "avg_pool_3x3", "max_pool_3x3", "conv_7x1_1x7", "nor_conv_1x1", "nor_conv_3x3"})
            for (int stride : {1, 2})
                for (int size : {8, 7})
                    QTest::newRow(qPrintable(QStringLiteral("%1 s%2 %3").arg(op).arg(stride).arg(size)))
                        << QString::fromLatin1(op) << stride << size;
    }
    void outputShapes()
    {
        QFETCH(QString, op);
        QFETCH(int, stride);
        QFETCH(int, size);
        auto module = createOp(op.toStdString(), 8, 8, stride, false);
        const auto x = torch::randn({2, 8, size, size});
        const auto expectedSize = (size + stride - 1) / stride;
        QCOMPARE(module->forward(x).sizes(), torch::IntArrayRef({2, 8, expectedSize, expectedSize}));
        QCOMPARE(module->isZero(), op == QLatin1String("none"));
    }

    void unknownOpThrows()
    {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, createOp("sep_conv_9x9", 8, 8, 1, true));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, createOp("skip_connect", 8, 16, 1, true));
    }

    // The networks' global average pooling: the mean's values and gradients bit for bit, with
    // the gradient handed to the layer before it in that layer's output layout (the mean's own
    // backward hands an NCHW-ordered one to a channels-last ReLU). A leaf's .grad() would not
    // show it (AccumulateGrad copies into the leaf's layout), so a hook on a ReLU's output looks.
    void globalAveragePoolIsTheMean()
    {
        for (const bool channelsLast : {true, false}) {
            auto x0 = torch::randn({3, 32, 5, 7});
            if (channelsLast)
                x0 = x0.contiguous(at::MemoryFormat::ChannelsLast);
            const auto g = torch::randn({3, 32});
            auto a = x0.clone().requires_grad_(true);
            auto b = x0.clone().requires_grad_(true);
            auto reluA = torch::relu(a);
            auto reluB = torch::relu(b);
            torch::Tensor handed;
            reluA.register_hook([&handed](const torch::Tensor &grad) { handed = grad; });
            const auto ours = globalAveragePool(reluA);
            const auto mean = reluB.mean({2, 3});
            QVERIFY(torch::equal(ours, mean));
            (ours * g).sum().backward();
            (mean * g).sum().backward();
            QVERIFY(torch::equal(a.grad(), b.grad()));
            QVERIFY(handed.defined());
            QVERIFY(handed.is_contiguous(channelsLast ? at::MemoryFormat::ChannelsLast : at::MemoryFormat::Contiguous));
        }
    }

    void resNetBasicBlock()
    {
        ResNetBasicBlock block(16, 32, 2, true);
        const auto keys = stateKeys(*block);
        QVERIFY(keys.count("conv_a.op.1.weight") && keys.count("conv_b.op.2.weight"));
        QVERIFY(keys.count("downsample.1.weight"));
        QCOMPARE(block->forward(torch::randn({2, 16, 8, 8})).sizes(), torch::IntArrayRef({2, 32, 4, 4}));
    }

    void depthwiseGradientsMatchLibTorch_data()
    {
        QTest::addColumn<int>("kernel");
        QTest::addColumn<int>("stride");
        QTest::addColumn<int>("dilation");
        QTest::addColumn<int>("channels");
        QTest::addColumn<bool>("channelsLast");
        QTest::newRow("5x5") << 5 << 1 << 1 << 16 << true;
        QTest::newRow("3x3 dil 2") << 3 << 1 << 2 << 16 << true;
        QTest::newRow("5x5 dil 2 nchw") << 5 << 1 << 2 << 32 << false;
        QTest::newRow("5x5 stride 2") << 5 << 2 << 1 << 16 << true;
        QTest::newRow("3x3 dil 2 stride 2 odd channels") << 3 << 2 << 2 << 12 << true;
        QTest::newRow("5x5 7 channels") << 5 << 1 << 1 << 7 << false;
        QTest::newRow("3x3") << 3 << 1 << 1 << 32 << true;
        QTest::newRow("3x3 stride 2, 36 channels") << 3 << 2 << 1 << 36 << true;
        QTest::newRow("7x7 dil 2, 20 channels") << 7 << 1 << 2 << 20 << true;
        QTest::newRow("1x1, 16 channels") << 1 << 1 << 1 << 16 << true;
    }
    void depthwiseGradientsMatchLibTorch()
    {
        QFETCH(int, kernel);
        QFETCH(int, stride);
        QFETCH(int, dilation);
        QFETCH(int, channels);
        QFETCH(bool, channelsLast);
        torch::manual_seed(1);
        const int padding = dilation * (kernel - 1) / 2;
        auto x = torch::randn({3, channels, 11, 9});
        if (channelsLast)
            x = x.contiguous(torch::MemoryFormat::ChannelsLast);
        x.requires_grad_();
        const auto w = torch::randn({channels, 1, kernel, kernel}).requires_grad_();
        const auto reference = torch::conv2d(x, w, {}, stride, padding, dilation, channels);
        const auto g = torch::randn_like(reference);
        const auto expected = torch::autograd::grad({reference}, {x, w}, {g});
        const auto out = depthwiseConv2d(x, w, stride, padding, dilation);
        QVERIFY(torch::allclose(out, reference, 1e-5, 1e-5));
        const auto actual = torch::autograd::grad({out}, {x, w}, {g});
        QVERIFY(torch::allclose(actual[0], expected[0], 1e-4, 1e-4));
        QVERIFY2(torch::allclose(actual[1], expected[1], 1e-4, 1e-3),
                 qPrintable(QString::number((actual[1] - expected[1]).abs().max().item<double>())));
    }
    // Our forward kernel against oneDNN's (the kernel switched off), bit for bit: channel
    // counts that take 16-, 8-, 4-lane and single-float blocks, images wide and narrow (border
    // pixels only at 3x3), both strides; and depthwiseForward's own choice between the two.
    void depthwiseForwardMatchesOneDnn_data()
    {
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("side");
        QTest::addColumn<int>("kernel");
        QTest::addColumn<int>("stride");
        QTest::newRow("16 x 32x32, 5x5") << 16 << 32 << 5 << 1;
        QTest::newRow("16 x 32x32, 3x3") << 16 << 32 << 3 << 1;
        QTest::newRow("64 x 8x8, 5x5") << 64 << 8 << 5 << 1;
        QTest::newRow("36 x 11x11, 3x3") << 36 << 11 << 3 << 1;
        QTest::newRow("7 x 9x9, 5x5") << 7 << 9 << 5 << 1;
        QTest::newRow("32 x 32x32, 3x3 stride 2") << 32 << 32 << 3 << 2;
        QTest::newRow("24 x 15x15, 5x5 stride 2") << 24 << 15 << 5 << 2;
        QTest::newRow("16 x 3x3, 5x5") << 16 << 3 << 5 << 1;
    }
    void depthwiseForwardMatchesOneDnn()
    {
        QFETCH(int, channels);
        QFETCH(int, side);
        QFETCH(int, kernel);
        QFETCH(int, stride);
        torch::manual_seed(3);
        const auto x = torch::randn({5, channels, side, side}).contiguous(torch::MemoryFormat::ChannelsLast);
        const auto w = torch::randn({channels, 1, kernel, kernel});
        const int padding = (kernel - 1) / 2;
        const auto restore = qScopeGuard([] {
            setDepthwiseForwardKernelEnabled(true);
            setDepthwiseForwardEverywhere(false);
        });
        setDepthwiseForwardKernelEnabled(false);
        const auto expected = depthwiseForward(x, w, stride, padding, 1);
        setDepthwiseForwardKernelEnabled(true);
        setDepthwiseForwardEverywhere(true);
        const auto actual = depthwiseForward(x, w, stride, padding, 1);
        QCOMPARE(actual.sizes(), expected.sizes());
        QVERIFY(actual.is_contiguous(torch::MemoryFormat::ChannelsLast));
        // The same sums in the same order: bit for bit, which lets depthwiseForward pick
        // either kernel by speed alone. (Where our kernel runs, AVX2 with FMA, oneDNN's
        // depthwise kernels multiply-add too; limited to SSE4.1 by DNNL_MAX_CPU_ISA, its
        // separate multiplications and additions round differently, by up to 4e-6 here.)
        QVERIFY2(torch::equal(actual, expected),
                 qPrintable(QString::number((actual - expected).abs().max().item<double>())));
        setDepthwiseForwardEverywhere(false);
        QVERIFY(torch::equal(depthwiseForward(x, w, stride, padding, 1), expected));
    }

    // The forward with its ReLU applied as the kernel loads x, the input gradient with its mask
    // applied as it is stored, and the weight gradient reading relu(x): the same bits as relu(x)
    // then the plain kernels (and at::threshold_backward of the plain input gradient), NaN
    // included, for the rows above (the strided ones rectify in the forward and the weight
    // gradient, and mask the input gradient after LibTorch's), from the AVX2 build as well; the
    // weight gradient of a channel count that leaves single channels to within float rounding.
    void depthwiseReluOnLoadMatchesSeparateReLU_data() { depthwiseForwardMatchesOneDnn_data(); }
    void depthwiseReluOnLoadMatchesSeparateReLU()
    {
        QFETCH(int, channels);
        QFETCH(int, side);
        QFETCH(int, kernel);
        QFETCH(int, stride);
        const auto restore = qScopeGuard([] { avx512Switch().set(true); });
        for (const bool wide : {true, false}) {
            avx512Switch().set(wide);
            torch::manual_seed(4);
            auto x = torch::randn({5, channels, side, side}).contiguous(torch::MemoryFormat::ChannelsLast);
            x.index_put_({1, 0, 0, 0}, 0.0f);
            auto withNaN = x.clone();
            withNaN.index_put_({0, channels - 1, side / 2, side / 2}, std::numeric_limits<float>::quiet_NaN());
            const auto w = torch::randn({channels, 1, kernel, kernel});
            const int padding = (kernel - 1) / 2;
            const auto fused = depthwiseForward(withNaN, w, stride, padding, 1, true);
            const auto separate = depthwiseForward(torch::relu(withNaN), w, stride, padding, 1);
            QVERIFY(fused.isnan().any().item<bool>());
            QVERIFY(torch::equal(fused.isnan(), separate.isnan()));
            QVERIFY(torch::equal(fused.nan_to_num(0.0), separate.nan_to_num(0.0)));

            const auto grad = torch::randn(separate.sizes()).contiguous(torch::MemoryFormat::ChannelsLast);
            const auto [maskedInput, onLoadWeight] = depthwiseConvBackward(x, w, grad, stride, padding, 1, true, true,
                                                                           /*reluInput=*/true);
            const auto [plainInput, plainWeight] =
                depthwiseConvBackward(torch::relu(x), w, grad, stride, padding, 1, true, true);
            QVERIFY(torch::equal(maskedInput, at::threshold_backward(plainInput, x, 0)));
            if (channels % 4 == 0) {
                QVERIFY(torch::equal(onLoadWeight, plainWeight));
            } else {
                // The single-float channels' sums: GCC contracts them into multiply-adds
                // differently in the two builds of the loop, a float rounding apart.
                QVERIFY2(torch::allclose(onLoadWeight, plainWeight, 1e-6, 1e-5),
                         qPrintable(QString::number((onLoadWeight - plainWeight).abs().max().item<double>())));
            }
            QCOMPARE(depthwiseRectifiesOnLoad(x, w, stride, 1), stride == 1);
        }
    }

    // nodeWithRelu against the separate passes it replaces: relu(x); the ReLU's backward
    // (threshold_backward); its sum with the gradient of the node's other readers; the zero
    // term's gradient, the sum of the node's gradient. The node's gradient must be the same bit
    // for bit, the zero term's within float rounding of a double sum.
    void nodeReluMatchesTheSeparatePasses_data()
    {
        QTest::addColumn<bool>("readAsIs");    // the node is read as it is (a gradient g)
        QTest::addColumn<bool>("readRelu");    // ... and through its ReLU (a gradient g_relu)
        QTest::addColumn<bool>("zeroTerm");    // with an unsampled term of value 0
        QTest::addColumn<bool>("stridedGrad"); // g_relu arrives in another layout (NCHW)
        QTest::newRow("both, zero term") << true << true << true << false;
        QTest::newRow("both") << true << true << false << false;
        QTest::newRow("relu only, zero term") << false << true << true << false;
        QTest::newRow("as is only, zero term") << true << false << true << false;
        QTest::newRow("both, NCHW gradient") << true << true << true << true;
    }
    void nodeReluMatchesTheSeparatePasses()
    {
        QFETCH(bool, readAsIs);
        QFETCH(bool, readRelu);
        QFETCH(bool, zeroTerm);
        QFETCH(bool, stridedGrad);
        torch::manual_seed(5);
        // 70000 elements: more than one of the kernel's chunks, and a tail.
        auto x = torch::randn({7, 16, 25, 25}).contiguous(torch::MemoryFormat::ChannelsLast);
        x.as_strided({50}, {1}).zero_(); // exact zeros: the mask's edge (relu = 0 passes nothing)
        x.requires_grad_();
        const auto zero = torch::zeros({}, torch::requires_grad());
        QVERIFY(nodeReluApplies(x));
        const auto [node, relu] = nodeWithRelu(x, zeroTerm ? zero : torch::Tensor());
        QVERIFY(torch::equal(node, x));
        QVERIFY(torch::equal(relu, torch::relu(x)));

        const auto g = torch::randn(x.sizes()).contiguous(torch::MemoryFormat::ChannelsLast);
        auto gRelu = torch::randn(x.sizes());
        if (!stridedGrad)
            gRelu = gRelu.contiguous(torch::MemoryFormat::ChannelsLast);
        std::vector<torch::Tensor> outputs, grads;
        if (readAsIs) {
            outputs.push_back(node);
            grads.push_back(g);
        }
        if (readRelu) {
            outputs.push_back(relu);
            grads.push_back(gRelu);
        }
        std::vector<torch::Tensor> inputs{x};
        if (zeroTerm)
            inputs.push_back(zero);
        const auto actual = torch::autograd::grad(outputs, inputs, grads);

        const auto xd = x.detach();
        const auto masked = at::threshold_backward(gRelu, torch::relu(xd), 0);
        const auto expected = readAsIs && readRelu ? g + masked : (readAsIs ? g : masked);
        QVERIFY(torch::equal(actual[0], expected));
        if (zeroTerm) {
            const double sum = expected.to(torch::kDouble).sum().item<double>();
            QVERIFY2(std::abs(actual[1].item<double>() - sum) <= 1e-4 * std::max(1.0, std::abs(sum)),
                     qPrintable(QStringLiteral("%1 against %2").arg(actual[1].item<double>()).arg(sum)));
        }
    }
};

QTEST_GUILESS_MAIN(TestOperations)
#include "tst_operations.moc"
