// LibTorch before Qt: Qt's `slots` macro breaks ATen headers.
#include "engine/nn/LaneSums.h"
#include "engine/nn/Pointwise.h"
#include "engine/nn/VectorClones.h"

#include "support/ConvReference.h"

#include <torch/torch.h>

#include <QtTest/QtTest>

#include <limits>
#include <string>
#include <vector>

using namespace gdas::engine;
using namespace gdas::test;

class TestPointwise : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        setPointwiseKernelsEnabled(true);
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
            // Pixel counts that leave rows after the last block of six and pixels after the
            // last chunk of 256; several 16-channel blocks on both sides.
            QTest::newRow(("16->16 3x8x8" + t).c_str()) << 3 << 16 << 16 << 8 << 8 << threads;
            QTest::newRow(("48->16 2x5x7" + t).c_str()) << 2 << 48 << 16 << 5 << 7 << threads;
            QTest::newRow(("16->64 2x3x3" + t).c_str()) << 2 << 16 << 64 << 3 << 3 << threads;
            QTest::newRow(("64->32 1x1x5" + t).c_str()) << 1 << 64 << 32 << 1 << 5 << threads;
            QTest::newRow(("32->32 9x16x16 (many chunks)" + t).c_str()) << 9 << 32 << 32 << 16 << 16 << threads;
            QTest::newRow(("16->16 16x32x32 (a search cell's pixels)" + t).c_str())
                << 16 << 16 << 16 << 32 << 32 << threads;
        }
    }

    // Output, input gradient and parameter gradients against LibTorch's convolution in
    // float64. Over a few thousand pixels or more (a search step has 4,096 to 65,536), the
    // weight and bias gradients are no further from it than LibTorch's float32 ones: our
    // partial sums of 64 pixels are added in double. (Over a few hundred pixels LibTorch's
    // float sums can be the closer ones; both are then within a few float ulps.)
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
        const auto weight = randomTensor({cOut, cIn, 1, 1}, 2);
        const auto bias = randomTensor({cOut}, 3);
        const auto grad = channelsLast(randomTensor({n, cOut, h, w}, 4));
        QVERIFY(pointwiseApplies(x, weight));

        const auto out = pointwiseForward(x, weight, bias);
        QVERIFY(out.is_contiguous(at::MemoryFormat::ChannelsLast));
        const auto exact = torch::conv2d(x.to(torch::kDouble), weight.to(torch::kDouble), bias.to(torch::kDouble));
        QVERIFY2(maxError(out, exact) <= 1e-5 * (1.0 + scaleOf(exact)),
                 qPrintable(QString("output error %1").arg(maxError(out, exact))));

        const auto reference = referenceGradients(x, weight, bias, grad, torch::kDouble);
        const auto aten = referenceGradients(x, weight, bias, grad, torch::kFloat);
        const auto gradInput = pointwiseInputGradient(grad, weight);
        QVERIFY(gradInput.is_contiguous(at::MemoryFormat::ChannelsLast));
        QVERIFY2(maxError(gradInput, reference.input) <= 1e-5 * (1.0 + scaleOf(reference.input)),
                 qPrintable(QString("input gradient error %1").arg(maxError(gradInput, reference.input))));

        const auto [gradWeight, gradBias] = pointwiseParameterGradients(grad, x, weight, true, true);
        QCOMPARE(gradWeight.sizes(), weight.sizes());
        QCOMPARE(gradBias.sizes(), bias.sizes());
        const double weightError = maxError(gradWeight, reference.weight);
        const double biasError = maxError(gradBias, reference.bias);
        QVERIFY2(weightError <= 1e-5 * (1.0 + scaleOf(reference.weight)),
                 qPrintable(QString("weight gradient error %1").arg(weightError)));
        QVERIFY2(biasError <= 1e-5 * (1.0 + scaleOf(reference.bias)),
                 qPrintable(QString("bias gradient error %1").arg(biasError)));

        // Only what is asked for.
        const auto [onlyWeight, noBias] = pointwiseParameterGradients(grad, x, weight, true, false);
        QVERIFY(torch::equal(onlyWeight, gradWeight));
        QVERIFY(!noBias.defined());
        const auto [noWeight, onlyBias] = pointwiseParameterGradients(grad, x, weight, false, true);
        QVERIFY(!noWeight.defined());
        QVERIFY(torch::equal(onlyBias, gradBias));
        if (n * h * w < 2048)
            return;
        QVERIFY2(weightError <= maxError(aten.weight, reference.weight) + 1e-6,
                 qPrintable(QString("weight gradient error %1, LibTorch's %2")
                                .arg(weightError)
                                .arg(maxError(aten.weight, reference.weight))));
        QVERIFY2(biasError <= maxError(aten.bias, reference.bias) + 1e-6,
                 qPrintable(QString("bias gradient error %1, LibTorch's %2")
                                .arg(biasError)
                                .arg(maxError(aten.bias, reference.bias))));
    }

    // The same numbers, bit for bit, with one thread and with two, and again (the pixels are
    // split into parts by their number alone, and the parts' sums added in order), and from the
    // AVX2 build as from the AVX-512 one (GDAS_AVX512=0 picks it; each output is the same chain
    // of sums in the same order whatever the blocking).
    void repeatable()
    {
        const auto x = channelsLast(randomTensor({16, 32, 16, 16}, 5));
        const auto weight = randomTensor({64, 32, 1, 1}, 6);
        const auto grad = channelsLast(randomTensor({16, 64, 16, 16}, 7));
        torch::set_num_threads(1);
        const auto first = pointwiseParameterGradients(grad, x, weight, true, true);
        const auto firstInput = pointwiseInputGradient(grad, weight);
        const auto firstOutput = pointwiseForward(x, weight, torch::Tensor());
        for (const auto &[threads, wide] :
             {std::pair{2, true}, std::pair{2, false}, std::pair{1, false}, std::pair{1, true}}) {
            torch::set_num_threads(threads);
            avx512Switch().set(wide);
            const auto again = pointwiseParameterGradients(grad, x, weight, true, true);
            QVERIFY(torch::equal(again.first, first.first));
            QVERIFY(torch::equal(again.second, first.second));
            QVERIFY(torch::equal(pointwiseInputGradient(grad, weight), firstInput));
            QVERIFY(torch::equal(pointwiseForward(x, weight, torch::Tensor()), firstOutput));
        }
    }

    // 32, 48 and 64 output channels go two, three and four blocks of 16 at a time; each output's
    // sum must be the same chain as when its block goes alone: the product equals, bit for bit,
    // the 16-channel products of the weight's slices side by side (and so does the input
    // gradient, whose outputs are the input channels).
    void widerBlocksSumInTheSameOrder_data()
    {
        QTest::addColumn<int>("channels");
        QTest::newRow("32") << 32;
        QTest::newRow("48") << 48;
        QTest::newRow("64") << 64;
    }

    void widerBlocksSumInTheSameOrder()
    {
        QFETCH(int, channels);
        // 29 pixels: full blocks of rows and a remainder, for every block width.
        const auto x = channelsLast(randomTensor({1, 32, 1, 29}, 13));
        const auto weight = randomTensor({channels, 32, 1, 1}, 14);
        const auto bias = randomTensor({channels}, 15);
        const auto whole = pointwiseForward(x, weight, bias);
        std::vector<torch::Tensor> blocks;
        for (int c = 0; c < channels; c += 16)
            blocks.push_back(pointwiseForward(x, weight.narrow(0, c, 16), bias.narrow(0, c, 16)));
        QVERIFY(torch::equal(whole, torch::cat(blocks, 1)));

        // The weight and bias gradients, whose columns are the output channels.
        const auto gradOut = channelsLast(randomTensor({1, channels, 1, 29}, 18));
        const auto [gradWeight, gradBias] = pointwiseParameterGradients(gradOut, x, weight, true, true);
        std::vector<torch::Tensor> weightBlocks, biasBlocks;
        for (int c = 0; c < channels; c += 16) {
            const auto slice = gradOut.narrow(1, c, 16).contiguous(at::MemoryFormat::ChannelsLast);
            const auto [w, b] = pointwiseParameterGradients(slice, x, weight.narrow(0, c, 16), true, true);
            weightBlocks.push_back(w);
            biasBlocks.push_back(b);
        }
        QVERIFY(torch::equal(gradWeight, torch::cat(weightBlocks, 0)));
        QVERIFY(torch::equal(gradBias, torch::cat(biasBlocks, 0)));

        const auto grad = channelsLast(randomTensor({1, 32, 1, 29}, 16));
        const auto transposed = randomTensor({32, channels, 1, 1}, 17); // input gradient: channels outputs
        const auto gradInput = pointwiseInputGradient(grad, transposed);
        std::vector<torch::Tensor> inputBlocks;
        for (int c = 0; c < channels; c += 16)
            inputBlocks.push_back(pointwiseInputGradient(grad, transposed.narrow(1, c, 16).contiguous()));
        QVERIFY(torch::equal(gradInput, torch::cat(inputBlocks, 1)));
    }

    // Through autograd, with and without a bias, and through a Conv2d module: the same
    // gradients as the direct calls; a module that is not a 1x1 stride-1 product stays LibTorch's.
    void autograd()
    {
        const auto x0 = channelsLast(randomTensor({2, 16, 6, 6}, 8));
        const auto grad = channelsLast(randomTensor({2, 32, 6, 6}, 9));
        torch::nn::Conv2d conv(torch::nn::Conv2dOptions(16, 32, 1).bias(true));
        auto x = x0.clone().requires_grad_(true);
        const auto out = conv2dOwnPointwise(x, conv);
        QVERIFY(QString::fromStdString(out.grad_fn()->name()).contains("PointwiseFunction"));
        (out * grad).sum().backward();
        const auto [gradWeight, gradBias] = pointwiseParameterGradients(grad, x0, conv->weight, true, true);
        QVERIFY(torch::equal(x.grad(), pointwiseInputGradient(grad, conv->weight)));
        QVERIFY(torch::equal(conv->weight.grad(), gradWeight));
        QVERIFY(torch::equal(conv->bias.grad(), gradBias));

        auto y = x0.clone().requires_grad_(true);
        const auto weight = conv->weight.detach().clone().requires_grad_(true);
        (pointwiseConv2d(y, weight, torch::Tensor()) * grad).sum().backward();
        QVERIFY(torch::equal(y.grad(), x.grad()));
        QVERIFY(torch::equal(weight.grad(), gradWeight));

        torch::nn::Conv2d strided(torch::nn::Conv2dOptions(16, 32, 1).stride(2));
        QVERIFY(!QString::fromStdString(conv2dOwnPointwise(x, strided).grad_fn()->name()).contains("Pointwise"));
        torch::nn::Conv2d threeByThree(torch::nn::Conv2dOptions(16, 32, 3).padding(1));
        QVERIFY(!QString::fromStdString(conv2dOwnPointwise(x, threeByThree).grad_fn()->name()).contains("Pointwise"));
        {
            torch::NoGradGuard noGrad;
            QVERIFY(torch::allclose(conv2dOwnPointwise(x0, conv), conv(x0), 1e-5, 1e-5));
        }
    }

    // With the ReLU applied as the rows are loaded (and its mask as the input gradient is
    // stored), every result is the same, bit for bit, as the product of relu(x) (and
    // at::threshold_backward of the plain input gradient), NaN included, for every block shape
    // (16 to 64 output channels, a pixel count that leaves single rows at the end), from both
    // builds, for one tensor and for parts side by side.
    void reluOnLoadMatchesSeparateReLU_data()
    {
        QTest::addColumn<int>("outputs");
        QTest::addColumn<bool>("wide");
        for (const int outputs : {16, 32, 48, 64})
            for (const bool wide : {true, false})
                QTest::addRow("%d outputs, %s", outputs, wide ? "AVX-512" : "AVX2") << outputs << wide;
    }

    void reluOnLoadMatchesSeparateReLU()
    {
        QFETCH(int, outputs);
        QFETCH(bool, wide);
        avx512Switch().set(wide);                               // on a CPU without AVX-512, the AVX2 build both times
        auto x = channelsLast(randomTensor({3, 32, 7, 5}, 30)); // 105 pixels: single rows at the end
        x.index_put_({0, 3, 2, 4}, std::numeric_limits<float>::quiet_NaN());
        x.index_put_({1, 0, 0, 0}, 0.0f);
        const auto weight = randomTensor({outputs, 32, 1, 1}, 31);
        const auto bias = randomTensor({outputs}, 32);
        const auto grad = channelsLast(randomTensor({3, outputs, 7, 5}, 33));
        const auto relu = torch::relu(x);
        const auto sameWithNaN = [](const torch::Tensor &a, const torch::Tensor &b) {
            return torch::equal(a.isnan(), b.isnan()) && torch::equal(a.nan_to_num(0.0), b.nan_to_num(0.0));
        };

        const auto fused = pointwiseForward(x, weight, bias, true);
        QVERIFY(fused.isnan().any().item<bool>());
        QVERIFY(sameWithNaN(fused, pointwiseForward(relu, weight, bias)));

        const auto masked = pointwiseInputGradient(grad, weight, x);
        QVERIFY(masked.is_contiguous(at::MemoryFormat::ChannelsLast));
        QVERIFY(torch::equal(masked, at::threshold_backward(pointwiseInputGradient(grad, weight), x, 0)));

        const auto clean = channelsLast(randomTensor({3, 32, 7, 5}, 34));
        const auto onLoad = pointwiseParameterGradients(grad, clean, weight, true, true, true);
        const auto rectified = pointwiseParameterGradients(grad, torch::relu(clean), weight, true, true);
        QVERIFY(torch::equal(onLoad.first, rectified.first));
        QVERIFY(torch::equal(onLoad.second, rectified.second));
        // Many pixels (several parts of chunks, each chunk through the rectified copy).
        const auto big = channelsLast(randomTensor({16, 32, 16, 16}, 35));
        const auto bigGrad = channelsLast(randomTensor({16, outputs, 16, 16}, 36));
        const auto bigOnLoad = pointwiseParameterGradients(bigGrad, big, weight, true, false, true);
        QVERIFY(torch::equal(bigOnLoad.first,
                             pointwiseParameterGradients(bigGrad, torch::relu(big), weight, true, false).first));

        const std::vector<torch::Tensor> parts{x.narrow(1, 0, 16).contiguous(at::MemoryFormat::ChannelsLast),
                                               x.narrow(1, 16, 16).contiguous(at::MemoryFormat::ChannelsLast)};
        QVERIFY(pointwiseAppliesToParts(parts, weight));
        QVERIFY(sameWithNaN(pointwiseForwardParts(parts, weight, bias, true), fused));
        QVERIFY(
            sameWithNaN(pointwiseForwardParts({torch::relu(parts[0]), torch::relu(parts[1])}, weight, bias), fused));
        avx512Switch().set(true);
    }

    // The weight gradients' partial sums (LaneSums.h): each column added through the parts in
    // their order, with one thread or two, whatever was in the memory before (each part is
    // zeroed by its filler). Values where the order shows: 1e16 + 1 - 1e16 is 0 in double, 1 in
    // another order.
    void partSumsAddInPartOrder()
    {
        constexpr std::int64_t parts = 5, width = 3000;
        const auto value = [](std::int64_t part, std::int64_t column) {
            const double big[] = {1e16, 1.0, -1e16, 0.5, 3.0};
            return big[part] * (1.0 + static_cast<double>(column % 7) / 8.0) + static_cast<double>(column);
        };
        std::vector<double> expected(width, 0.0);
        for (std::int64_t column = 0; column < width; ++column) {
            double sum = value(0, column);
            for (std::int64_t part = 1; part < parts; ++part)
                sum += value(part, column);
            expected[static_cast<std::size_t>(column)] = sum;
        }
        for (const int threads : {1, 2}) {
            torch::set_num_threads(threads);
            PartSums sums(parts, width);
            for (std::int64_t part = parts - 1; part >= 0; --part) {
                double *row = sums.zeroed(part);
                QCOMPARE(row[width - 1], 0.0);
                for (std::int64_t column = 0; column < width; ++column)
                    row[column] += value(part, column);
            }
            std::vector<double> total(width, -1.0);
            sums.addUp(total.data());
            QVERIFY(total == expected);
        }
        PartSums none(0, 4);
        std::vector<double> zeros(4, 9.0);
        none.addUp(zeros.data());
        QVERIFY(zeros == std::vector<double>(4, 0.0));
    }

    void appliesOnlyWhereItShould()
    {
        const auto weight = randomTensor({16, 16, 1, 1}, 10);
        const auto x = channelsLast(randomTensor({2, 16, 4, 4}, 11));
        QVERIFY(pointwiseApplies(x, weight));
        QVERIFY(!pointwiseApplies(x.contiguous(), weight));                          // NCHW
        QVERIFY(!pointwiseApplies(x.to(torch::kDouble), weight.to(torch::kDouble))); // float64
        QVERIFY(!pointwiseApplies(channelsLast(randomTensor({2, 24, 4, 4}, 12)),     // 24 channels
                                  randomTensor({16, 24, 1, 1}, 13)));
        QVERIFY(!pointwiseApplies(x, randomTensor({16, 16, 3, 3}, 14))); // 3x3
        setPointwiseKernelsEnabled(false);
        QVERIFY(!pointwiseApplies(x, weight));
    }
};

QTEST_APPLESS_MAIN(TestPointwise)
#include "tst_pointwise.moc"
