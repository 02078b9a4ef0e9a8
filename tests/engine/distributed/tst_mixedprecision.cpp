// Mixed precision: the autocast guard switches LibTorch's thread-local autocast state on and
// restores it; dynamic loss scaling halves on overflow and grows after clean steps; a search
// step under autocast trains. Runs on GDAS_TEST_DEVICE (cpu by default; "cuda" on a GPU
// server adds fp16 with loss scaling).
#include "engine/EngineError.h"
#include "engine/distributed/AutocastGuard.h"
#include "engine/distributed/DynamicLossScaler.h"
#include "engine/search/DeviceSelection.h"
#include "engine/search/SearchStepper.h"
#include "support/TinySearch.h"

#include <torch/torch.h>

#include <QtTest>

#include <cmath>
#include <limits>

using namespace gdas;

namespace {

torch::Device testDevice()
{
    const QByteArray name = qgetenv("GDAS_TEST_DEVICE");
    return engine::selectDevice(name.isEmpty() ? std::string("cpu") : name.toStdString());
}

} // namespace

class TestMixedPrecision : public QObject {
    Q_OBJECT
private slots:
    void autocastGuardScopesTheState();
    void lossScalerBacksOffAndGrows();
    void searchStepTrainsUnderAutocast_data();
    void searchStepTrainsUnderAutocast();
};

void TestMixedPrecision::autocastGuardScopesTheState()
{
    const torch::Device device = testDevice();
    const auto lowPrecision = device.is_cuda() ? torch::kHalf : torch::kBFloat16;
    const auto mode = device.is_cuda() ? engine::AmpMode::Float16 : engine::AmpMode::BFloat16;
    auto x = torch::randn({2, 3, 8, 8}, device);
    auto w = torch::randn({4, 3, 3, 3}, device);
    QCOMPARE(torch::conv2d(x, w).scalar_type(), torch::kFloat);
    {
        engine::AutocastGuard outer(device, mode);
        QCOMPARE(torch::conv2d(x, w).scalar_type(), lowPrecision);
        {
            engine::AutocastGuard off(device, engine::AmpMode::Off); // changes nothing
            QCOMPARE(torch::conv2d(x, w).scalar_type(), lowPrecision);
        }
        QCOMPARE(torch::conv2d(x, w).scalar_type(), lowPrecision);
    }
    QCOMPARE(torch::conv2d(x, w).scalar_type(), torch::kFloat);
    QVERIFY(engine::AutocastGuard::supported(torch::kCPU, engine::AmpMode::BFloat16));
    QVERIFY(!engine::AutocastGuard::supported(torch::kCPU, engine::AmpMode::Float16));
}

void TestMixedPrecision::lossScalerBacksOffAndGrows()
{
    engine::DynamicLossScaler scaler(true, 1024.0, 3);
    QCOMPARE(scaler.scaled(torch::tensor(2.0)).item<double>(), 2048.0);
    const auto inf = torch::tensor(std::numeric_limits<double>::infinity());
    const auto nan = torch::tensor(std::numeric_limits<double>::quiet_NaN());
    QVERIFY(!scaler.update(inf));
    QCOMPARE(scaler.scale(), 512.0);
    QVERIFY(!scaler.update(nan));
    QCOMPARE(scaler.scale(), 256.0);
    QVERIFY(scaler.update(torch::tensor(3.0)));
    QVERIFY(scaler.update(torch::tensor(3.0)));
    QCOMPARE(scaler.scale(), 256.0);
    QVERIFY(scaler.update(torch::tensor(3.0))); // third clean step in a row
    QCOMPARE(scaler.scale(), 512.0);
    QCOMPARE(scaler.goodSteps(), std::int64_t(0));
    scaler.setState(8.0, 2);
    QCOMPARE(scaler.scale(), 8.0);
    QVERIFY_THROWS_EXCEPTION(engine::InputError, scaler.setState(0.0, 0));

    engine::DynamicLossScaler off(false);
    QCOMPARE(off.scale(), 1.0);
    QVERIFY(off.update(inf)); // without fp16 nothing is skipped here (the session checks losses)
    QCOMPARE(off.scaled(torch::tensor(2.0)).item<double>(), 2.0);
}

void TestMixedPrecision::searchStepTrainsUnderAutocast_data()
{
    QTest::addColumn<QString>("amp");
    QTest::newRow("bf16") << "bf16";
    if (testDevice().is_cuda())
        QTest::newRow("fp16") << "fp16";
}

void TestMixedPrecision::searchStepTrainsUnderAutocast()
{
    QFETCH(QString, amp);
    const torch::Device device = testDevice();
    const auto tiny = gdas::testing::tinySearch(engine::ampModeByName(amp.toStdString()));
    torch::manual_seed(3);
    engine::SearchStepper stepper(tiny.config, tiny.net, device);
    const auto alphaBefore = stepper.net()->alphaNormal().detach().clone();
    const auto images = torch::randn({8, 3, 16, 16}).contiguous(at::MemoryFormat::ChannelsLast).to(device);
    const auto labels = torch::randint(4, {8}, torch::kLong).to(device);
    const engine::Batch batch{images, labels};
    auto sums = torch::zeros({engine::kStatSlots}, torch::TensorOptions().dtype(torch::kFloat64).device(device));
    double first = 0, last = 0;
    for (int i = 0; i < 5; ++i) {
        auto [w, a] = stepper.step(batch, batch, 1.0, sums);
        const double loss = w.item<double>();
        QVERIFY2(std::isfinite(loss) && std::isfinite(a.item<double>()), qPrintable(QString("step %1").arg(i)));
        (i == 0 ? first : last) = loss;
    }
    for (const auto &p : stepper.net()->parameters())
        QVERIFY(torch::isfinite(p).all().item<bool>());
    QCOMPARE(stepper.net()->alphaNormal().scalar_type(), torch::kFloat); // master weights stay fp32
    QVERIFY(!torch::equal(stepper.net()->alphaNormal().detach(), alphaBefore));
    QVERIFY2(last < first, qPrintable(QString("loss %1 -> %2 on one repeated batch").arg(first).arg(last)));
    if (amp == "fp16")
        QVERIFY(stepper.lossScaler().scale() >= 1.0);
}

QTEST_GUILESS_MAIN(TestMixedPrecision)
#include "tst_mixedprecision.moc"
