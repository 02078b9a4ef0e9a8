// The c10d layer of data-parallel runs, in one process: two ranks on two threads meet over a
// TCPStore on 127.0.0.1 and Gloo; all-reduce, broadcast (channels-last tensors included) and
// gradient averaging give every rank the same numbers; a rank whose peer never comes fails
// with a message naming it within the timeout; torchrun's environment is parsed strictly.
#include "FreePort.h"

#include "engine/EngineError.h"
#include "engine/distributed/DistributedContext.h"
#include "engine/distributed/GradientAverager.h"

#include <torch/torch.h>

#include <QtTest>

#include "support/Prerequisite.h"
#include <chrono>
#include <exception>
#include <functional>
#include <map>
#include <thread>

namespace {
// The ci preset (GDAS_REQUIRE_GLOO) builds against a LibTorch with Gloo: no skip there.
#ifdef GDAS_EXPECT_GLOO
constexpr bool kGlooExpected = true;
#else
constexpr bool kGlooExpected = false;
#endif
} // namespace

using namespace gdas;

namespace {

engine::DistributedInfo rankInfo(int rank, int world, int port)
{
    engine::DistributedInfo info;
    info.rank = rank;
    info.worldSize = world;
    info.localRank = rank;
    info.masterAddr = "127.0.0.1";
    info.masterPort = port;
    return info;
}

void require(bool condition, const std::string &what)
{
    if (!condition)
        throw std::runtime_error(what);
}

// Runs body(rank) for both ranks of a two-rank job, each on its own thread (QTest's macros
// belong to the main thread: the bodies throw instead). Returns the first failure, or "".
std::string runTwoRanks(const std::function<void(engine::DistributedContext &, int)> &body, int timeoutSeconds = 30)
{
    const int port = testing::freeLoopbackPort();
    std::exception_ptr errors[2];
    auto rankMain = [&](int rank) {
        try {
            engine::DistributedContext context(rankInfo(rank, 2, port), torch::kCPU,
                                               std::chrono::seconds(timeoutSeconds));
            body(context, rank);
        } catch (...) {
            errors[rank] = std::current_exception();
        }
    };
    std::thread other(rankMain, 1);
    rankMain(0);
    other.join();
    for (auto &e : errors) {
        if (!e)
            continue;
        try {
            std::rethrow_exception(e);
        } catch (const std::exception &failure) {
            return failure.what();
        }
    }
    return {};
}

} // namespace

class TestDistributedContext : public QObject {
    Q_OBJECT
private slots:
    void environment_data();
    void environment();
    void allReduceAndBroadcast();
    void gradientsAreAveraged();
    void missingPeerFailsWithinTimeout();
};

void TestDistributedContext::environment_data()
{
    QTest::addColumn<QStringList>("variables"); // NAME=value
    QTest::addColumn<int>("rank");
    QTest::addColumn<int>("world");
    QTest::addColumn<int>("localRank");
    QTest::addColumn<QString>("address");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("error"); // part of the InputError, empty: none

    QTest::newRow("unset: one process") << QStringList{} << 0 << 1 << 0 << "127.0.0.1" << 29500 << "";
    QTest::newRow("world 1 ignores the rest")
        << QStringList{"WORLD_SIZE=1", "RANK=bogus"} << 0 << 1 << 0 << "127.0.0.1" << 29500 << "";
    QTest::newRow("torchrun") << QStringList{"WORLD_SIZE=4", "RANK=3", "LOCAL_RANK=1", "MASTER_ADDR=node7",
                                             "MASTER_PORT=1234"}
                              << 3 << 4 << 1 << "node7" << 1234 << "";
    QTest::newRow("rank missing") << QStringList{"WORLD_SIZE=2"} << 0 << 0 << 0 << "" << 0 << "RANK is not set";
    QTest::newRow("rank too large") << QStringList{"WORLD_SIZE=2", "RANK=2"} << 0 << 0 << 0 << "" << 0 << "RANK='2'";
    QTest::newRow("world not a number") << QStringList{"WORLD_SIZE=two"} << 0 << 0 << 0 << "" << 0
                                        << "WORLD_SIZE='two'";
    QTest::newRow("port out of range") << QStringList{"WORLD_SIZE=2", "RANK=0", "MASTER_PORT=70000"} << 0 << 0 << 0
                                       << "" << 0 << "MASTER_PORT='70000'";
    QTest::newRow("trailing junk") << QStringList{"WORLD_SIZE=2", "RANK=1x"} << 0 << 0 << 0 << "" << 0 << "RANK='1x'";
}

void TestDistributedContext::environment()
{
    QFETCH(QStringList, variables);
    QFETCH(QString, error);
    std::map<std::string, std::string> env;
    for (const auto &v : variables)
        env[v.section('=', 0, 0).toStdString()] = v.section('=', 1).toStdString();
    auto lookup = [&](const char *name) -> const char * {
        const auto it = env.find(name);
        return it == env.end() ? nullptr : it->second.c_str();
    };
    try {
        const engine::DistributedInfo info = engine::distributedInfoFrom(lookup);
        QVERIFY2(error.isEmpty(), qPrintable("expected an error containing " + error));
        QTEST(info.rank, "rank");
        QTEST(info.worldSize, "world");
        QTEST(info.localRank, "localRank");
        QTEST(QString::fromStdString(info.masterAddr), "address");
        QTEST(info.masterPort, "port");
    } catch (const engine::InputError &e) {
        QVERIFY2(!error.isEmpty(), e.what());
        QVERIFY2(QString(e.what()).contains(error), e.what());
    }
}

