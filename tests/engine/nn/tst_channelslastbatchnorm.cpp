// LibTorch before Qt: Qt's `slots` macro breaks ATen headers.
#include "engine/nn/ChannelsLastBatchNorm.h"
#include "engine/nn/LeanAutograd.h"

#include <torch/torch.h>

#include <QtTest/QtTest>

#include <limits>
#include <string>

using namespace gdas::engine;

namespace {

torch::nn::BatchNorm2d makeBn(std::int64_t c, bool affine, torch::Dtype dtype)
{
    torch::nn::BatchNorm2d bn(torch::nn::BatchNorm2dOptions(c).affine(affine).momentum(0.1).eps(1e-5));
    if (affine) {
        torch::NoGradGuard noGrad;
        bn->weight.copy_(torch::linspace(0.5, 1.5, c));
        bn->bias.copy_(torch::linspace(-0.3, 0.3, c));
    }
    bn->running_mean.fill_(0.2);
    bn->running_var.fill_(1.5);
    bn->to(dtype);
    bn->train();
    return bn;
}

double maxError(const torch::Tensor &ours, const torch::Tensor &reference)
{
    return (ours.to(torch::kDouble) - reference).abs().max().item<double>();
}

} // namespace

class TestChannelsLastBatchNorm : public QObject {
    Q_OBJECT

private slots:
    void init() { setChannelsLastBatchNormEnabled(true); }

    void matchesDoubleReference_data()
    {
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("c");
        QTest::addColumn<int>("side");
        QTest::addColumn<bool>("affine");
        for (const bool affine : {true, false}) {
            // std::string, not QByteArray (see tst_pooling3x3: Qt 5 in the ASan build).
            const std::string tag = affine ? " affine" : " search";
            QTest::newRow(("36x16" + tag).c_str()) << 8 << 36 << 16 << affine;
            QTest::newRow(("12x5" + tag).c_str()) << 3 << 12 << 5 << affine;
            QTest::newRow(("108x8" + tag).c_str()) << 4 << 108 << 8 << affine;
            // The search networks' channel counts.
            QTest::newRow(("16x32" + tag).c_str()) << 16 << 16 << 32 << affine;
            QTest::newRow(("64x8" + tag).c_str()) << 8 << 64 << 8 << affine;
        }
    }

    // Our float kernel against LibTorch's BatchNorm in float64 (NCHW): output, running
    // statistics, and the gradients of the input, weight and bias, two steps in a row. Our error
    // must be of float rounding's size and no larger than LibTorch's own float kernel's.
    void matchesDoubleReference()
    {
        QFETCH(int, n);
        QFETCH(int, c);
        QFETCH(int, side);
        QFETCH(bool, affine);
        auto ours = makeBn(c, affine, torch::kFloat);
        auto theirs = makeBn(c, affine, torch::kFloat);
        auto reference = makeBn(c, affine, torch::kDouble);
        torch::Generator generator(at::detail::createCPUGenerator(9));
        for (int step = 0; step < 2; ++step) {
            // An offset mean and a spread of scales, so the variance is not trivially 1.
            const auto base =
                torch::randn({n, c, side, side}, generator) * torch::linspace(0.1, 4.0, c).view({1, c, 1, 1}) +
                torch::linspace(-2.0, 3.0, c).view({1, c, 1, 1});
            const auto grad = torch::randn({n, c, side, side}, generator);
            const auto x = base.contiguous(at::MemoryFormat::ChannelsLast).requires_grad_(true);
            QVERIFY(channelsLastBatchNormApplies(x, ours));
            const auto y = batchNorm(x, ours);
            QVERIFY(y.is_contiguous(at::MemoryFormat::ChannelsLast));
            y.backward(grad.contiguous(at::MemoryFormat::ChannelsLast));

            setChannelsLastBatchNormEnabled(false);
            const auto xTheirs = base.contiguous(at::MemoryFormat::ChannelsLast).requires_grad_(true);
            const auto yTheirs = theirs->forward(xTheirs);
            yTheirs.backward(grad.contiguous(at::MemoryFormat::ChannelsLast));
            setChannelsLastBatchNormEnabled(true);

            const auto xRef = base.to(torch::kDouble).requires_grad_(true);
            const auto yRef = reference->forward(xRef);
            yRef.backward(grad.to(torch::kDouble));

            const auto check = [&](const char *what, const torch::Tensor &a, const torch::Tensor &b,
                                   const torch::Tensor &ref) {
                const double ourError = maxError(a, ref);
                const double theirError = maxError(b, ref);
                const double scale = std::max(1.0, ref.abs().max().item<double>());
                qInfo("step %d %s: ours %.3g, LibTorch float %.3g (scale %.3g)", step, what, ourError, theirError,
                      scale);
                QVERIFY2(ourError <= 2e-5 * scale, what);
                QVERIFY2(ourError <= std::max(4.0 * theirError, 1e-6 * scale), what);
            };
            check("output", y, yTheirs, yRef);
            check("running mean", ours->running_mean, theirs->running_mean, reference->running_mean);
            check("running var", ours->running_var, theirs->running_var, reference->running_var);
            check("input gradient", x.grad(), xTheirs.grad(), xRef.grad());
            if (affine) {
                check("weight gradient", ours->weight.grad(), theirs->weight.grad(), reference->weight.grad());
                check("bias gradient", ours->bias.grad(), theirs->bias.grad(), reference->bias.grad());
            }
            QCOMPARE(ours->num_batches_tracked.item<std::int64_t>(), std::int64_t(step + 1));
        }
    }

