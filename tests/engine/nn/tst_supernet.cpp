// LibTorch before Qt: Qt's `slots` macro breaks ATen headers.
#include "engine/nn/ChannelsLastBatchNorm.h"
#include "engine/nn/DartsSearchCell.h"
#include "engine/nn/EdgeWeights.h"
#include "engine/nn/Nb201SearchCell.h"
#include "engine/nn/NodeRelu.h"
#include "engine/nn/Pointwise.h"
#include "engine/nn/Pooling3x3.h"
#include "engine/nn/Supernet.h"
#include "engine/nn/Winograd3x3.h"
#include "support/TestDevice.h"

#include <torch/torch.h>

#include <QScopeGuard>
#include <QtTest/QtTest>

#include <algorithm>
#include <map>
#include <set>
#include <string>

using gdas::engine::Algorithm;
using gdas::engine::CellWeights;
using gdas::engine::DartsSearchCell;
using gdas::engine::EdgeWeights;
using gdas::engine::GumbelSampler;
using gdas::engine::Nb201SearchCell;
using gdas::engine::Operation;
using gdas::engine::OperationImpl;
using gdas::engine::SearchEdges;
using gdas::engine::SharedRelu;
using gdas::engine::Supernet;
using gdas::engine::SupernetOptions;
using gdas::model::SearchSpace;
using gdas::model::SpaceKind;

Q_DECLARE_METATYPE(SpaceKind)
Q_DECLARE_METATYPE(Algorithm)

namespace {

SupernetOptions makeOptions(SpaceKind space, Algorithm algorithm, int channels, int cells, int inChannels = 3)
{
    SupernetOptions options;
    options.space = space;
    options.algorithm = algorithm;
    options.channels = channels;
    options.cells = cells;
    options.inChannels = inChannels;
    options.classes = 10;
    return options;
}

std::int64_t countOf(const std::vector<torch::Tensor> &tensors)
{
    std::int64_t total = 0;
    for (const auto &t : tensors)
        total += t.numel();
    return total;
}

// Which search cells (in network order) are reduction cells with their own α.
std::vector<bool> searchCellIsReduction(const SupernetOptions &o)
{
    std::vector<bool> reduction;
    if (o.space == SpaceKind::NasBench201) {
        reduction.assign(static_cast<std::size_t>(3 * o.cells), false);
    } else if (o.algorithm == Algorithm::GdasFrc) {
        reduction.assign(static_cast<std::size_t>(3 * o.cells - 2), false);
    } else {
        for (int i = 0; i < 3 * o.cells; ++i)
            reduction.push_back(i == o.cells || i == 2 * o.cells);
    }
    return reduction;
}

struct SampledArchitecture {
    CellWeights normal;
    CellWeights reduce;
};

SampledArchitecture sampleArchitecture(Supernet &net, GumbelSampler &sampler, double tau = 1.0)
{
    SampledArchitecture arch;
    arch.normal = sampler.sample(net->alphaNormal(), tau);
    if (net->hasReduceAlpha())
        arch.reduce = sampler.sample(net->alphaReduce(), tau);
    return arch;
}

// Exactly one-hot weights with a gradient path into α, as the sampler builds them.
CellWeights forcedSample(const torch::Tensor &alpha, const std::vector<std::int64_t> &index)
{
    const auto probs = torch::softmax(alpha, 1);
    auto oneHot = torch::zeros_like(probs);
    for (std::size_t e = 0; e < index.size(); ++e)
        oneHot[static_cast<std::int64_t>(e)][index[e]] = 1.0f;
    return {(probs - probs.detach()) + oneHot, index};
}

// The search cell, edge and op a parameter belongs to ("cells.3.edges.5.2.op.1.weight"), or
// cell -1 when it is not inside a candidate op. Returns the position in the `cells` list.
struct OpLocation {
    int cellPosition = -1;
    int edge = -1;
    int op = -1;
};
OpLocation locate(const std::string &name)
{
    const auto parts = QString::fromStdString(name).split(QLatin1Char('.'));
    if (parts.size() < 6 || parts[0] != QLatin1String("cells") || parts[2] != QLatin1String("edges"))
        return {};
    return {parts[1].toInt(), parts[3].toInt(), parts[4].toInt()};
}

torch::Device testDevice() { return torch::Device(gdas::test::deviceName()); }

// An op whose output is a fixed tensor (times 1: a fresh tensor each call), whatever its input.
class FixedOutputImpl : public OperationImpl {
public:
    explicit FixedOutputImpl(torch::Tensor out) : m_out(std::move(out)) {}
    torch::Tensor forward(const torch::Tensor &) override { return m_out * 1.0f; }

private:
    torch::Tensor m_out;
};

// The names of every autograd node behind `output`.
std::vector<std::string> graphNodeNames(const torch::Tensor &output)
{
    std::vector<std::string> names;
    std::vector<torch::autograd::Node *> pending{output.grad_fn().get()};
    std::set<torch::autograd::Node *> seen;
    while (!pending.empty()) {
        auto *node = pending.back();
        pending.pop_back();
        if (node == nullptr || !seen.insert(node).second)
            continue;
        names.push_back(node->name());
        for (const auto &edge : node->next_edges())
            pending.push_back(edge.function.get());
    }
    return names;
}

} // namespace