void TestDistributedContext::allReduceAndBroadcast()
{
    if (!engine::DistributedContext::backendAvailable(torch::kCPU))
        GDAS_MISSING_PREREQUISITE_EXPECTED(
            "this LibTorch has no Gloo (pip's wheels ship no Gloo headers): no CPU process group", kGlooExpected);
    torch::Tensor reduced[2], conv[2], counter[2];
    const std::string failure = runTwoRanks([&](engine::DistributedContext &context, int rank) {
        require(context.backendName() == "gloo", "backend " + context.backendName());
        require(context.describe().find("rank " + std::to_string(rank) + " of 2") != std::string::npos,
                context.describe());
        auto values = torch::arange(5, torch::kFloat64) * (rank + 1);
        context.allreduceSum(values, "test values");
        reduced[rank] = values;
        // Channels-last weights and an int64 buffer, different on each rank before the broadcast.
        conv[rank] = (torch::arange(54, torch::kFloat32).view({3, 2, 3, 3}) * (rank + 1) - 7.0)
                         .contiguous(at::MemoryFormat::ChannelsLast);
        counter[rank] = torch::full({1}, 10 * (rank + 1), torch::kInt64);
        context.broadcastFromRank0({conv[rank], counter[rank]}, "test state");
    });
    QVERIFY2(failure.empty(), failure.c_str());
    QVERIFY(torch::equal(reduced[0], torch::arange(5, torch::kFloat64) * 3));
    QVERIFY(torch::equal(reduced[1], reduced[0]));
    QVERIFY(conv[1].is_contiguous(at::MemoryFormat::ChannelsLast));
    QVERIFY(torch::equal(conv[0], conv[1]));
    QVERIFY(torch::equal(conv[0], torch::arange(54, torch::kFloat32).view({3, 2, 3, 3}) - 7.0)); // rank 0's
    QCOMPARE(counter[1].item<std::int64_t>(), std::int64_t(10));
}

void TestDistributedContext::gradientsAreAveraged()
{
    if (!engine::DistributedContext::backendAvailable(torch::kCPU))
        GDAS_MISSING_PREREQUISITE_EXPECTED(
            "this LibTorch has no Gloo (pip's wheels ship no Gloo headers): no CPU process group", kGlooExpected);
    torch::Tensor grads[2][2];
    bool thirdHasGrad[2] = {true, true};
    const std::string failure = runTwoRanks([&](engine::DistributedContext &context, int rank) {
        auto weight = torch::zeros({4, 3, 2, 2}).contiguous(at::MemoryFormat::ChannelsLast).requires_grad_();
        auto alpha = torch::zeros({6, 5}).requires_grad_();
        auto unused = torch::zeros({7}).requires_grad_();
        // Rank-dependent gradients: d/dw sum(w * c_r) = c_r.
        const auto cw = torch::linspace(-1, 1, weight.numel()).view({4, 3, 2, 2}) * (rank == 0 ? 1.0 : 3.0);
        const auto ca = torch::full({6, 5}, rank == 0 ? 0.5 : -1.5);
        ((weight * cw).sum() + (alpha * ca).sum()).backward();
        engine::GradientAverager averager(context);
        require(averager.worldSize() == 2, "world size");
        averager.average({weight, alpha, unused}, "test gradients");
        grads[rank][0] = weight.grad().clone();
        grads[rank][1] = alpha.grad().clone();
        thirdHasGrad[rank] = unused.grad().defined();
    });
    QVERIFY2(failure.empty(), failure.c_str());
    const auto expectedW = torch::linspace(-1, 1, 48).view({4, 3, 2, 2}) * 2.0;
    for (int rank = 0; rank < 2; ++rank) {
        QVERIFY(torch::allclose(grads[rank][0], expectedW, 0, 1e-6));
        QVERIFY(torch::allclose(grads[rank][1], torch::full({6, 5}, -0.5), 0, 1e-7));
        QVERIFY(!thirdHasGrad[rank]);
    }
}

void TestDistributedContext::missingPeerFailsWithinTimeout()
{
    if (!engine::DistributedContext::backendAvailable(torch::kCPU))
        GDAS_MISSING_PREREQUISITE_EXPECTED(
            "this LibTorch has no Gloo (pip's wheels ship no Gloo headers): no CPU process group", kGlooExpected);
    // Rank 1 never comes: rank 0 must give up after the timeout, saying who and where.
    const int port = testing::freeLoopbackPort();
    const auto start = std::chrono::steady_clock::now();
    try {
        engine::DistributedContext context(rankInfo(0, 2, port), torch::kCPU, std::chrono::seconds(2));
        QFAIL("joined a job whose second rank never started");
    } catch (const engine::RuntimeFailure &e) {
        const QString message = e.what();
        QVERIFY2(message.contains("rank 0 of 2") && message.contains(QString::number(port)), e.what());
        QVERIFY2(message.contains("within 2 s"), e.what());
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    QVERIFY2(seconds < 15, qPrintable(QString("took %1 s").arg(seconds)));
}

QTEST_GUILESS_MAIN(TestDistributedContext)
#include "tst_distributedcontext.moc"