    // A constant channel (a node all of whose edges sampled 'none'): exactly zero out, finite
    // gradients.
    void constantChannel()
    {
        auto bn = makeBn(12, false, torch::kFloat);
        auto base = torch::randn({4, 12, 6, 6});
        base.select(1, 3).fill_(0.0f);
        base.select(1, 5).fill_(2.5f);
        const auto x = base.contiguous(at::MemoryFormat::ChannelsLast).requires_grad_(true);
        const auto y = batchNorm(x, bn);
        QCOMPARE(y.select(1, 3).abs().max().item<float>(), 0.0f);
        QCOMPARE(y.select(1, 5).abs().max().item<float>(), 0.0f);
        y.backward(torch::randn(y.sizes()).contiguous(at::MemoryFormat::ChannelsLast));
        QVERIFY(x.grad().isfinite().all().item<bool>());
    }

    void meanVariance()
    {
        // The exact statistics the lean BatchNorm falls back on for near-constant channels:
        // a constant channel has variance exactly 0 and its value as the mean; the others agree
        // with float64 to float rounding. C = 16, 32, 64 (the search networks'), 12.
        for (const std::int64_t c : {12, 16, 32, 64}) {
            auto base = torch::randn({64, c, 9, 9}, torch::kDouble) * 3.0 + 1.0;
            base.select(1, 3).fill_(0.0);
            base.select(1, 5).fill_(0.7311); // not exact in binary
            base.select(1, 7).fill_(-1234.5678);
            const auto x = base.to(torch::kFloat).contiguous(at::MemoryFormat::ChannelsLast);
            const auto [mean, variance] = channelsLastMeanVariance(x);
            const auto reference = x.to(torch::kDouble);
            const auto [refVariance, refMean] = torch::var_mean(reference, {0, 2, 3}, /*unbiased=*/false);
            for (const int k : {3, 5, 7}) {
                QCOMPARE(variance[k].item<float>(), 0.0f);
                QCOMPARE(mean[k].item<float>(), x[0][k][0][0].item<float>());
            }
            QVERIFY2(maxError(mean, refMean) < 1e-6 * 1235, qPrintable(QString("C=%1 mean").arg(c)));
            QVERIFY2(maxError(variance, refVariance) < 1e-5, qPrintable(QString("C=%1 variance").arg(c)));
        }
    }

    void intoSumMatchesDoubleReference_data()
    {
        QTest::addColumn<int>("c");
        QTest::addColumn<int>("sumKind"); // 0: no sum, 1: a fresh sum, 2: in place
        for (const int c : {16, 32, 12}) {
            QTest::newRow(("no sum C=" + std::to_string(c)).c_str()) << c << 0;
            QTest::newRow(("fresh C=" + std::to_string(c)).c_str()) << c << 1;
            QTest::newRow(("in place C=" + std::to_string(c)).c_str()) << c << 2;
        }
    }

