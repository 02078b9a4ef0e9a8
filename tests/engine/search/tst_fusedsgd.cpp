// FusedSgd (issue 15): the search's one-pass weight update against LibTorch's own SGD, bit for
// bit, and against clip_grad_norm_'s arithmetic.
#include "engine/search/FusedSgd.h"

#include <torch/torch.h>

#include <QtTest>

using namespace gdas::engine;

namespace {

// Weights of assorted shapes: vector tails (37, 5), a single float, channels-last kernels (whose
// gradients and buffers take the same layout), a classifier matrix.
std::vector<torch::Tensor> makeWeights(std::uint64_t seed)
{
    torch::manual_seed(static_cast<std::int64_t>(seed));
    std::vector<torch::Tensor> weights;
    for (const auto &shape : std::vector<std::vector<std::int64_t>>{
             {37}, {1}, {5}, {16, 8, 3, 3}, {64, 16, 1, 1}, {10, 256}, {3, 5, 7, 9}, {300}}) {
        auto w = torch::randn(shape);
        if (w.dim() == 4)
            w = w.contiguous(torch::MemoryFormat::ChannelsLast);
        weights.push_back(w.requires_grad_(true));
    }
    return weights;
}

std::vector<torch::Tensor> copyOf(const std::vector<torch::Tensor> &weights)
{
    std::vector<torch::Tensor> out;
    for (const auto &w : weights)
        out.push_back(w.detach().clone().requires_grad_(true)); // clone keeps the layout
    return out;
}

void setGradients(std::vector<torch::Tensor> &a, std::vector<torch::Tensor> &b, double scale)
{
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto g = (torch::randn(a[i].sizes()) * scale).contiguous(a[i].suggest_memory_format());
        a[i].mutable_grad() = g.clone();
        b[i].mutable_grad() = g.clone();
    }
}

torch::Tensor bufferOf(torch::optim::SGD &sgd, const torch::Tensor &p)
{
    auto &state = sgd.state();
    const auto it = state.find(optimizerStateKey(state, p));
    return it == state.end() ? torch::Tensor()
                             : static_cast<torch::optim::SGDParamState &>(*it->second).momentum_buffer();
}

} // namespace

