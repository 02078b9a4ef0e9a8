// LibTorch before Qt: Qt's `slots` macro breaks ATen headers.
#include "engine/EngineError.h"
#include "engine/nn/Supernet.h"

#include <torch/torch.h>

#include <QtTest/QtTest>

#include <cmath>
#include <limits>

using gdas::engine::CellWeights;
using gdas::engine::GumbelSampler;

namespace {

// The straight-through gradient of sum(c ⊙ hard) with respect to one row of α, written out as
// Jacobians: hard's gradient is p's, p = softmax(z), z = (log_softmax(α) + g) / τ, so
// dL/dα = c^T · J_softmax(p) · J_logsoftmax(α) / τ with J_softmax = diag(p) - p p^T and
// J_logsoftmax[m][j] = δ_mj - softmax(α)_j.
std::vector<double> expectedRowGradient(const std::vector<double> &alpha, const std::vector<double> &gumbel,
                                        const std::vector<double> &c, double tau)
{
    const auto k = alpha.size();
    const auto softmaxOf = [](const std::vector<double> &x) {
        double maximum = x[0];
        for (double v : x)
            maximum = std::max(maximum, v);
        std::vector<double> e(x.size());
        double total = 0.0;
        for (std::size_t i = 0; i < x.size(); ++i)
            total += e[i] = std::exp(x[i] - maximum);
        for (double &v : e)
            v /= total;
        return e;
    };
    const auto s = softmaxOf(alpha);
    std::vector<double> logits(k);
    for (std::size_t i = 0; i < k; ++i)
        logits[i] = (std::log(s[i]) + gumbel[i]) / tau;
    const auto p = softmaxOf(logits);

    std::vector<double> gradZ(k, 0.0); // c^T J_softmax
    for (std::size_t m = 0; m < k; ++m)
        for (std::size_t i = 0; i < k; ++i)
            gradZ[m] += c[i] * ((i == m ? p[i] : 0.0) - p[i] * p[m]);
    std::vector<double> gradAlpha(k, 0.0); // · J_logsoftmax / τ
    for (std::size_t j = 0; j < k; ++j)
        for (std::size_t m = 0; m < k; ++m)
            gradAlpha[j] += gradZ[m] * ((m == j ? 1.0 : 0.0) - s[j]) / tau;
    return gradAlpha;
}

std::vector<double> rowOf(const torch::Tensor &t, std::int64_t row)
{
    const auto r = t.select(0, row).to(torch::kDouble).contiguous();
    return {r.data_ptr<double>(), r.data_ptr<double>() + r.numel()};
}

} // namespace