    // sum + bn(x)·w (w exactly 1, GDAS's selected weight) written in one pass, against the
    // same composition in float64: output, running statistics, and the gradients of x, sum and
    // w (Σ g·x̂, taken from BatchNorm's backward sums), two steps in a row. A constant channel
    // (a node all of whose edges sampled 'none') normalises to exactly 0.
    void intoSumMatchesDoubleReference()
    {
        QFETCH(int, c);
        QFETCH(int, sumKind);
        auto ours = makeBn(c, false, torch::kFloat);
        auto reference = makeBn(c, false, torch::kDouble);
        torch::Generator generator(at::detail::createCPUGenerator(13));
        for (int step = 0; step < 2; ++step) {
            auto base = torch::randn({6, c, 7, 7}, generator) * torch::linspace(0.1, 4.0, c).view({1, c, 1, 1}) +
                        torch::linspace(-2.0, 3.0, c).view({1, c, 1, 1});
            base.select(1, 2).fill_(0.7311f);
            const auto sumBase = torch::randn({6, c, 7, 7}, generator);
            const auto grad = torch::randn({6, c, 7, 7}, generator);
            const auto w = torch::ones({}, torch::requires_grad());

            const auto x = base.contiguous(at::MemoryFormat::ChannelsLast).requires_grad_(true);
            const auto sumLeaf = sumBase.contiguous(at::MemoryFormat::ChannelsLast).requires_grad_(true);
            // In place needs a sum of the node's own, not a leaf: a copy made in the graph.
            const auto sum = sumKind == 0 ? torch::Tensor() : sumLeaf * 1.0f;
            QVERIFY(batchNormIntoSumApplies(x, ours, sum));
            const auto sumData = sum.defined() ? sum.data_ptr<float>() : nullptr;
            const auto out = batchNormIntoSum(sum, sumKind == 2, x, ours, w);
            QVERIFY(out.is_contiguous(at::MemoryFormat::ChannelsLast));
            QCOMPARE(out.data_ptr<float>() == sumData, sumKind == 2);
            out.backward(grad.contiguous(at::MemoryFormat::ChannelsLast));
            QCOMPARE(
                out.select(1, 2).sub(sumKind == 0 ? torch::zeros({}) : sumBase.select(1, 2)).abs().max().item<float>(),
                0.0f);

            const auto xRef = base.to(torch::kDouble).requires_grad_(true);
            const auto sumRef = sumBase.to(torch::kDouble).requires_grad_(true);
            const auto wRef = torch::ones({}, torch::kDouble).requires_grad_(true);
            auto outRef = reference->forward(xRef) * wRef;
            if (sumKind != 0)
                outRef = sumRef + outRef;
            outRef.backward(grad.to(torch::kDouble));

            const auto check = [&](const char *what, const torch::Tensor &a, const torch::Tensor &ref) {
                const double error = maxError(a, ref);
                const double scale = std::max(1.0, ref.abs().max().item<double>());
                qInfo("step %d %s: %.3g (scale %.3g)", step, what, error, scale);
                QVERIFY2(error <= 2e-5 * scale, what);
            };
            check("output", out, outRef);
            check("running mean", ours->running_mean, reference->running_mean);
            check("running var", ours->running_var, reference->running_var);
            check("input gradient", x.grad(), xRef.grad());
            check("weight gradient", w.grad(), wRef.grad());
            if (sumKind != 0)
                check("sum gradient", sumLeaf.grad(), sumRef.grad());
            QCOMPARE(ours->num_batches_tracked.item<std::int64_t>(), std::int64_t(step + 1));
        }
    }

    void intoSumAppliesOnlyWhereItCan()
    {
        auto search = makeBn(16, false, torch::kFloat);
        auto affine = makeBn(16, true, torch::kFloat);
        const auto x = torch::randn({2, 16, 4, 4}).contiguous(at::MemoryFormat::ChannelsLast);
        QVERIFY(batchNormIntoSumApplies(x, search, torch::Tensor()));
        QVERIFY(batchNormIntoSumApplies(x, search, torch::zeros_like(x)));
        QVERIFY(!batchNormIntoSumApplies(x, affine, torch::Tensor()));
        QVERIFY(!batchNormIntoSumApplies(torch::randn({2, 16, 4, 4}), search, torch::Tensor())); // NCHW
        QVERIFY(!batchNormIntoSumApplies(x, search, torch::randn({2, 16, 4, 4})));               // NCHW sum
        QVERIFY(!batchNormIntoSumApplies(torch::randn({2, 18, 4, 4}).contiguous(at::MemoryFormat::ChannelsLast),
                                         makeBn(18, false, torch::kFloat), torch::Tensor()));
        search->eval();
        QVERIFY(!batchNormIntoSumApplies(x, search, torch::Tensor()));
        search->train();
        setBatchNormIntoSumEnabled(false);
        QVERIFY(!batchNormIntoSumApplies(x, search, torch::Tensor()));
        setBatchNormIntoSumEnabled(true);
    }

    void reluMatchesComposition_data()
    {
        QTest::addColumn<int>("c");
        for (const int c : {36, 72, 16, 12})
            QTest::newRow(("C=" + std::to_string(c)).c_str()) << c;
    }

