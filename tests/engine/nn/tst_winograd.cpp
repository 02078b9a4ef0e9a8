// LibTorch before Qt: Qt's `slots` macro breaks ATen headers.
#include "engine/nn/LeanAutograd.h"
#include "engine/nn/VectorClones.h"
#include "engine/nn/Winograd3x3.h"

#include "support/ConvReference.h"

#include <torch/torch.h>

#include <QtTest/QtTest>

#include <limits>
#include <string>

using namespace gdas::engine;
using namespace gdas::test;

namespace {

// Our error against float64 is within `factor` times LibTorch's float32 error plus a few float
// ulps of the result's scale.
bool closeAsLibTorch(double ours, double libtorch, double scale, double factor)
{
    return ours <= factor * libtorch + 4e-7 * (1.0 + scale);
}

} // namespace

class TestWinograd : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        setWinogradKernelsEnabled(true);
        avx512Switch().set(true);
        torch::set_num_threads(2);
    }

    void matchesFloat64_data()
    {
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("cIn");
        QTest::addColumn<int>("cOut");
        QTest::addColumn<int>("h");
        QTest::addColumn<int>("w");
        QTest::addColumn<int>("threads");
        for (const int threads : {1, 2}) {
            const std::string t = " " + std::to_string(threads) + "t";
            // One tile; a wide and a tall map (tiles that touch every border); channel counts that
            // take each of the products' column blocks; more tiles than one block of 48, with a
            // remainder; a search cell's first stage.
            QTest::newRow(("16->16 1x2x2" + t).c_str()) << 1 << 16 << 16 << 2 << 2 << threads;
            QTest::newRow(("32->16 2x4x10" + t).c_str()) << 2 << 32 << 16 << 4 << 10 << threads;
            QTest::newRow(("16->48 3x6x2" + t).c_str()) << 3 << 16 << 48 << 6 << 2 << threads;
            QTest::newRow(("64->64 5x8x8" + t).c_str()) << 5 << 64 << 64 << 8 << 8 << threads;
            QTest::newRow(("48->32 3x14x12" + t).c_str()) << 3 << 48 << 32 << 14 << 12 << threads;
            QTest::newRow(("16->16 16x32x32 (a search cell)" + t).c_str()) << 16 << 16 << 16 << 32 << 32 << threads;
        }
    }

    // Output and the three gradients against LibTorch's convolution in float64: no further from
    // it than twice LibTorch's float32 error (Winograd's transforms add and halve, so its rounding
    // differs; F(2x2, 3x3) stays within a small factor of the direct sums), and the weight and
    // bias gradients, summed per part in double, no further than LibTorch's own.
    void matchesFloat64()
    {
        QFETCH(int, n);
        QFETCH(int, cIn);
        QFETCH(int, cOut);
        QFETCH(int, h);
        QFETCH(int, w);
        QFETCH(int, threads);
        torch::set_num_threads(threads);
        const auto x = channelsLast(randomTensor({n, cIn, h, w}, 1));
        const auto weight = randomTensor({cOut, cIn, 3, 3}, 2);
        const auto bias = randomTensor({cOut}, 3);
        const auto grad = channelsLast(randomTensor({n, cOut, h, w}, 4));
        QVERIFY(winogradApplies(x, weight, {1, 1}, {1, 1}, {1, 1}, 1));

        const auto exact =
            torch::conv2d(x.to(torch::kDouble), weight.to(torch::kDouble), bias.to(torch::kDouble), 1, 1);
        const auto libtorch = torch::conv2d(x, weight, bias, 1, 1);
        const auto out = winogradForward(x, weight, bias);
        QVERIFY(out.is_contiguous(at::MemoryFormat::ChannelsLast));
        QCOMPARE(out.sizes(), exact.sizes());
        QVERIFY2(
            closeAsLibTorch(maxError(out, exact), maxError(libtorch, exact), scaleOf(exact), 2.0),
            qPrintable(
                QString("output error %1, LibTorch's %2").arg(maxError(out, exact)).arg(maxError(libtorch, exact))));
        const auto unbiased = winogradForward(x, weight, torch::Tensor());
        QVERIFY2(maxError(unbiased + bias.view({1, -1, 1, 1}), exact) <= 1e-5 * (1.0 + scaleOf(exact)),
                 "without the bias");

        const auto reference = referenceGradients(x, weight, bias, grad, torch::kDouble, 1);
        const auto aten = referenceGradients(x, weight, bias, grad, torch::kFloat, 1);
        const auto gradInput = winogradInputGradient(grad, weight);
        QVERIFY(gradInput.is_contiguous(at::MemoryFormat::ChannelsLast));
        QCOMPARE(gradInput.sizes(), x.sizes());
        QVERIFY2(closeAsLibTorch(maxError(gradInput, reference.input), maxError(aten.input, reference.input),
                                 scaleOf(reference.input), 2.0),
                 qPrintable(QString("input gradient error %1, LibTorch's %2")
                                .arg(maxError(gradInput, reference.input))
                                .arg(maxError(aten.input, reference.input))));

        const auto [gradWeight, gradBias] = winogradParameterGradients(grad, x, weight, true, true);
        QCOMPARE(gradWeight.sizes(), weight.sizes());
        QCOMPARE(gradBias.sizes(), bias.sizes());
        const double weightError = maxError(gradWeight, reference.weight);
        const double biasError = maxError(gradBias, reference.bias);
        QVERIFY2(closeAsLibTorch(weightError, maxError(aten.weight, reference.weight), scaleOf(reference.weight), 2.0),
                 qPrintable(QString("weight gradient error %1, LibTorch's %2")
                                .arg(weightError)
                                .arg(maxError(aten.weight, reference.weight))));
        QVERIFY2(biasError <= 1e-6 * (1.0 + scaleOf(reference.bias)),
                 qPrintable(QString("bias gradient error %1").arg(biasError)));
        if (n * h * w >= 4096)
            QVERIFY2(weightError <= maxError(aten.weight, reference.weight) + 1e-6,
                     qPrintable(QString("weight gradient error %1, LibTorch's %2")
                                    .arg(weightError)
                                    .arg(maxError(aten.weight, reference.weight))));

        // Only what is asked for, and the same numbers.
        const auto [onlyWeight, noBias] = winogradParameterGradients(grad, x, weight, true, false);
        QVERIFY(torch::equal(onlyWeight, gradWeight));
        QVERIFY(!noBias.defined());
        const auto [noWeight, onlyBias] = winogradParameterGradients(grad, x, weight, false, true);
        QVERIFY(!noWeight.defined());
        QVERIFY(torch::equal(onlyBias, gradBias));
    }

    // The same bits with one thread and with two, and again: the tiles go to fixed blocks, and
    // the weight gradient's parts are fixed by the shapes and summed in order. And the same bits
    // from the AVX2 build as from the AVX-512 one (GDAS_AVX512=0 picks it; on a CPU without
    // AVX-512 both runs take the AVX2 build): the transforms work lane by lane, and each product
    // sums every output over the same chain in the same order whatever its register blocking.
    void repeatable()
    {
        const auto x = channelsLast(randomTensor({8, 32, 16, 16}, 5));
        const auto weight = randomTensor({64, 32, 3, 3}, 6);
        const auto bias = randomTensor({64}, 7);
        const auto grad = channelsLast(randomTensor({8, 64, 16, 16}, 8));
        torch::set_num_threads(1);
        const auto output = winogradForward(x, weight, bias);
        const auto input = winogradInputGradient(grad, weight);
        const auto parameters = winogradParameterGradients(grad, x, weight, true, true);
        for (const auto &[threads, wide] :
             {std::pair{2, true}, std::pair{2, false}, std::pair{1, false}, std::pair{1, true}}) {
            torch::set_num_threads(threads);
            avx512Switch().set(wide);
            QVERIFY(
                torch::equal(winogradForward(x, weight, bias, true), winogradForward(torch::relu(x), weight, bias)));
            QVERIFY(torch::equal(winogradForward(x, weight, bias), output));
            QVERIFY(torch::equal(winogradInputGradient(grad, weight), input));
            const auto again = winogradParameterGradients(grad, x, weight, true, true);
            QVERIFY(torch::equal(again.first, parameters.first));
            QVERIFY(torch::equal(again.second, parameters.second));
        }
    }

    // The ReLU rectified on load and its mask applied on store: the same bits as the kernels on
    // relu(x) and at::threshold_backward after them (NaN inputs included: relu keeps them,
    // threshold_backward passes their gradient).
    void reluInTheTransformsMatchesSeparateReLU()
    {
        auto x = channelsLast(randomTensor({3, 32, 6, 10}, 18));
        x.index_put_({0, 3, 2, 4}, std::numeric_limits<float>::quiet_NaN());
        x.index_put_({1, 0, 0, 0}, 0.0f);
        const auto weight = randomTensor({16, 32, 3, 3}, 19);
        const auto bias = randomTensor({16}, 20);
        const auto grad = channelsLast(randomTensor({3, 16, 6, 10}, 21));
        const auto relu = torch::relu(x);
        const auto fused = winogradForward(x, weight, bias, true);
        const auto separate = winogradForward(relu, weight, bias);
        QVERIFY(torch::equal(fused.isnan(), separate.isnan()));
        QVERIFY(fused.isnan().any().item<bool>());
        QVERIFY(torch::equal(fused.nan_to_num(0.0), separate.nan_to_num(0.0)));

        const auto masked = winogradInputGradient(grad, weight, x);
        const auto reference = at::threshold_backward(winogradInputGradient(grad, weight), x, 0);
        QVERIFY(masked.is_contiguous(at::MemoryFormat::ChannelsLast));
        QVERIFY(torch::equal(masked, reference));

        const auto clean = channelsLast(randomTensor({3, 32, 6, 10}, 22));
        const auto onLoad = winogradParameterGradients(grad, clean, weight, true, true, true);
        const auto rectified = winogradParameterGradients(grad, torch::relu(clean), weight, true, true);
        QVERIFY(torch::equal(onLoad.first, rectified.first));
        QVERIFY(torch::equal(onLoad.second, rectified.second));
    }

    // Where the kernels decline: other geometries, layouts, types and channel counts go to
    // LibTorch.
    void appliesOnlyWhereItShould()
    {
        const auto x = channelsLast(randomTensor({2, 16, 8, 8}, 9));
        const auto weight = randomTensor({16, 16, 3, 3}, 10);
        // With AVX-512 or without it (GDAS_AVX512=0 takes the AVX2 build), at 16 channels and
        // more (until round 22 the AVX2 build took only 32 or more).
        const auto x32 = channelsLast(randomTensor({2, 32, 8, 8}, 16));
        for (const bool wide : {false, true}) {
            avx512Switch().set(wide);
            QVERIFY(winogradApplies(x, weight, {1, 1}, {1, 1}, {1, 1}, 1));
            QVERIFY(winogradApplies(x32, randomTensor({16, 32, 3, 3}, 20), {1, 1}, {1, 1}, {1, 1}, 1));
            QVERIFY(winogradApplies(x, randomTensor({32, 16, 3, 3}, 21), {1, 1}, {1, 1}, {1, 1}, 1));
        }
        QVERIFY(!winogradApplies(x, weight, {2, 2}, {1, 1}, {1, 1}, 1));
        QVERIFY(!winogradApplies(x, weight, {1, 1}, {2, 2}, {2, 2}, 1));
        QVERIFY(!winogradApplies(x, weight, {1, 1}, {0, 0}, {1, 1}, 1));
        QVERIFY(!winogradApplies(x, randomTensor({16, 1, 3, 3}, 11), {1, 1}, {1, 1}, {1, 1}, 16));
        QVERIFY(!winogradApplies(x.contiguous(), weight, {1, 1}, {1, 1}, {1, 1}, 1));
        QVERIFY(!winogradApplies(x.to(torch::kDouble), weight.to(torch::kDouble), {1, 1}, {1, 1}, {1, 1}, 1));
        QVERIFY(!winogradApplies(channelsLast(randomTensor({2, 16, 7, 8}, 12)), weight, {1, 1}, {1, 1}, {1, 1}, 1));
        QVERIFY(!winogradApplies(channelsLast(randomTensor({2, 8, 8, 8}, 13)), randomTensor({16, 8, 3, 3}, 14), {1, 1},
                                 {1, 1}, {1, 1}, 1));
        QVERIFY(!winogradApplies(x, randomTensor({16, 16, 5, 5}, 15), {1, 1}, {1, 1}, {1, 1}, 1));
        setWinogradKernelsEnabled(false);
        QVERIFY(!winogradApplies(x, weight, {1, 1}, {1, 1}, {1, 1}, 1));
    }

    // Through the network's layer (ReLU, then the 3x3 convolution with its bias, as
    // NAS-Bench-201's search cells build nor_conv_3x3): the same output and gradients as
    // LibTorch's layers, and the layer runs our kernels (it fails if it keeps oneDNN's).
    void reluConvLayerRunsOnTheseKernels()
    {

        torch::nn::Conv2d conv(torch::nn::Conv2dOptions(32, 32, 3).stride(1).padding(1).bias(true));
        const auto x0 = channelsLast(randomTensor({4, 32, 16, 16}, 16));
        const auto g = channelsLast(randomTensor({4, 32, 16, 16}, 17));

        const auto run = [&](bool own) {
            setWinogradKernelsEnabled(own);
            conv->zero_grad();
            auto x = x0.detach().clone(at::MemoryFormat::ChannelsLast).requires_grad_(true);
            const auto y = reluConv2d(x, conv);
            (y * g).sum().backward();
            return std::make_tuple(y.detach(), x.grad(), conv->weight.grad().clone(), conv->bias.grad().clone());
        };
        const auto [yOurs, dxOurs, dwOurs, dbOurs] = run(true);
        const auto [yLib, dxLib, dwLib, dbLib] = run(false);
        QVERIFY2(maxError(yOurs, yLib.to(torch::kDouble)) <= 1e-5 * (1.0 + scaleOf(yLib.to(torch::kDouble))), "output");
        QVERIFY2(maxError(dxOurs, dxLib.to(torch::kDouble)) <= 1e-5 * (1.0 + scaleOf(dxLib.to(torch::kDouble))),
                 "input gradient");
        QVERIFY2(maxError(dwOurs, dwLib.to(torch::kDouble)) <= 1e-4 * (1.0 + scaleOf(dwLib.to(torch::kDouble))),
                 "weight gradient");
        QVERIFY2(maxError(dbOurs, dbLib.to(torch::kDouble)) <= 1e-4 * (1.0 + scaleOf(dbLib.to(torch::kDouble))),
                 "bias gradient");
        // The layer's output is our kernel's, bit for bit (and not LibTorch's).
        setWinogradKernelsEnabled(true);
        torch::NoGradGuard noGrad;
        QVERIFY(torch::equal(yOurs, winogradForward(torch::relu(x0), conv->weight, conv->bias)));
        QVERIFY(!torch::equal(yOurs, yLib));
    }
};

QTEST_GUILESS_MAIN(TestWinograd)
#include "tst_winograd.moc"