class TestSupernet : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // One thread: OpenMP barriers crawl when the CI machine is oversubscribed.
    void initTestCase() { torch::set_num_threads(1); }

    void parameterCounts_data()
    {
        QTest::addColumn<SpaceKind>("space");
        QTest::addColumn<Algorithm>("algorithm");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("cells");
        QTest::addColumn<qint64>("weights");
        QTest::addColumn<qint64>("alphas");
        // The official NASNetworkGDAS / TinyNetworkGDAS at these settings (10 classes, RGB).
        QTest::newRow("darts gdas C16 N2")
            << SpaceKind::Darts << Algorithm::Gdas << 16 << 2 << qint64(1343034) << qint64(224);
        QTest::newRow("darts first-order C16 N2")
            << SpaceKind::Darts << Algorithm::DartsFirstOrder << 16 << 2 << qint64(1343034) << qint64(224);
        QTest::newRow("nas-bench-201 C16 N5")
            << SpaceKind::NasBench201 << Algorithm::Gdas << 16 << 5 << qint64(1692826) << qint64(30);
        // GDAS-FRC, C=16, N=2: the DARTS network with its two reduction cells replaced.
        // Biases sit on every conv before a non-affine BatchNorm except depthwise ones.
        //  stem 3*48*9 + BN(48) 96                                              =   1392
        //  normal mixed op at C: 2 sep_conv (2*(dw 9C|25C + pw C^2+C)), 2 dil_conv
        //    (dw 9C|25C + pw C^2+C) = 6C^2+108C: C=16 3264, C=32 9600, C=64 31488
        //  cell0: pre0, pre1 1x1 48->16 (784 each) + 14*3264                   =  47264
        //  cell1: pre0 48->16 784, pre1 64->16 1040 + 14*3264                  =  47520
        //  FRC reduction (pre0/pre1 1x1 Cp->C, per conv branch 2 grouped (1x3,3x1) convs
        //    3C^2/8+C each + 1x1 C^2+C, pool branches only non-affine BN):
        //    C=32 from 64/64: 2*2080 + 2*(1888) = 7936; C=64 from 128/128: 2*8256 + 2*7360 = 31232
        //  cell3 (C=32): pre0 FactorizedReduce 64->32 (2*(64*16+16)) 2080, pre1 128->32 4128
        //    + 14*9600                                                        = 140608
        //  cell5 (C=64): FR 128->64 8256, pre1 256->64 16448 + 14*31488        = 465536
        //  lastact BN(256) 512, classifier 256*10+10 2570
        //  total 1392+47264+47520+7936+140608+31232+465536+512+2570            = 744570
        QTest::newRow("darts gdas-frc C16 N2")
            << SpaceKind::Darts << Algorithm::GdasFrc << 16 << 2 << qint64(744570) << qint64(112);
    }
    void parameterCounts()
    {
        QFETCH(SpaceKind, space);
        QFETCH(Algorithm, algorithm);
        QFETCH(int, channels);
        QFETCH(int, cells);
        QFETCH(qint64, weights);
        QFETCH(qint64, alphas);
        Supernet net(makeOptions(space, algorithm, channels, cells));
        QCOMPARE(countOf(net->weightParameters()), weights);
        QCOMPARE(countOf(net->archParameters()), alphas);
        QCOMPARE(countOf(net->weightParameters()) + countOf(net->archParameters()), countOf(net->parameters()));
        const auto &s = SearchSpace::of(space);
        QCOMPARE(net->alphaNormal().sizes(), torch::IntArrayRef({s.edgeCount(), s.opCount()}));
        QCOMPARE(net->hasReduceAlpha(), net->alphaReduce().defined());
        // α starts as 1e-3 * randn: small, not zero.
        QVERIFY(net->alphaNormal().abs().max().item<float>() < 1e-2f);
        QVERIFY(net->alphaNormal().abs().max().item<float>() > 0.0f);
    }

    void outputShapes_data()
    {
        QTest::addColumn<SpaceKind>("space");
        QTest::addColumn<Algorithm>("algorithm");
        QTest::addColumn<int>("inChannels");
        QTest::addColumn<int>("size");
        for (const auto &[name, space, algorithm] :
             {std::tuple{"darts", SpaceKind::Darts, Algorithm::Gdas},
              std::tuple{"darts-1st", SpaceKind::Darts, Algorithm::DartsFirstOrder},
              std::tuple{"nb201", SpaceKind::NasBench201, Algorithm::Gdas},
              std::tuple{"frc", SpaceKind::Darts, Algorithm::GdasFrc}}) {
            QTest::newRow((std::string(name) + " 1x28x28").c_str()) << space << algorithm << 1 << 28;
            QTest::newRow((std::string(name) + " 3x32x32").c_str()) << space << algorithm << 3 << 32;
        }
    }
    void outputShapes()
    {
        QFETCH(SpaceKind, space);
        QFETCH(Algorithm, algorithm);
        QFETCH(int, inChannels);
        QFETCH(int, size);
        torch::manual_seed(1);
        Supernet net(makeOptions(space, algorithm, 8, 1, inChannels));
        GumbelSampler sampler(1);
        const auto images = torch::randn({2, inChannels, size, size});
        CellWeights normal;
        CellWeights reduce;
        if (algorithm == Algorithm::DartsFirstOrder) {
            normal = GumbelSampler::relax(net->alphaNormal());
            reduce = GumbelSampler::relax(net->alphaReduce());
        } else {
            const auto arch = sampleArchitecture(net, sampler);
            normal = arch.normal;
            reduce = arch.reduce;
        }
        const auto logits = net->forward(images, normal, reduce);
        QCOMPARE(logits.sizes(), torch::IntArrayRef({2, 10}));
        QVERIFY(torch::isfinite(logits).all().item<bool>());
    }

    void gdasRunsOnlyTheSampledOp_data()
    {
        QTest::addColumn<SpaceKind>("space");
        QTest::addColumn<Algorithm>("algorithm");
        QTest::newRow("darts") << SpaceKind::Darts << Algorithm::Gdas;
        QTest::newRow("nb201") << SpaceKind::NasBench201 << Algorithm::Gdas;
        QTest::newRow("frc") << SpaceKind::Darts << Algorithm::GdasFrc;
    }
    void gdasRunsOnlyTheSampledOp()
    {
        QFETCH(SpaceKind, space);
        QFETCH(Algorithm, algorithm);
        torch::manual_seed(2);
        const auto options = makeOptions(space, algorithm, 8, 2);
        Supernet net(options);
        GumbelSampler sampler(5);
        const auto &s = SearchSpace::of(space);
        const auto isReduction = searchCellIsReduction(options);
        QCOMPARE(net->searchCellCount(), static_cast<int>(isReduction.size()));
        const auto noneOp = s.opIndex("none");

        for (int step = 0; step < 3; ++step) {
            const auto arch = sampleArchitecture(net, sampler);
            net->resetOpCallCounts();
            net->forward(torch::randn({2, 3, 16, 16}), arch.normal, arch.reduce);
            const auto counts = net->opCallCounts();
            QCOMPARE(counts.size(), isReduction.size() * static_cast<std::size_t>(s.edgeCount() * s.opCount()));
            std::size_t i = 0;
            for (const bool reduction : isReduction) {
                const auto &index = reduction ? arch.reduce.index : arch.normal.index;
                for (int e = 0; e < s.edgeCount(); ++e)
                    for (int k = 0; k < s.opCount(); ++k, ++i) {
                        const bool runs = k == index[static_cast<std::size_t>(e)] && k != noneOp;
                        QCOMPARE(counts[i], runs ? std::int64_t(1) : std::int64_t(0));
                    }
            }
        }
    }

    void gdasMatchesRelaxedForwardWithOneHotWeights_data()
    {
        QTest::addColumn<SpaceKind>("space");
        QTest::newRow("darts") << SpaceKind::Darts;
        QTest::newRow("nb201") << SpaceKind::NasBench201;
    }
    void gdasMatchesRelaxedForwardWithOneHotWeights()
    {
        // Running every op weighted by an exactly one-hot row must give what running only the
        // sampled op gives, 'none' included (training-mode BatchNorm uses batch statistics).
        QFETCH(SpaceKind, space);
        torch::manual_seed(3);
        Supernet net(makeOptions(space, Algorithm::Gdas, 8, 1));
        net->to(testDevice());
        GumbelSampler sampler(8);
        const auto images = torch::randn({4, 3, 16, 16}).to(testDevice());
        for (int step = 0; step < 3; ++step) {
            const auto arch = sampleArchitecture(net, sampler);
            const auto sampled = net->forward(images, arch.normal, arch.reduce);
            CellWeights normalAll{arch.normal.weights.detach(), {}};
            CellWeights reduceAll;
            if (net->hasReduceAlpha())
                reduceAll = {arch.reduce.weights.detach(), {}};
            const auto relaxed = net->forward(images, normalAll, reduceAll);
            QVERIFY2(torch::allclose(sampled, relaxed, 1e-4, 1e-5),
                     qPrintable(QString::number((sampled - relaxed).abs().max().item<double>())));
        }
    }

    void sampledNoneDoesNoWork_data()
    {
        QTest::addColumn<SpaceKind>("space");
        QTest::newRow("darts") << SpaceKind::Darts;
        QTest::newRow("nb201") << SpaceKind::NasBench201;
    }
    void sampledNoneDoesNoWork()
    {
        QFETCH(SpaceKind, space);
        torch::manual_seed(4);
        const auto options = makeOptions(space, Algorithm::Gdas, 8, 1);
        Supernet net(options);
        const auto &s = SearchSpace::of(space);
        const auto noneOp = s.opIndex("none");
        const std::vector<std::int64_t> allNone(static_cast<std::size_t>(s.edgeCount()), noneOp);
        const auto normal = forcedSample(net->alphaNormal(), allNone);
        const auto reduce = net->hasReduceAlpha() ? forcedSample(net->alphaReduce(), allNone) : CellWeights{};
        net->resetOpCallCounts();
        const auto logits = net->forward(torch::randn({2, 3, 16, 16}), normal, reduce);
        QCOMPARE(logits.sizes(), torch::IntArrayRef({2, 10}));
        for (const auto count : net->opCallCounts())
            QCOMPARE(count, std::int64_t(0));

        // With 'none' everywhere the cells output zeros: the logits do not depend on the input.
        const auto other = net->forward(torch::randn({2, 3, 16, 16}), normal, reduce);
        QVERIFY(torch::allclose(logits, other));
        // The official cell multiplies zeros by w: α gets an exactly zero gradient from a
        // sampled 'none' (NAS-Bench-201 still adds the unsampled weights of each edge).
        logits.sum().backward();
        const auto grad = net->alphaNormal().grad();
        if (space == SpaceKind::Darts)
            QVERIFY(!grad.defined() || grad.abs().max().item<float>() == 0.0f);
        else
            QVERIFY(grad.defined());
    }

    void gdasGradients_data()
    {
        QTest::addColumn<SpaceKind>("space");
        QTest::addColumn<Algorithm>("algorithm");
        QTest::newRow("darts") << SpaceKind::Darts << Algorithm::Gdas;
        QTest::newRow("nb201") << SpaceKind::NasBench201 << Algorithm::Gdas;
        QTest::newRow("frc") << SpaceKind::Darts << Algorithm::GdasFrc;
    }
    void gdasGradients()
    {
        QFETCH(SpaceKind, space);
        QFETCH(Algorithm, algorithm);
        torch::manual_seed(6);
        const auto options = makeOptions(space, algorithm, 8, 1);
        Supernet net(options);
        net->to(testDevice());
        const auto &s = SearchSpace::of(space);
        const auto noneOp = s.opIndex("none");
        // Forced samples: edge 0 'none', every other edge a different real op. (Random samples
        // may cut a node off the output, and then nothing upstream of it gets a gradient.)
        std::vector<std::int64_t> index;
        for (int e = 0; e < s.edgeCount(); ++e)
            index.push_back(e == 0 ? noneOp : 1 + (e + 1) % (s.opCount() - 1));
        SampledArchitecture arch;
        arch.normal = forcedSample(net->alphaNormal(), index);
        if (net->hasReduceAlpha()) {
            std::rotate(index.begin() + 1, index.begin() + 2, index.end());
            arch.reduce = forcedSample(net->alphaReduce(), index);
        }
        const auto logits = net->forward(torch::randn({4, 3, 16, 16}).to(testDevice()), arch.normal, arch.reduce);
        QCOMPARE(logits.device().type(), testDevice().type());
        torch::nn::functional::cross_entropy(logits, torch::randint(0, 10, {4}).to(testDevice())).backward();

        // α: through the straight-through estimator every entry of an edge's row gets a
        // gradient, unless the DARTS-space edge sampled 'none' (the official cell sends zero
        // into w[none] then; NAS-Bench-201 adds the unsampled weights, so its rows all move).
        const auto checkAlpha = [&](const torch::Tensor &alpha, const CellWeights &w) {
            QVERIFY(alpha.grad().defined());
            const auto grad = alpha.grad();
            for (int e = 0; e < s.edgeCount(); ++e) {
                const bool expectZero = space == SpaceKind::Darts && w.index[static_cast<std::size_t>(e)] == noneOp;
                for (int k = 0; k < s.opCount(); ++k) {
                    const float g = grad[e][k].item<float>();
                    QVERIFY2(expectZero ? g == 0.0f : g != 0.0f,
                             qPrintable(QStringLiteral("edge %1 op %2 grad %3").arg(e).arg(k).arg(g)));
                }
            }
        };
        checkAlpha(net->alphaNormal(), arch.normal);
        if (net->hasReduceAlpha())
            checkAlpha(net->alphaReduce(), arch.reduce);

        // Weights: parameters of unsampled ops get no gradient; sampled ops with parameters do.
        // Map the `cells` list position to its search cell (FRC / NB201 lists hold other blocks).
        const auto isReduction = searchCellIsReduction(options);
        std::map<int, bool> reductionAtPosition;
        {
            int position = 0;
            std::size_t searchCell = 0;
            const auto cells = net->named_children()["cells"]->children();
            for (const auto &cell : cells) {
                if (cell->named_children().contains("edges"))
                    reductionAtPosition[position] = isReduction[searchCell++];
                ++position;
            }
            QCOMPARE(searchCell, isReduction.size());
        }
        int sampledWithGradient = 0;
        for (const auto &item : net->named_parameters()) {
            const auto where = locate(item.key());
            if (where.cellPosition < 0)
                continue;
            const auto &index = reductionAtPosition.at(where.cellPosition) ? arch.reduce.index : arch.normal.index;
            const auto grad = item.value().grad();
            if (where.op == index[static_cast<std::size_t>(where.edge)]) {
                QVERIFY2(grad.defined(), item.key().c_str());
                sampledWithGradient += grad.abs().sum().item<float>() > 0.0f ? 1 : 0;
            } else {
                QVERIFY2(!grad.defined() || grad.abs().max().item<float>() == 0.0f, item.key().c_str());
            }
        }
        QVERIFY(sampledWithGradient > 0);
    }

    void edgeWeightShortcutsMatchTheProducts()
    {
        // With exactly one-hot weights the cells skip two computations: a sampled output enters
        // its node's sum without the product out · 1 (its weight's gradient then comes from one
        // fused pass, Σ grad·out), and NAS-Bench-201's zero-valued unsampled sums are not added
        // (their gradient, Σ grad, still is made). The same sums with both shortcuts off give
        // the same node values and gradients.
        const auto &space = SearchSpace::of(SpaceKind::NasBench201);
        torch::manual_seed(12);
        const auto alpha = (1e-3 * torch::randn({space.edgeCount(), space.opCount()})).requires_grad_(true);
        const std::vector<std::int64_t> index{3, 1, 2, 4, 3, 2};
        const auto cell = forcedSample(alpha, index);
        const auto fast = EdgeWeights::prepare(cell, space, true, "test");
        QVERIFY(fast.unitSelected);
        QVERIFY(fast.unsampledZero);
        auto plain = fast;
        plain.unitSelected = false;
        plain.unsampledZero = false;

        const auto nodeCount = space.inputNodes + space.intermediateNodes;
        std::vector<torch::Tensor> outputs;
        for (int e = 0; e < space.edgeCount(); ++e)
            outputs.push_back(torch::randn({8, 16, 9, 9})
                                  .contiguous(at::MemoryFormat::ChannelsLast)
                                  .requires_grad_(true)); // odd sizes: a tail after the vectors
        // Edges whose every op outputs its edge's fixed tensor (a fresh product each call).
        SearchEdges edges;
        edges.opIsNone.assign(static_cast<std::size_t>(space.opCount()), false);
        edges.calls.assign(static_cast<std::size_t>(space.edgeCount() * space.opCount()), 0);
        for (int e = 0; e < space.edgeCount(); ++e)
            edges.ops.emplace_back(static_cast<std::size_t>(space.opCount()),
                                   Operation(std::shared_ptr<OperationImpl>(
                                       std::make_shared<FixedOutputImpl>(outputs[static_cast<std::size_t>(e)]))));
        SharedRelu unused(torch::zeros({1}));
        const auto nodesOf = [&](const EdgeWeights &w) {
            std::vector<torch::Tensor> nodes;
            for (int node = space.inputNodes; node < nodeCount; ++node) {
                std::vector<int> incoming;
                for (int e = 0; e < space.edgeCount(); ++e)
                    if (space.edges[static_cast<std::size_t>(e)].to == node)
                        incoming.push_back(e);
                bool owned = false;
                auto sum = w.sumIncoming(
                    incoming, edges, [&](int) -> SharedRelu & { return unused; }, owned);
                w.addUnsampled(sum, owned, node);
                nodes.push_back(sum);
            }
            return nodes;
        };
        const auto gradsOf = [&](const EdgeWeights &w, std::vector<torch::Tensor> &values) {
            values = nodesOf(w);
            torch::Tensor loss = torch::zeros({});
            for (std::size_t k = 0; k < values.size(); ++k)
                loss = loss + (values[k] * torch::full_like(values[k], 0.5 + static_cast<double>(k))).sin().sum();
            std::vector<torch::Tensor> inputs{alpha};
            inputs.insert(inputs.end(), outputs.begin(), outputs.end());
            return torch::autograd::grad({loss}, inputs, {}, /*retain_graph=*/true); // the weights are shared
        };
        std::vector<torch::Tensor> fastNodes, plainNodes;
        const auto fastGrads = gradsOf(fast, fastNodes);
        const auto plainGrads = gradsOf(plain, plainNodes);
        for (std::size_t k = 0; k < fastNodes.size(); ++k)
            QVERIFY2(torch::equal(fastNodes[k], plainNodes[k]), qPrintable(QStringLiteral("node %1").arg(k)));
        QCOMPARE(fastGrads.size(), plainGrads.size());
        QVERIFY(plainGrads[0].abs().min().item<float>() > 0.0f); // every α entry has a gradient
        QVERIFY2(torch::allclose(fastGrads[0], plainGrads[0], 1e-5, 1e-6),
                 qPrintable(QStringLiteral("α gradient differs by %1")
                                .arg((fastGrads[0] - plainGrads[0]).abs().max().item<double>())));
        for (std::size_t k = 1; k < fastGrads.size(); ++k)
            QVERIFY2(torch::equal(fastGrads[k], plainGrads[k]), qPrintable(QStringLiteral("output %1").arg(k - 1)));
    }

    // GDAS's sampled ops that end in a BatchNorm write their normalisation straight into their
    // node's sum (batchNormIntoSum). A cell with it gives the values, gradients and running
    // statistics of the same cell without it (GDAS_FUSED_BATCHNORM_SUM=0), to float rounding.
    // Each of the GDAS cells' fusions against the same cell without it: a sampled op's last
    // BatchNorm normalised into its node's sum (batch-norm-into-sum), a node made with its ReLU
    // as one autograd node (node-relu; its backward also gives the NAS-Bench-201 nodes' unsampled
    // terms their gradient), a pooling written into its node's sum (pool-into-sum), and
    // NAS-Bench-201's 3x3 convolutions on our Winograd kernels with their ReLU applied as they
    // load the node (winograd: a node read through its ReLU only by them makes no ReLU), and the
    // 1x1 convolutions on our kernels, which rectify on load too (pointwise; the Winograd kernels
    // on on both sides: a node read through its ReLU by a 1x1 and 3x3s makes none).
    void fusedCellsMatchTheUnfusedCell_data()
    {
        QTest::addColumn<QString>("fusion");
        QTest::addColumn<SpaceKind>("space");
        QTest::addColumn<QStringList>("ops");
        for (const QString &fusion :
             {QStringLiteral("batch-norm-into-sum"), QStringLiteral("node-relu"), QStringLiteral("pool-into-sum"),
              QStringLiteral("winograd"), QStringLiteral("pointwise")}) {
            // NAS-Bench-201 edges 1<-0, 2<-0, 2<-1, 3<-0, 3<-1, 3<-2: convolutions first, second
            // and third into a node, behind a skip and a pooling; nodes 0 and 1 read both as they
            // are and through their ReLU, node 2 through its ReLU only.
            QTest::addRow("nb201 %s", qPrintable(fusion))
                << fusion << SpaceKind::NasBench201 << QStringList{"nor_conv_3x3", "nor_conv_1x1", "nor_conv_3x3",
                                                                   "skip_connect", "avg_pool_3x3", "nor_conv_1x1"};
            // Node 0 read through its ReLU only, node 2 as it is only.
            QTest::addRow("nb201 first terms %s", qPrintable(fusion))
                << fusion << SpaceKind::NasBench201
                << QStringList{"nor_conv_1x1", "nor_conv_3x3", "none", "nor_conv_3x3", "nor_conv_3x3", "skip_connect"};
            // Poolings as a node's first term, and in place after a convolution.
            QTest::addRow("nb201 pools %s", qPrintable(fusion))
                << fusion << SpaceKind::NasBench201 << QStringList{"avg_pool_3x3", "avg_pool_3x3", "nor_conv_3x3",
                                                                   "nor_conv_1x1", "avg_pool_3x3", "skip_connect"};
            // Nodes 1 and 2 read through their ReLUs by 1x1 and 3x3 convolutions.
            QTest::addRow("nb201 mixed %s", qPrintable(fusion))
                << fusion << SpaceKind::NasBench201 << QStringList{"nor_conv_3x3", "nor_conv_3x3", "nor_conv_1x1",
                                                                   "nor_conv_1x1", "nor_conv_3x3", "nor_conv_1x1"};
            if (fusion == QLatin1String("winograd"))
                continue; // the DARTS space has no plain 3x3 convolution
            QTest::addRow("darts %s", qPrintable(fusion))
                << fusion << SpaceKind::Darts
                << QStringList{"sep_conv_3x3", "dil_conv_3x3", "skip_connect", "sep_conv_5x5", "dil_conv_5x5",
                               "max_pool_3x3", "sep_conv_3x3", "none",         "dil_conv_3x3", "avg_pool_3x3",
                               "sep_conv_5x5", "skip_connect", "dil_conv_3x3", "sep_conv_3x3"};
        }
    }
    void fusedCellsMatchTheUnfusedCell()
    {
        QFETCH(QString, fusion);
        QFETCH(SpaceKind, space);
        QFETCH(QStringList, ops);
        const auto &s = SearchSpace::of(space);
        QCOMPARE(ops.size(), s.edgeCount());
        std::vector<std::int64_t> index;
        for (const auto &name : ops)
            index.push_back(s.opIndex(name.toStdString()));
        const auto setFused = [&fusion](bool on) {
            if (fusion == QLatin1String("node-relu"))
                gdas::engine::setNodeReluFusionEnabled(on);
            else if (fusion == QLatin1String("pool-into-sum"))
                gdas::engine::setPool3x3IntoSumEnabled(on);
            else if (fusion == QLatin1String("winograd"))
                gdas::engine::setWinogradKernelsEnabled(on);
            else if (fusion == QLatin1String("pointwise"))
                gdas::engine::setPointwiseKernelsEnabled(on);
            else
                gdas::engine::setBatchNormIntoSumEnabled(on);
        };
        const std::string marker = fusion == QLatin1String("node-relu")       ? "NodeReluFunction"
                                   : fusion == QLatin1String("pool-into-sum") ? "PoolIntoSumFunction"
                                                                              : "BatchNormIntoSum";
        const auto restore = qScopeGuard([&setFused] { setFused(true); });
        // The node-relu rows need nodes read through their ReLU: with the 3x3 and 1x1 kernels
        // that rectify on load, NAS-Bench-201 makes none. Both sides run LibTorch's convolutions.
        const bool convolutionsReadRelu = fusion == QLatin1String("node-relu");
        gdas::engine::setWinogradKernelsEnabled(!convolutionsReadRelu);
        gdas::engine::setPointwiseKernelsEnabled(!convolutionsReadRelu);
        const auto restoreKernels = qScopeGuard([] {
            gdas::engine::setWinogradKernelsEnabled(true);
            gdas::engine::setPointwiseKernelsEnabled(true);
        });

        struct Result {
            torch::Tensor out;
            std::vector<torch::Tensor> grads; // α, the input(s), every parameter
            std::vector<torch::Tensor> buffers;
            std::vector<std::string> graph;
            std::vector<std::string> names; // of grads
        };
        const auto runCell = [&](bool fused) {
            setFused(fused);
            torch::manual_seed(31);
            const auto alpha = (1e-3 * torch::randn({s.edgeCount(), s.opCount()})).requires_grad_(true);
            const auto x0 = torch::randn({4, 16, 8, 8}).contiguous(at::MemoryFormat::ChannelsLast).requires_grad_(true);
            const auto x1 = torch::randn({4, 16, 8, 8}).contiguous(at::MemoryFormat::ChannelsLast).requires_grad_(true);
            const auto weights =
                EdgeWeights::prepare(forcedSample(alpha, index), s, space == SpaceKind::NasBench201, "test");
            std::shared_ptr<torch::nn::Module> module;
            Result result;
            if (space == SpaceKind::NasBench201) {
                Nb201SearchCell cell(s, 16, false);
                module = cell.ptr();
                for (auto &p : cell->parameters())
                    if (p.dim() == 4)
                        p.set_data(p.contiguous(at::MemoryFormat::ChannelsLast));
                result.out = cell->forward(x0, weights);
            } else {
                DartsSearchCell cell(s, 16, 16, 16, false, false);
                module = cell.ptr();
                for (auto &p : cell->parameters())
                    if (p.dim() == 4)
                        p.set_data(p.contiguous(at::MemoryFormat::ChannelsLast));
                result.out = cell->forward(x0, x1, weights);
            }
            result.graph = graphNodeNames(result.out);
            std::vector<torch::Tensor> inputs{alpha, x0};
            if (space == SpaceKind::Darts)
                inputs.push_back(x1);
            result.names.assign(inputs.size(), "input");
            for (const auto &item : module->named_parameters()) {
                inputs.push_back(item.value());
                result.names.push_back(item.key());
            }
            const auto loss = (result.out * torch::linspace(-1.0, 2.0, result.out.numel())
                                                .reshape(result.out.sizes())
                                                .contiguous(at::MemoryFormat::ChannelsLast))
                                  .sin()
                                  .sum();
            result.grads = torch::autograd::grad({loss}, inputs, {}, false, false, /*allow_unused=*/true);
            for (const auto &buffer : module->buffers())
                result.buffers.push_back(buffer.clone());
            return result;
        };
        const auto fused = runCell(true);
        const auto plain = runCell(false);

        const auto hasFusedNode = [&marker](const std::vector<std::string> &names) {
            return std::any_of(names.begin(), names.end(),
                               [&marker](const std::string &n) { return n.find(marker) != std::string::npos; });
        };
        const auto nodeRelus = [](const std::vector<std::string> &names) {
            return std::count_if(names.begin(), names.end(),
                                 [](const std::string &n) { return n.find("NodeReluFunction") != std::string::npos; });
        };
        // How many of the nodes with outgoing edges (each made with its ReLU where a sampled op
        // reads it) a `size` convolution reads (through its ReLU: every NAS-Bench-201 op that
        // reads one is a convolution).
        const auto readByConvolution = [&](const QString &size) {
            std::ptrdiff_t count = 0;
            for (const int node : {0, 1, 2}) {
                bool any = false;
                for (int e = 0; e < s.edgeCount(); ++e)
                    any = any || (s.edges[static_cast<std::size_t>(e)].from == node &&
                                  ops[e] == QStringLiteral("nor_conv_%1").arg(size));
                count += any;
            }
            return count;
        };
        if (fusion == QLatin1String("winograd")) {
            // With the 1x1 convolutions rectifying on load on both sides, the nodes make no ReLU
            // where a 3x3 convolution reads them (the other readers are convolutions too).
            QCOMPARE(nodeRelus(fused.graph) + readByConvolution(QStringLiteral("3x3")), nodeRelus(plain.graph));
            QVERIFY(readByConvolution(QStringLiteral("3x3")) > 0);
        } else if (fusion == QLatin1String("pointwise")) {
            if (space == SpaceKind::NasBench201)
                QCOMPARE(nodeRelus(fused.graph) + readByConvolution(QStringLiteral("1x1")), nodeRelus(plain.graph));
        } else {
            // Every row has a node the fusion applies to, but a row without a pooling for
            // pool-into-sum.
            if (fusion != QLatin1String("pool-into-sum") || ops.join(QLatin1Char(',')).contains(QLatin1String("pool")))
                QVERIFY(hasFusedNode(fused.graph));
            QVERIFY(!hasFusedNode(plain.graph));
        }
        QVERIFY(fused.out.is_contiguous(at::MemoryFormat::ChannelsLast));
        const auto close = [](const torch::Tensor &a, const torch::Tensor &b, double tolerance) {
            if (!a.defined() || !b.defined())
                return a.defined() == b.defined() || (a.defined() ? a : b).abs().max().item<double>() == 0.0;
            const double scale = std::max(1.0, b.abs().max().item<double>());
            return (a - b).abs().max().item<double>() <= tolerance * scale;
        };
        QVERIFY2(
            close(fused.out, plain.out, 1e-5),
            qPrintable(QStringLiteral("output differs by %1").arg((fused.out - plain.out).abs().max().item<double>())));
        QCOMPARE(fused.grads.size(), plain.grads.size());
        for (std::size_t k = 0; k < fused.grads.size(); ++k) {
            // A bias in front of a BatchNorm (every convolution's here) has gradient 0 in exact
            // arithmetic (BatchNorm's input gradient sums to 0 per channel); both sides carry
            // float noise of about 1e-4 there, summed in different orders.
            const bool zeroInExactArithmetic = QString::fromStdString(fused.names[k]).endsWith(QLatin1String(".bias"));
            if (!close(fused.grads[k], plain.grads[k], zeroInExactArithmetic ? 1e-3 : 1e-4))
                QFAIL(qPrintable(QStringLiteral("gradient %1 (%2) differs by %3 of %4")
                                     .arg(k)
                                     .arg(QString::fromStdString(fused.names[k]))
                                     .arg((fused.grads[k] - plain.grads[k]).abs().max().item<double>())
                                     .arg(plain.grads[k].abs().max().item<double>())));
        }
        QVERIFY(fused.grads[0].defined() && fused.grads[0].abs().max().item<float>() > 0.0f);
        QCOMPARE(fused.buffers.size(), plain.buffers.size());
        for (std::size_t k = 0; k < fused.buffers.size(); ++k)
            QVERIFY2(fused.buffers[k].scalar_type() == torch::kLong ? torch::equal(fused.buffers[k], plain.buffers[k])
                                                                    : close(fused.buffers[k], plain.buffers[k], 1e-5),
                     qPrintable(QStringLiteral("buffer %1").arg(k)));
    }

    void dartsFirstOrderRunsEveryOp_data()
    {
        QTest::addColumn<SpaceKind>("space");
        QTest::newRow("darts") << SpaceKind::Darts;
        QTest::newRow("nb201") << SpaceKind::NasBench201;
    }
    void dartsFirstOrderRunsEveryOp()
    {
        QFETCH(SpaceKind, space);
        torch::manual_seed(7);
        Supernet net(makeOptions(space, Algorithm::DartsFirstOrder, 8, 1));
        const auto &s = SearchSpace::of(space);
        const auto noneOp = s.opIndex("none");
        const auto normal = GumbelSampler::relax(net->alphaNormal());
        const auto reduce = net->hasReduceAlpha() ? GumbelSampler::relax(net->alphaReduce()) : CellWeights{};
        net->resetOpCallCounts();
        const auto logits = net->forward(torch::randn({2, 3, 16, 16}), normal, reduce);
        const auto counts = net->opCallCounts();
        QCOMPARE(counts.size(), static_cast<std::size_t>(net->searchCellCount() * s.edgeCount() * s.opCount()));
        for (std::size_t i = 0; i < counts.size(); ++i)
            QCOMPARE(counts[i], std::int64_t(static_cast<int>(i) % s.opCount() == noneOp ? 0 : 1));

        logits.sum().backward();
        for (const auto &alpha : net->archParameters()) {
            QVERIFY(alpha.grad().defined());
            QVERIFY((alpha.grad() != 0).all().item<bool>());
        }
        for (const auto &w : net->weightParameters())
            QVERIFY(w.grad().defined());
    }

    // A node whose incoming edges all sampled 'none' is zeros; they must stay channels-last, or
    // the cell's output, and every cell after it, falls back to NCHW and its slow CPU paths
    // (torch::zeros drops the options' memory format).
    void noneNodesKeepChannelsLast_data()
    {
        QTest::addColumn<bool>("reduction");
        QTest::newRow("normal") << false;
        QTest::newRow("reduction") << true;
    }
    void noneNodesKeepChannelsLast()
    {
        QFETCH(bool, reduction);
        torch::manual_seed(5);
        const auto &space = SearchSpace::of(SpaceKind::Darts);
        DartsSearchCell cell(space, 8, 8, 4, reduction, false);
        cell->train();
        for (auto &p : cell->parameters())
            if (p.dim() == 4)
                p.set_data(p.contiguous(at::MemoryFormat::ChannelsLast));
        const auto none = space.opIndex("none");
        std::vector<std::int64_t> index(static_cast<std::size_t>(space.edgeCount()), none);
        index.back() = space.opIndex("sep_conv_3x3"); // the last node has one real edge
        auto alpha = torch::zeros({space.edgeCount(), space.opCount()}, torch::requires_grad());
        const auto weights = EdgeWeights::prepare(forcedSample(alpha, index), space, false, "test");
        const auto s0 = torch::randn({2, 8, 8, 8}).contiguous(at::MemoryFormat::ChannelsLast);
        const auto s1 = torch::randn({2, 8, 8, 8}).contiguous(at::MemoryFormat::ChannelsLast);
        const auto out = cell->forward(s0, s1, weights);
        QCOMPARE(out.size(1), std::int64_t(16));
        QVERIFY(out.is_contiguous(at::MemoryFormat::ChannelsLast));
        QCOMPARE(out.narrow(1, 0, 12).abs().max().item<float>(), 0.0f);
    }

    // A search network whose cells hand their outputs on as their nodes (the next cells'
    // preprocessing reading the nodes' ReLUs through reluPointwiseParts) against the same network
    // with concatenated outputs: C=16, so that the parts take our 1x1 kernels.
    void cellOutputPartsMatchTheConcatenation_data()
    {
        QTest::addColumn<Algorithm>("algorithm");
        QTest::newRow("gdas") << Algorithm::Gdas;
        QTest::newRow("darts first-order") << Algorithm::DartsFirstOrder;
    }
    void cellOutputPartsMatchTheConcatenation()
    {
        QFETCH(Algorithm, algorithm);
        const auto restore = qScopeGuard([] { gdas::engine::setCellOutputPartsEnabled(true); });
        struct Result {
            torch::Tensor logits;
            std::vector<torch::Tensor> grads;
            std::vector<std::string> names;
            std::vector<std::string> graph;
        };
        const auto run = [&](bool parts) {
            gdas::engine::setCellOutputPartsEnabled(parts);
            torch::manual_seed(12);
            Supernet net(makeOptions(SpaceKind::Darts, algorithm, 16, 2));
            for (auto &p : net->parameters())
                if (p.dim() == 4)
                    p.set_data(p.contiguous(at::MemoryFormat::ChannelsLast));
            CellWeights normal, reduce;
            if (algorithm == Algorithm::DartsFirstOrder) {
                normal = GumbelSampler::relax(net->alphaNormal());
                reduce = GumbelSampler::relax(net->alphaReduce());
            } else {
                GumbelSampler sampler(5);
                const auto arch = sampleArchitecture(net, sampler);
                normal = arch.normal;
                reduce = arch.reduce;
            }
            const auto images = torch::randn({4, 3, 16, 16}).contiguous(at::MemoryFormat::ChannelsLast);
            Result result;
            result.logits = net->forward(images, normal, reduce);
            result.graph = graphNodeNames(result.logits);
            std::vector<torch::Tensor> inputs;
            for (const auto &item : net->named_parameters()) {
                inputs.push_back(item.value());
                result.names.push_back(item.key());
            }
            const auto loss =
                (result.logits * torch::linspace(-1.0, 2.0, result.logits.numel()).reshape(result.logits.sizes()))
                    .sin()
                    .sum();
            result.grads = torch::autograd::grad({loss}, inputs, {}, false, false, /*allow_unused=*/true);
            return result;
        };
        const auto parts = run(true);
        const auto whole = run(false);
        const auto has = [](const std::vector<std::string> &names) {
            return std::any_of(names.begin(), names.end(), [](const std::string &n) {
                return n.find("ReluPointwisePartsFunction") != std::string::npos;
            });
        };
        QVERIFY(has(parts.graph));
        QVERIFY(!has(whole.graph));
        QVERIFY2(torch::allclose(parts.logits, whole.logits, 1e-5, 1e-6),
                 qPrintable(QString::number((parts.logits - whole.logits).abs().max().item<double>())));
        QCOMPARE(parts.grads.size(), whole.grads.size());
        double largest = 0.0; // over every gradient
        for (const auto &g : whole.grads)
            if (g.defined())
                largest = std::max(largest, g.abs().max().item<double>());
        for (std::size_t k = 0; k < parts.grads.size(); ++k) {
            const auto &a = parts.grads[k];
            const auto &b = whole.grads[k];
            QCOMPARE(a.defined(), b.defined());
            if (!a.defined())
                continue;
            // A bias in front of a BatchNorm has gradient 0 in exact arithmetic: both sides carry
            // float noise there, measured against the network's largest gradient.
            const bool zeroInExactArithmetic = QString::fromStdString(parts.names[k]).endsWith(QLatin1String(".bias"));
            const double scale = zeroInExactArithmetic ? largest : std::max(1e-3, b.abs().max().item<double>());
            const double difference = (a - b).abs().max().item<double>();
            if (difference > 1e-4 * scale)
                QFAIL(qPrintable(QStringLiteral("gradient of %1 differs by %2 of %3")
                                     .arg(QString::fromStdString(parts.names[k]))
                                     .arg(difference)
                                     .arg(scale)));
        }
    }

    void channelsLastInput_data()
    {
        QTest::addColumn<SpaceKind>("space");
        QTest::addColumn<Algorithm>("algorithm");
        QTest::newRow("darts gdas") << SpaceKind::Darts << Algorithm::Gdas;
        QTest::newRow("darts first-order") << SpaceKind::Darts << Algorithm::DartsFirstOrder;
        QTest::newRow("nb201") << SpaceKind::NasBench201 << Algorithm::Gdas;
        QTest::newRow("frc") << SpaceKind::Darts << Algorithm::GdasFrc;
    }
    void channelsLastInput()
    {
        QFETCH(SpaceKind, space);
        QFETCH(Algorithm, algorithm);
        torch::manual_seed(8);
        Supernet net(makeOptions(space, algorithm, 8, 1));
        net->to(testDevice());
        GumbelSampler sampler(21);
        CellWeights normal;
        CellWeights reduce;
        if (algorithm == Algorithm::DartsFirstOrder) {
            normal = GumbelSampler::relax(net->alphaNormal());
            reduce = GumbelSampler::relax(net->alphaReduce());
        } else {
            const auto arch = sampleArchitecture(net, sampler);
            normal = arch.normal;
            reduce = arch.reduce;
        }
        const auto images = torch::randn({4, 3, 16, 16}).to(testDevice());
        // Both layouts in full fp32: CUDA's default TF32 convolutions differ by ~1e-3 between
        // the algorithms that each layout selects.
        const bool tf32 = at::globalContext().allowTF32CuDNN();
        at::globalContext().setAllowTF32CuDNN(false);
        const auto restoreTf32 = qScopeGuard([tf32] { at::globalContext().setAllowTF32CuDNN(tf32); });
        const auto expected = net->forward(images, normal, reduce);
        const auto channelsLast = images.contiguous(torch::MemoryFormat::ChannelsLast);
        QVERIFY(channelsLast.is_contiguous(torch::MemoryFormat::ChannelsLast));
        const auto logits = net->forward(channelsLast, normal, reduce);
        QVERIFY2(torch::allclose(expected, logits, 1e-4, 1e-5),
                 qPrintable(QString::number((expected - logits).abs().max().item<double>())));
        logits.sum().backward();
        QVERIFY(net->alphaNormal().grad().defined());
    }

    void rejectsBadInput()
    {
        Supernet net(makeOptions(SpaceKind::Darts, Algorithm::Gdas, 8, 1));
        GumbelSampler sampler(1);
        const auto arch = sampleArchitecture(net, sampler);
        // Wrong channel count, wrong α shape, index out of range.
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 net->forward(torch::randn({1, 1, 8, 8}), arch.normal, arch.reduce));
        QVERIFY_THROWS_EXCEPTION(
            std::invalid_argument,
            net->forward(torch::randn({1, 3, 8, 8}), CellWeights{torch::zeros({6, 5}), {}}, arch.reduce));
        auto badIndex = arch.normal;
        badIndex.index[0] = 99;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 net->forward(torch::randn({1, 3, 8, 8}), badIndex, arch.reduce));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 Supernet(makeOptions(SpaceKind::NasBench201, Algorithm::GdasFrc, 8, 1)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 Supernet(makeOptions(SpaceKind::Darts, Algorithm::GdasFrc, 12, 1)));
    }
};

QTEST_GUILESS_MAIN(TestSupernet)
#include "tst_supernet.moc"
