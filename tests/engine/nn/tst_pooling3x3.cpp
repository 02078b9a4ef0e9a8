// LibTorch before Qt: Qt's `slots` macro breaks ATen headers.
#include "engine/nn/Pooling3x3.h"

#include <torch/torch.h>

#include <QtTest/QtTest>

#include <limits>
#include <string>

using namespace gdas::engine;

namespace {

// For max pooling, values from a few levels, so windows hold ties (the first maximum must win,
// as in ATen); for averages, continuous values, whose sums round differently in another order.
torch::Tensor input(std::int64_t n, std::int64_t c, std::int64_t h, std::int64_t w, bool nan, bool ties)
{
    torch::Generator generator(at::detail::createCPUGenerator(3));
    auto x = ties ? torch::randint(-3, 4, {n, c, h, w}, generator, torch::kFloat) * 0.5
                  : torch::randn({n, c, h, w}, generator);
    if (nan) {
        x.index_put_({0, 0, 1, 1}, std::numeric_limits<float>::quiet_NaN());
        x.index_put_({n - 1, c - 1, h - 1, 0}, -std::numeric_limits<float>::infinity());
    }
    return x.contiguous(at::MemoryFormat::ChannelsLast);
}

torch::Tensor aten(const torch::Tensor &x, int stride, bool max)
{
    return max ? torch::max_pool2d(x, 3, stride, 1) : torch::avg_pool2d(x, 3, stride, 1, false, false);
}

torch::Tensor ours(const torch::Tensor &x, int stride, bool max)
{
    return max ? maxPool3x3(x, stride) : avgPool3x3(x, stride);
}

// The same numbers as ATen's, bit for bit (NaN where ATen has NaN).
bool same(const torch::Tensor &a, const torch::Tensor &b)
{
    return a.sizes() == b.sizes() && torch::equal(a.isnan(), b.isnan()) &&
           torch::equal(a.nan_to_num(0.0, 1e30, -1e30), b.nan_to_num(0.0, 1e30, -1e30));
}

} // namespace

class TestPooling3x3 : public QObject {
    Q_OBJECT

private slots:
    void init() { setPooling3x3KernelsEnabled(true); }

    void matchesAten_data()
    {
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("c");
        QTest::addColumn<int>("h");
        QTest::addColumn<int>("w");
        QTest::addColumn<int>("stride");
        QTest::addColumn<bool>("max");
        QTest::addColumn<bool>("nan");
        for (const bool max : {true, false}) {
            for (const int stride : {1, 2}) {
                // Row names as std::string, not QByteArray: in the Debug ASan build this program
                // would define QByteArray::append out of line, and Qt 5 (loaded through LibTorch's
                // dependencies) binds to it while it initialises, and crashes.
                const std::string name = std::string(max ? "max" : "avg") + " stride " + std::to_string(stride);
                QTest::newRow((name + " 16x8x8").c_str()) << 3 << 16 << 8 << 8 << stride << max << false;
                QTest::newRow((name + " 3x7x5").c_str()) << 2 << 3 << 7 << 5 << stride << max << false;
                QTest::newRow((name + " 36x7x7 (4-float lanes)").c_str())
                    << 2 << 36 << 7 << 7 << stride << max << false;
                QTest::newRow((name + " 70x9x6 (channel blocks)").c_str())
                    << 2 << 70 << 9 << 6 << stride << max << false;
                // Wide enough that the interior outputs go in tiles of four, both strides, with
                // outputs left over after the last tile.
                QTest::newRow((name + " 16x9x17 (tiles)").c_str()) << 2 << 16 << 9 << 17 << stride << max << false;
                QTest::newRow((name + " 24x1x2").c_str()) << 2 << 24 << 1 << 2 << stride << max << false;
                QTest::newRow((name + " 16x6x6 NaN, -inf").c_str()) << 2 << 16 << 6 << 6 << stride << max << true;
            }
        }
    }

    // Forward and backward against ATen's kernels on the same channels-last input.
    void matchesAten()
    {
        QFETCH(int, n);
        QFETCH(int, c);
        QFETCH(int, h);
        QFETCH(int, w);
        QFETCH(int, stride);
        QFETCH(bool, max);
        QFETCH(bool, nan);
        const auto x = input(n, c, h, w, nan, /*ties=*/max);
        QVERIFY(pooling3x3UsesOwnKernels(x));

        const auto xOurs = x.clone().requires_grad_(true);
        const auto xAten = x.clone().requires_grad_(true);
        const auto yOurs = ours(xOurs, stride, max);
        const auto yAten = aten(xAten, stride, max);
        QVERIFY(same(yOurs, yAten));
        QVERIFY(yOurs.is_contiguous(at::MemoryFormat::ChannelsLast));

        // An output gradient with ties of its own, once channels-last and once NCHW.
        for (const bool channelsLast : {true, false}) {
            auto grad = torch::randn(yAten.sizes(), torch::Generator(at::detail::createCPUGenerator(5)));
            grad = channelsLast ? grad.contiguous(at::MemoryFormat::ChannelsLast) : grad.contiguous();
            const auto gOurs = torch::autograd::grad({yOurs}, {xOurs}, {grad}, /*retain_graph=*/true)[0];
            const auto gAten = torch::autograd::grad({yAten}, {xAten}, {grad}, /*retain_graph=*/true)[0];
            QVERIFY(same(gOurs, gAten));
        }

        // Without autograd (inference) the same forward.
        torch::NoGradGuard noGrad;
        QVERIFY(same(ours(x, stride, max), yAten.detach()));
    }

    // NCHW inputs and the switch take ATen's path, with the same results.
    void fallsBackToAten()
    {
        const auto nchw = input(2, 8, 6, 6, false, true).contiguous();
        QVERIFY(!pooling3x3UsesOwnKernels(nchw));
        QVERIFY(torch::equal(maxPool3x3(nchw, 2), aten(nchw, 2, true)));
        QVERIFY(torch::equal(avgPool3x3(nchw, 1), aten(nchw, 1, false)));
        QVERIFY(!pooling3x3UsesOwnKernels(nchw.to(torch::kDouble).contiguous(at::MemoryFormat::ChannelsLast)));

        setPooling3x3KernelsEnabled(false);
        QVERIFY(!pooling3x3UsesOwnKernels(input(2, 8, 6, 6, false, true)));
        const auto x = input(2, 8, 6, 6, false, true).requires_grad_(true);
        const auto y = maxPool3x3(x, 1);
        QVERIFY(torch::equal(y, aten(x, 1, true)));
        y.sum().backward();
        QVERIFY(x.grad().defined());
    }

    // The cells' sizes, a few times each, with several threads: the parallel split over rows and
    // images gives the same numbers as one thread.
    void threadsAgree()
    {
        const auto x = input(16, 32, 16, 16, false, true);
        const auto grad = torch::randn({16, 32, 8, 8}).contiguous(at::MemoryFormat::ChannelsLast);
        const int before = at::get_num_threads();
        torch::Tensor reference[2];
        for (const int threads : {1, 2}) {
            at::set_num_threads(threads);
            const auto xg = x.clone().requires_grad_(true);
            const auto y = maxPool3x3(xg, 2);
            const auto g = torch::autograd::grad({y}, {xg}, {grad})[0];
            if (threads == 1) {
                reference[0] = y.detach();
                reference[1] = g;
            } else {
                QVERIFY(torch::equal(y, reference[0]));
                QVERIFY(torch::equal(g, reference[1]));
            }
        }
        at::set_num_threads(before);
    }
};

QTEST_GUILESS_MAIN(TestPooling3x3)
#include "tst_pooling3x3.moc"