class TestFusedSgd : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { torch::set_num_threads(2); }

    void sameAsLibTorchSgd_data()
    {
        QTest::addColumn<double>("momentum");
        QTest::addColumn<double>("dampening");
        QTest::addColumn<double>("weightDecay");
        QTest::addColumn<bool>("nesterov");
        QTest::newRow("search (Nesterov, decay)") << 0.9 << 0.0 << 3e-4 << true;
        QTest::newRow("plain momentum, dampening") << 0.8 << 0.1 << 0.0 << false;
        QTest::newRow("no momentum") << 0.0 << 0.0 << 5e-4 << false;
    }
    void sameAsLibTorchSgd()
    {
        QFETCH(double, momentum);
        QFETCH(double, dampening);
        QFETCH(double, weightDecay);
        QFETCH(bool, nesterov);
        auto reference = makeWeights(3);
        auto fused = copyOf(reference);
        const auto options = torch::optim::SGDOptions(0.025)
                                 .momentum(momentum)
                                 .dampening(dampening)
                                 .weight_decay(weightDecay)
                                 .nesterov(nesterov);
        torch::optim::SGD referenceSgd(reference, options);
        torch::optim::SGD fusedState(fused, options);
        FusedSgd update(fusedState);
        QVERIFY(update.applies(fused));
        for (int step = 0; step < 4; ++step) {
            if (step == 2) // a schedule's new rate reaches both
                for (auto *sgd : {&referenceSgd, &fusedState})
                    static_cast<torch::optim::SGDOptions &>(sgd->param_groups()[0].options()).lr(0.0113);
            setGradients(reference, fused, 1.0);
            referenceSgd.step();
            {
                torch::NoGradGuard noGrad;
                update.step(fused, 1.0f);
            }
            for (std::size_t i = 0; i < reference.size(); ++i) {
                const auto where = qPrintable(QString("step %1, weight %2").arg(step).arg(i));
                QVERIFY2(torch::equal(reference[i], fused[i]), where);
                QCOMPARE(fused[i].strides().vec(), reference[i].strides().vec());
                const auto a = bufferOf(referenceSgd, reference[i]);
                const auto b = bufferOf(fusedState, fused[i]);
                QCOMPARE(a.defined(), momentum != 0.0);
                QCOMPARE(b.defined(), momentum != 0.0);
                if (a.defined()) {
                    QVERIFY2(torch::equal(a, b), where);
                    QCOMPARE(b.strides().vec(), a.strides().vec());
                }
            }
        }
    }

    // finishGradients' clip: norm of the norms, clamp(clip / (norm + 1e-6), max 1), g *= that.
    void clipsAsClipGradNorm()
    {
        auto reference = makeWeights(4);
        auto fused = copyOf(reference);
        setGradients(reference, fused, 3.0); // a norm well above 5
        std::vector<torch::Tensor> norms;
        for (const auto &w : reference)
            norms.push_back(w.grad().norm(2));
        const auto total = torch::stack(norms).norm(2);
        const double norm = FusedSgd::gradientNorm(fused);
        QVERIFY(std::abs(norm - total.item<double>()) <= 1e-5 * norm);
        const auto coefficient = torch::clamp(5.0 / (total + 1e-6), c10::nullopt, 1.0);
        const float factor = FusedSgd::clipFactor(norm, 5.0);
        QVERIFY(factor < 1.0f);
        QVERIFY(std::abs(factor - coefficient.item<float>()) <= 2e-6f * factor);
        QCOMPARE(FusedSgd::clipFactor(1.0, 5.0), 1.0f);

        const auto options = torch::optim::SGDOptions(0.025).momentum(0.9).weight_decay(3e-4).nesterov(true);
        torch::optim::SGD referenceSgd(reference, options);
        torch::optim::SGD fusedState(fused, options);
        FusedSgd update(fusedState);
        {
            torch::NoGradGuard noGrad;
            const auto exact = torch::full({}, factor);
            for (auto &w : reference)
                w.mutable_grad().mul_(exact);
            update.step(fused, factor);
        }
        referenceSgd.step();
        for (std::size_t i = 0; i < reference.size(); ++i) {
            QVERIFY(torch::equal(reference[i].grad(), fused[i].grad())); // the clipped gradient stays
            QVERIFY(torch::equal(reference[i], fused[i]));
        }
    }

    void zeroesGradients()
    {
        auto weights = makeWeights(5);
        auto other = copyOf(weights);
        setGradients(weights, other, 1.0);
        FusedSgd::zeroGradients(weights);
        for (const auto &w : weights)
            QVERIFY(torch::equal(w.grad(), torch::zeros_like(w)));
    }

    // TrainingUpdate (the retraining's step): the fused path gives LibTorch's zero_grad,
    // clip_grad_norm_ and SGD step, with and without clipping, and keeps LibTorch's path where the
    // fused one is not allowed.
    void trainingUpdateAsLibTorch_data()
    {
        QTest::addColumn<double>("scale");
        QTest::addColumn<bool>("fusedAllowed");
        QTest::newRow("clipped") << 3.0 << true;
        QTest::newRow("below the clip") << 0.01 << true;
        QTest::newRow("LibTorch's path") << 3.0 << false;
    }
    void trainingUpdateAsLibTorch()
    {
        QFETCH(double, scale);
        QFETCH(bool, fusedAllowed);
        auto reference = makeWeights(7);
        auto trained = copyOf(reference);
        const auto options = torch::optim::SGDOptions(0.025).momentum(0.9).weight_decay(3e-4);
        torch::optim::SGD referenceSgd(reference, options);
        torch::optim::SGD sgd(trained, options);
        TrainingUpdate update(sgd);
        for (int step = 0; step < 3; ++step) {
            referenceSgd.zero_grad();
            update.begin(fusedAllowed);
            for (const auto &w : trained)
                if (w.grad().defined())
                    QVERIFY(torch::equal(w.grad(), torch::zeros_like(w)));
            const auto leftByBegin = trained[0].grad(); // zeros, or none on the fused path
            setGradients(reference, trained, scale);
            if (step == 2) {
                // A weight the backward does not reach: zero_grad's zeros still decay it and
                // carry its momentum.
                reference[0].mutable_grad().zero_();
                trained[0].mutable_grad() = leftByBegin;
            }
            const double norm = torch::nn::utils::clip_grad_norm_(reference, 5.0);
            referenceSgd.step();
            update.finish(5.0);
            for (std::size_t i = 0; i < reference.size(); ++i) {
                const auto where = qPrintable(QString("step %1, weight %2").arg(step).arg(i));
                if (norm <= 5.0 || !fusedAllowed) {
                    QVERIFY2(torch::equal(reference[i], trained[i]), where);
                } else {
                    // The global norm is summed in double, clip_grad_norm_'s in float: the
                    // factors may differ in their last bit.
                    QVERIFY2(torch::allclose(reference[i], trained[i], 1e-6, 1e-7), where);
                }
            }
        }
    }

    // Everything the one-pass loop cannot read as flat floats goes to LibTorch's path.
    void appliesOnlyToDenseFloatCpuWeightsLaidOutAlike()
    {
        auto weights = makeWeights(6);
        auto other = copyOf(weights);
        setGradients(weights, other, 1.0);
        torch::optim::SGD sgd(weights, torch::optim::SGDOptions(0.1).momentum(0.9));
        FusedSgd update(sgd);
        QVERIFY(update.applies(weights));
        weights[3].mutable_grad() = weights[3].grad().contiguous(); // NCHW gradient, NHWC weight
        QVERIFY(!update.applies(weights));
        weights[3].mutable_grad() = weights[3].grad().contiguous(torch::MemoryFormat::ChannelsLast);
        QVERIFY(update.applies(weights));
        // A 1x1 kernel's weight with strides [C, 1, 1, 1] and the channels-last gradient oneDNN
        // gives it (strides [C, 1, C, C]; seen in the evaluation network's preprocessing): the
        // same floats in the same order, so the fused path takes it.
        auto pointwise = std::vector<torch::Tensor>{torch::randn({8, 12, 1, 1}).requires_grad_(true)};
        pointwise[0].mutable_grad() = torch::randn({8, 12, 1, 1}).as_strided({8, 12, 1, 1}, {12, 1, 12, 12});
        QVERIFY(pointwise[0].strides() != pointwise[0].grad().strides());
        QVERIFY(FusedSgd(sgd).applies(pointwise));
        pointwise[0].mutable_grad() = torch::randn({12, 8, 1, 1}).contiguous().transpose(0, 1); // another order
        QVERIFY(!FusedSgd(sgd).applies(pointwise));
        auto doubles = std::vector<torch::Tensor>{torch::randn({4}, torch::kDouble).requires_grad_(true)};
        torch::optim::SGD sgdDoubles(doubles, torch::optim::SGDOptions(0.1));
        QVERIFY(!FusedSgd(sgdDoubles).applies(doubles));
        auto strided = std::vector<torch::Tensor>{torch::randn({4, 4}).t().requires_grad_(true)};
        QVERIFY(FusedSgd(sgd).applies(strided)); // transposed but dense: its grad must follow it
        strided[0].mutable_grad() = torch::randn({4, 4});
        QVERIFY(!FusedSgd(sgd).applies(strided));
    }
};

QTEST_GUILESS_MAIN(TestFusedSgd)
#include "tst_fusedsgd.moc"