    // relu(bn(x)) in one pass (a separable convolution's first BatchNorm in the evaluation
    // network) against relu() of our unfused kernel: the same numbers bit for bit, output,
    // running statistics and the gradients of x, weight and bias, two steps in a row; a NaN
    // stays NaN in the output, as LibTorch's ReLU leaves it.
    void reluMatchesComposition()
    {
        QFETCH(int, c);
        auto fused = makeBn(c, true, torch::kFloat);
        auto plain = makeBn(c, true, torch::kFloat);
        torch::Generator generator(at::detail::createCPUGenerator(17));
        for (int step = 0; step < 2; ++step) {
            const auto base = torch::randn({5, c, 9, 9}, generator) * torch::linspace(0.1, 4.0, c).view({1, c, 1, 1}) +
                              torch::linspace(-2.0, 3.0, c).view({1, c, 1, 1});
            const auto grad = torch::randn({5, c, 9, 9}, generator).contiguous(at::MemoryFormat::ChannelsLast);
            const auto x = base.contiguous(at::MemoryFormat::ChannelsLast).requires_grad_(true);
            QVERIFY(channelsLastBatchNormReluApplies(x, fused));
            const auto y = channelsLastBatchNormRelu(x, fused);
            QVERIFY(y.is_contiguous(at::MemoryFormat::ChannelsLast));
            y.backward(grad);

            const auto xPlain = base.contiguous(at::MemoryFormat::ChannelsLast).requires_grad_(true);
            const auto yPlain = torch::relu(channelsLastBatchNorm(xPlain, plain));
            yPlain.backward(grad);

            // About half of the outputs are cut by the ReLU, so the mask is exercised.
            const double zeros = (y == 0).to(torch::kDouble).mean().item<double>();
            QVERIFY2(zeros > 0.2 && zeros < 0.8, qPrintable(QString::number(zeros)));
            QVERIFY(torch::equal(y, yPlain));
            QVERIFY(torch::equal(fused->running_mean, plain->running_mean));
            QVERIFY(torch::equal(fused->running_var, plain->running_var));
            QVERIFY(torch::equal(x.grad(), xPlain.grad()));
            QVERIFY(torch::equal(fused->weight.grad(), plain->weight.grad()));
            QVERIFY(torch::equal(fused->bias.grad(), plain->bias.grad()));
        }
        auto withNan = torch::randn({2, c, 4, 4});
        withNan[1][c / 2][3][0] = std::numeric_limits<float>::quiet_NaN();
        const auto x = withNan.contiguous(at::MemoryFormat::ChannelsLast);
        const auto y = channelsLastBatchNormRelu(x, fused);
        QVERIFY(torch::equal(y.isnan(), torch::relu(channelsLastBatchNorm(x, plain)).isnan()));
        QVERIFY(y.select(1, c / 2).isnan().all().item<bool>());
    }

    void reluAppliesOnlyWhereItCan()
    {
        auto affine = makeBn(36, true, torch::kFloat);
        const auto x = torch::randn({2, 36, 4, 4}).contiguous(at::MemoryFormat::ChannelsLast);
        QVERIFY(channelsLastBatchNormReluApplies(x, affine));
        // The search networks' BatchNorms keep their output, not x: no mask to make again.
        QVERIFY(!channelsLastBatchNormReluApplies(
            torch::randn({2, 16, 4, 4}).contiguous(at::MemoryFormat::ChannelsLast), makeBn(16, false, torch::kFloat)));
        QVERIFY(!channelsLastBatchNormReluApplies(torch::randn({2, 36, 4, 4}), affine)); // NCHW
        affine->eval();
        QVERIFY(!channelsLastBatchNormReluApplies(x, affine));
        affine->train();
        setChannelsLastBatchNormReluEnabled(false);
        QVERIFY(!channelsLastBatchNormReluApplies(x, affine));
        setChannelsLastBatchNormReluEnabled(true);
    }

    // Where it does not apply: multiples of 8 (LibTorch's own kernel is fast there), NCHW,
    // evaluation mode, the switch.
    void appliesWhereItCan()
    {
        auto bn36 = makeBn(36, true, torch::kFloat);
        auto bn32 = makeBn(32, false, torch::kFloat);
        auto bn30 = makeBn(30, true, torch::kFloat);
        const auto x36 = torch::randn({2, 36, 4, 4}).contiguous(at::MemoryFormat::ChannelsLast);
        QVERIFY(channelsLastBatchNormApplies(x36, bn36));
        QVERIFY(
            channelsLastBatchNormApplies(torch::randn({2, 32, 4, 4}).contiguous(at::MemoryFormat::ChannelsLast), bn32));
        QVERIFY(!channelsLastBatchNormApplies(torch::randn({2, 30, 4, 4}).contiguous(at::MemoryFormat::ChannelsLast),
                                              bn30)); // C % 4 != 0
        QVERIFY(!channelsLastBatchNormApplies(torch::randn({2, 36, 4, 4}), bn36));
        bn36->eval();
        QVERIFY(!channelsLastBatchNormApplies(x36, bn36));
        bn36->train();
        setChannelsLastBatchNormEnabled(false);
        QVERIFY(!channelsLastBatchNormApplies(x36, bn36));
    }
};

QTEST_GUILESS_MAIN(TestChannelsLastBatchNorm)
#include "tst_channelslastbatchnorm.moc"
