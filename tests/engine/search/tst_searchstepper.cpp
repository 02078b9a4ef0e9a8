#include "engine/search/SearchStepper.h"

#include "model/SearchSpace.h"
#include "support/TinySearch.h"

#include <torch/torch.h>

#include <QtTest/QtTest>

using namespace gdas;

// One search step of the DARTS-space GDAS supernet in situations a search can reach.
class TestSearchStepper : public QObject {
    Q_OBJECT

private slots:
    // A search whose α made 'none' the likely sample of every edge of a cell type. The official
    // cells still multiply Zero(x) by the sampled weight, so that α gets an exact zero gradient
    // and Adam still steps it; the step must not fail because autograd finds α unused.
    void everyEdgeSamplingNoneGivesZeroGradient()
    {
        const auto tiny = gdas::testing::tinySearch();
        torch::manual_seed(3);
        engine::SearchStepper stepper(tiny.config, tiny.net, torch::kCPU);
        const int none = model::SearchSpace::darts().opIndex("none");
        QVERIFY(none >= 0);
        {
            torch::NoGradGuard noGrad;
            // log_softmax puts every other op 40 below 'none': no Gumbel draw closes that gap.
            stepper.net()->alphaNormal().select(1, none).fill_(40.0);
        }
        const auto alphaNormal = stepper.net()->alphaNormal().detach().clone();
        const auto alphaReduce = stepper.net()->alphaReduce().detach().clone();
        const auto images = torch::randn({8, 3, 16, 16}).contiguous(at::MemoryFormat::ChannelsLast);
        const auto labels = torch::randint(4, {8}, torch::kLong);
        const engine::Batch batch{images, labels};
        auto sums = torch::zeros({engine::kStatSlots}, torch::kFloat64);
        for (int i = 0; i < 2; ++i) {
            auto [w, a] = stepper.step(batch, batch, 1.0, sums);
            QVERIFY(std::isfinite(w.item<double>()) && std::isfinite(a.item<double>()));
        }
        const auto gradNormal = stepper.net()->alphaNormal().grad();
        QVERIFY(gradNormal.defined());
        QVERIFY(torch::equal(gradNormal, torch::zeros_like(gradNormal)));
        QVERIFY(stepper.net()->alphaReduce().grad().abs().sum().item<double>() > 0.0);
        // Adam stepped both: the normal α by its weight decay alone.
        QVERIFY(!torch::equal(stepper.net()->alphaNormal().detach(), alphaNormal));
        QVERIFY(!torch::equal(stepper.net()->alphaReduce().detach(), alphaReduce));
    }
};

QTEST_GUILESS_MAIN(TestSearchStepper)
#include "tst_searchstepper.moc"