class TestGumbelSampler : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // One thread: OpenMP barriers crawl when the CI machine is oversubscribed.
    void initTestCase() { torch::set_num_threads(1); }

    void forwardWeightsAreExactlyOneHot_data()
    {
        QTest::addColumn<int>("edges");
        QTest::addColumn<int>("ops");
        QTest::addColumn<double>("tau");
        QTest::addColumn<double>("alphaScale");
        QTest::newRow("darts tau 10") << 14 << 8 << 10.0 << 1e-3;
        QTest::newRow("darts tau 0.1") << 14 << 8 << 0.1 << 1e-3;
        QTest::newRow("darts tau 0.1 peaked") << 14 << 8 << 0.1 << 5.0;
        QTest::newRow("nb201 tau 5") << 6 << 5 << 5.0 << 1.0;
    }
    void forwardWeightsAreExactlyOneHot()
    {
        QFETCH(int, edges);
        QFETCH(int, ops);
        QFETCH(double, tau);
        QFETCH(double, alphaScale);
        torch::manual_seed(3);
        const auto alpha = (alphaScale * torch::randn({edges, ops})).requires_grad_();
        GumbelSampler sampler(11);
        for (int draw = 0; draw < 20; ++draw) {
            const auto sampled = sampler.sample(alpha, tau);
            QCOMPARE(static_cast<int>(sampled.index.size()), edges);
            QCOMPARE(sampled.weights.sizes(), alpha.sizes());
            QVERIFY(sampled.weights.requires_grad());
            const auto w = sampled.weights.detach().contiguous();
            for (int e = 0; e < edges; ++e) {
                const auto k = sampled.index[static_cast<std::size_t>(e)];
                QVERIFY(k >= 0 && k < ops);
                for (int j = 0; j < ops; ++j)
                    QCOMPARE(w[e][j].item<float>(), j == k ? 1.0f : 0.0f); // exact
            }
        }
    }

    void gradientIsStraightThrough_data()
    {
        QTest::addColumn<double>("tau");
        QTest::newRow("tau 10") << 10.0;
        QTest::newRow("tau 1") << 1.0;
        QTest::newRow("tau 0.5") << 0.5;
    }
    void gradientIsStraightThrough()
    {
        QFETCH(double, tau);
        torch::manual_seed(5);
        const int edges = 4;
        const int ops = 5;
        const auto alpha = torch::randn({edges, ops}, torch::kDouble).requires_grad_();
        const auto gumbel = -torch::log(torch::empty({edges, ops}, torch::kDouble).exponential_());
        const auto c = torch::randn({edges, ops}, torch::kDouble);

        const auto sampled = GumbelSampler::hardSample(alpha, tau, gumbel);
        QVERIFY(sampled.has_value());
        (c * sampled->weights).sum().backward();
        const auto grad = alpha.grad();
        QVERIFY(grad.defined());
        for (int e = 0; e < edges; ++e) {
            const auto expected = expectedRowGradient(rowOf(alpha.detach(), e), rowOf(gumbel, e), rowOf(c, e), tau);
            const auto actual = rowOf(grad, e);
            for (int j = 0; j < ops; ++j) {
                QVERIFY2(std::abs(actual[static_cast<std::size_t>(j)] - expected[static_cast<std::size_t>(j)]) < 1e-10,
                         qPrintable(QStringLiteral("edge %1 op %2: %3 vs %4")
                                        .arg(e)
                                        .arg(j)
                                        .arg(actual[static_cast<std::size_t>(j)])
                                        .arg(expected[static_cast<std::size_t>(j)])));
            }
        }
        // The sampled index is the argmax of the perturbed logits.
        const auto perturbed = torch::log_softmax(alpha.detach(), 1) + gumbel;
        for (int e = 0; e < edges; ++e)
            QCOMPARE(sampled->index[static_cast<std::size_t>(e)], perturbed[e].argmax().item<std::int64_t>());
    }

    void rejectsNonFiniteNoiseOrProbabilities()
    {
        const auto alpha = torch::zeros({3, 4});
        auto gumbel = torch::zeros({3, 4});
        QVERIFY(GumbelSampler::hardSample(alpha, 1.0, gumbel).has_value());
        gumbel[1][2] = std::numeric_limits<float>::infinity();
        QVERIFY(!GumbelSampler::hardSample(alpha, 1.0, gumbel).has_value());
        gumbel[1][2] = std::numeric_limits<float>::quiet_NaN();
        QVERIFY(!GumbelSampler::hardSample(alpha, 1.0, gumbel).has_value());

        auto badAlpha = torch::zeros({3, 4});
        badAlpha[0][0] = std::numeric_limits<float>::quiet_NaN();
        QVERIFY(!GumbelSampler::hardSample(badAlpha, 1.0, torch::zeros({3, 4})).has_value());
        // A NaN α can never give finite probabilities: sample() gives up instead of spinning.
        GumbelSampler sampler(1);
        QVERIFY_THROWS_EXCEPTION(gdas::engine::RuntimeFailure, sampler.sample(badAlpha, 1.0));
    }

    void stateRestoresTheSequence()
    {
        torch::manual_seed(2);
        const auto alpha = torch::randn({14, 8});
        GumbelSampler sampler(42);
        sampler.sample(alpha, 1.0);
        const auto saved = sampler.state().clone();
        std::vector<std::vector<std::int64_t>> first;
        std::vector<torch::Tensor> firstWeights;
        for (int i = 0; i < 5; ++i) {
            auto s = sampler.sample(alpha, 1.0);
            first.push_back(s.index);
            firstWeights.push_back(s.weights.detach());
        }
        // A different seed gives a different sequence; restoring the state reproduces it.
        GumbelSampler other(43);
        other.setState(saved);
        for (int i = 0; i < 5; ++i) {
            const auto s = other.sample(alpha, 1.0);
            QCOMPARE(s.index, first[static_cast<std::size_t>(i)]);
            QVERIFY(torch::equal(s.weights.detach(), firstWeights[static_cast<std::size_t>(i)]));
        }
        // Same seed, same draws; the global torch generator plays no part.
        GumbelSampler a(7);
        GumbelSampler b(7);
        torch::manual_seed(100);
        const auto sa = a.sample(alpha, 1.0);
        torch::manual_seed(200);
        const auto sb = b.sample(alpha, 1.0);
        QCOMPARE(sa.index, sb.index);
    }

    void samplesFollowTheDistribution()
    {
        // At τ = 1 the argmax of log_softmax(α) + g is distributed as softmax(α).
        const auto alpha = torch::tensor({{0.0f, 1.0f, 2.0f}});
        const auto p = torch::softmax(alpha, 1);
        GumbelSampler sampler(9);
        std::array<int, 3> hits{};
        const int draws = 6000;
        for (int i = 0; i < draws; ++i)
            ++hits[static_cast<std::size_t>(sampler.sample(alpha, 1.0).index[0])];
        for (int k = 0; k < 3; ++k) {
            const double expected = p[0][k].item<double>();
            const double observed = static_cast<double>(hits[static_cast<std::size_t>(k)]) / draws;
            // 5 standard deviations of a binomial proportion.
            QVERIFY(std::abs(observed - expected) < 5.0 * std::sqrt(expected * (1 - expected) / draws));
        }
    }

    void relaxIsSoftmax()
    {
        const auto alpha = torch::randn({6, 5}).requires_grad_();
        const auto relaxed = GumbelSampler::relax(alpha);
        QVERIFY(relaxed.index.empty());
        QVERIFY(torch::allclose(relaxed.weights, torch::softmax(alpha.detach(), 1)));
        QVERIFY(relaxed.weights.requires_grad());
    }

    void tauSchedule_data()
    {
        QTest::addColumn<int>("epoch");
        QTest::addColumn<int>("epochs");
        QTest::addColumn<double>("expected");
        QTest::newRow("first") << 0 << 250 << 10.0;
        QTest::newRow("last") << 249 << 250 << 0.1;
        QTest::newRow("middle of 3") << 1 << 3 << 5.05;
        QTest::newRow("single epoch") << 0 << 1 << 10.0;
    }
    void tauSchedule()
    {
        QFETCH(int, epoch);
        QFETCH(int, epochs);
        QFETCH(double, expected);
        QVERIFY(std::abs(gdas::engine::tauForEpoch(10.0, 0.1, epoch, epochs) - expected) < 1e-12);
    }
};

QTEST_GUILESS_MAIN(TestGumbelSampler)
#include "tst_gumbelsampler.moc"
