// The evaluation networks against DARTS's cnn/model.py: parameter and multiply-add counts
// computed here by hand from the architecture (each op's tensors written out), the published
// sizes, the state_dict keys and shapes, drop-path, and the auxiliary head's presence.
#include "engine/EngineError.h"
#include "engine/NetworkInfo.h"
#include "engine/nn/CellOutput.h"
#include "engine/nn/ChannelsLastBatchNorm.h"
#include "engine/nn/ClassifierNetwork.h"
#include "engine/nn/DropPath.h"
#include "engine/nn/EvalNetwork.h"
#include "engine/nn/LeanAutograd.h"
#include "engine/nn/Pooling3x3.h"
#include "engine/retrain/StateDictFile.h"
#include "model/GenotypeFormats.h"
#include "model/GenotypeLibrary.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <QtTest>

#include <map>
#include <set>
#include <sstream>

using namespace gdas;
using namespace gdas::engine;

namespace {

using Shape = std::vector<std::int64_t>;
using KeyList = std::vector<std::pair<std::string, Shape>>;

model::Genotype builtin(const char *name)
{
    const auto g = model::builtinGenotype(name);
    if (!g)
        throw std::runtime_error(std::string("no built-in genotype ") + name);
    return *g;
}

// ----- Counting by hand, from DARTS's module structure (cnn/model.py, cnn/operations.py) -----

struct Count {
    std::int64_t params = 0;
    std::int64_t macs = 0;
};

// Tensors of one op at C channels and stride; `outArea` is the op's output side squared.
Count opCount(const std::string &op, std::int64_t c, int stride, std::int64_t outArea)
{
    const std::int64_t bn = 2 * c; // affine BatchNorm: weight + bias
    auto kernelOf = [&](const std::string &name) { return std::int64_t(name[name.size() - 1] - '0'); };
    if (op == "none" || op == "avg_pool_3x3" || op == "max_pool_3x3")
        return {};
    if (op == "skip_connect") {
        if (stride == 1)
            return {};
        const std::int64_t convs = c * (c / 2) + c * (c - c / 2); // FactorizedReduce: two 1x1 halves
        return {convs + bn, convs * outArea};
    }
    const std::int64_t k = kernelOf(op);
    if (op.rfind("sep_conv_", 0) == 0) { // (dw kxk + pw 1x1 + BN) twice
        const std::int64_t convs = 2 * (c * k * k + c * c);
        return {convs + 2 * bn, convs * outArea};
    }
    if (op.rfind("dil_conv_", 0) == 0) { // dw kxk (dilated) + pw 1x1 + BN
        const std::int64_t convs = c * k * k + c * c;
        return {convs + bn, convs * outArea};
    }
    throw std::runtime_error("test does not know op " + op);
}

struct ArchitectureCount {
    Count body;      // everything but the auxiliary head
    Count auxiliary; // the head alone
};

// NetworkCIFAR(C, classes, layers, auxiliary, genotype) on a side x side input with inChannels.
ArchitectureCount countNetworkCifar(const model::Genotype &g, std::int64_t c, int layers, std::int64_t classes,
                                    std::int64_t inChannels, std::int64_t side)
{
    ArchitectureCount total;
    const std::int64_t stem = 3 * c;
    total.body.params += inChannels * stem * 9 + 2 * stem;
    total.body.macs += inChannels * stem * 9 * side * side;
    std::int64_t cpp = stem, cp = stem, cur = c;
    std::int64_t s = side; // side of the cell's input s1 (and of s0 after preprocessing)
    for (int i = 0; i < layers; ++i) {
        const bool reduction = i == layers / 3 || i == 2 * layers / 3;
        if (reduction)
            cur *= 2;
        // preprocess0: FactorizedReduce(cpp, cur) or ReLUConvBN(cpp, cur, 1x1); preprocess1 likewise.
        total.body.params += (cpp * cur + 2 * cur) + (cp * cur + 2 * cur);
        total.body.macs += (cpp * cur + cp * cur) * s * s;
        const std::int64_t out = reduction ? (s + 1) / 2 : s;
        const auto &nodes = reduction ? g.reduce : g.normal;
        for (const auto &node : nodes)
            for (const auto &gene : node) {
                const int stride = reduction && gene.input < 2 ? 2 : 1;
                const Count op = opCount(gene.op, cur, stride, out * out);
                total.body.params += op.params;
                total.body.macs += op.macs;
            }
        const std::int64_t multiplier = std::int64_t((reduction ? g.reduceConcat : g.normalConcat).size());
        cpp = cp;
        cp = multiplier * cur;
        s = out;
        if (i == 2 * layers / 3) {
            // AuxiliaryHeadCIFAR(cp): 1x1 conv to 128 + BN, 2x2 conv to 768 + BN, linear; on 2x2 maps.
            total.auxiliary.params = cp * 128 + 2 * 128 + 128 * 768 * 4 + 2 * 768 + 768 * classes + classes;
            total.auxiliary.macs = cp * 128 * 4 + 128 * 768 * 4 + 768 * classes;
        }
    }
    total.body.params += cp * classes + classes;
    total.body.macs += cp * classes;
    return total;
}

// ----- Expected state_dict keys, from the same structure -----

void addConv(KeyList &keys, const std::string &name, Shape shape) { keys.emplace_back(name + ".weight", shape); }

void addBatchNorm(KeyList &keys, const std::string &name, std::int64_t c)
{
    keys.emplace_back(name + ".weight", Shape{c});
    keys.emplace_back(name + ".bias", Shape{c});
    keys.emplace_back(name + ".running_mean", Shape{c});
    keys.emplace_back(name + ".running_var", Shape{c});
    keys.emplace_back(name + ".num_batches_tracked", Shape{});
}

void addFactorizedReduce(KeyList &keys, const std::string &p, std::int64_t cin, std::int64_t cout)
{
    addConv(keys, p + ".conv_1", {cout / 2, cin, 1, 1});
    addConv(keys, p + ".conv_2", {cout - cout / 2, cin, 1, 1});
    addBatchNorm(keys, p + ".bn", cout);
}

void addOpKeys(KeyList &keys, const std::string &p, const std::string &op, std::int64_t c, int stride)
{
    if (op == "skip_connect" && stride == 2) {
        addFactorizedReduce(keys, p, c, c);
    } else if (op.rfind("sep_conv_", 0) == 0) {
        const std::int64_t k = op.back() - '0';
        addConv(keys, p + ".op.1", {c, 1, k, k});
        addConv(keys, p + ".op.2", {c, c, 1, 1});
        addBatchNorm(keys, p + ".op.3", c);
        addConv(keys, p + ".op.5", {c, 1, k, k});
        addConv(keys, p + ".op.6", {c, c, 1, 1});
        addBatchNorm(keys, p + ".op.7", c);
    } else if (op.rfind("dil_conv_", 0) == 0) {
        const std::int64_t k = op.back() - '0';
        addConv(keys, p + ".op.1", {c, 1, k, k});
        addConv(keys, p + ".op.2", {c, c, 1, 1});
        addBatchNorm(keys, p + ".op.3", c);
    }
    // Identity, Zero and pooling hold no tensors.
}

KeyList expectedNetworkCifarKeys(const model::Genotype &g, std::int64_t c, int layers, std::int64_t classes,
                                 std::int64_t inChannels)
{
    KeyList keys;
    addConv(keys, "stem.0", {3 * c, inChannels, 3, 3});
    addBatchNorm(keys, "stem.1", 3 * c);
    std::int64_t cpp = 3 * c, cp = 3 * c, cur = c, auxChannels = 0;
    bool reductionPrev = false;
    for (int i = 0; i < layers; ++i) {
        const bool reduction = i == layers / 3 || i == 2 * layers / 3;
        if (reduction)
            cur *= 2;
        const std::string cell = "cells." + std::to_string(i);
        if (reductionPrev) {
            addFactorizedReduce(keys, cell + ".preprocess0", cpp, cur);
        } else {
            addConv(keys, cell + ".preprocess0.op.1", {cur, cpp, 1, 1});
            addBatchNorm(keys, cell + ".preprocess0.op.2", cur);
        }
        addConv(keys, cell + ".preprocess1.op.1", {cur, cp, 1, 1});
        addBatchNorm(keys, cell + ".preprocess1.op.2", cur);
        int index = 0;
        for (const auto &node : reduction ? g.reduce : g.normal)
            for (const auto &gene : node) {
                addOpKeys(keys, cell + "._ops." + std::to_string(index++), gene.op, cur,
                          reduction && gene.input < 2 ? 2 : 1);
            }
        reductionPrev = reduction;
        cpp = cp;
        cp = std::int64_t((reduction ? g.reduceConcat : g.normalConcat).size()) * cur;
        if (i == 2 * layers / 3)
            auxChannels = cp;
    }
    addConv(keys, "auxiliary_head.features.2", {128, auxChannels, 1, 1});
    addBatchNorm(keys, "auxiliary_head.features.3", 128);
    addConv(keys, "auxiliary_head.features.5", {768, 128, 2, 2});
    addBatchNorm(keys, "auxiliary_head.features.6", 768);
    keys.emplace_back("auxiliary_head.classifier.weight", Shape{classes, 768});
    keys.emplace_back("auxiliary_head.classifier.bias", Shape{classes});
    keys.emplace_back("classifier.weight", Shape{classes, cp});
    keys.emplace_back("classifier.bias", Shape{classes});
    return keys;
}

KeyList keysOf(const StateDict &dict)
{
    KeyList keys;
    for (const auto &[name, tensor] : dict)
        keys.emplace_back(name, tensor.sizes().vec());
    return keys;
}

std::string describe(const KeyList &keys, std::size_t i)
{
    if (i >= keys.size())
        return "<end>";
    std::ostringstream s;
    s << keys[i].first << " " << c10::IntArrayRef(keys[i].second);
    return s.str();
}

// How many nodes named `name` the graph behind `root` has.
int countNodes(const torch::Tensor &root, const std::string &name)
{
    std::set<torch::autograd::Node *> seen;
    std::vector<torch::autograd::Node *> todo{root.grad_fn().get()};
    int count = 0;
    while (!todo.empty()) {
        auto *node = todo.back();
        todo.pop_back();
        if (node == nullptr || !seen.insert(node).second)
            continue;
        if (node->name().find(name) != std::string::npos)
            ++count;
        for (const auto &edge : node->next_edges())
            todo.push_back(edge.function.get());
    }
    return count;
}

NetworkSpec cifarSpec(const model::Genotype &g, int c, int layers, int classes = 10, int inChannels = 3, int side = 32)
{
    NetworkSpec spec;
    spec.genotype = g;
    spec.channels = c;
    spec.layers = layers;
    spec.classes = classes;
    spec.inChannels = inChannels;
    spec.inputHeight = spec.inputWidth = side;
    spec.resolveDefaults();
    return spec;
}

// One training forward and backward of spec's network as a retraining lays it out (NHWC; the
// weights from seed 21, drop-path `drop` with its generator seeded 5), with setSwitch(on) for it
// (left on after): the logits, the network (gradients and running statistics in it) and how
// many graph nodes are named `node`.
struct SwitchedRun {
    torch::Tensor logits;
    std::shared_ptr<ClassifierNetwork> network;
    int nodes = 0;
};

SwitchedRun runWithSwitch(const NetworkSpec &spec, const torch::Tensor &images, const torch::Tensor &labels,
                          double drop, void (*setSwitch)(bool), bool on, const std::string &node)
{
    setSwitch(on);
    torch::manual_seed(21);
    auto network = makeClassifierNetwork(spec);
    {
        torch::NoGradGuard noGrad;
        for (auto &p : network->parameters())
            if (p.dim() == 4)
                p.set_data(p.contiguous(torch::MemoryFormat::ChannelsLast));
    }
    network->train();
    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(5);
    network->setDropPath(drop, generator);
    const auto out = network->forward(images);
    const auto loss = torch::nn::functional::cross_entropy(out.logits, labels) +
                      0.4 * torch::nn::functional::cross_entropy(out.auxLogits, labels);
    const int nodes = countNodes(loss, node);
    loss.backward();
    setSwitch(true);
    return {out.logits.detach(), network, nodes};
}

// Where two runs differ, bit for bit: logits, the set of parameters, each parameter's gradient
// (both defined), each buffer; empty where they agree.
QString firstDifference(const SwitchedRun &a, const SwitchedRun &b)
{
    if (!torch::equal(a.logits, b.logits))
        return "logits";
    const auto aParams = a.network->named_parameters();
    const auto bParams = b.network->named_parameters();
    if (aParams.size() != bParams.size())
        return "parameter count";
    for (const auto &item : aParams) {
        const auto &grad = item.value().grad();
        const auto &other = bParams[item.key()].grad();
        if (!grad.defined() || !other.defined())
            return "undefined gradient of " + QString::fromStdString(item.key());
        if (!torch::equal(grad, other))
            return "gradient of " + QString::fromStdString(item.key());
    }
    for (const auto &item : a.network->named_buffers())
        if (!torch::equal(item.value(), b.network->named_buffers()[item.key()]))
            return "buffer " + QString::fromStdString(item.key());
    return {};
}

} // namespace

class TestEvalNetwork : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { torch::manual_seed(0); }

    void publishedSizes_data()
    {
        QTest::addColumn<QString>("genotype");
        QTest::addColumn<double>("publishedMillions");
        // count_parameters_in_MB and multiply-adds (Conv2d/Linear forward hooks, 1x3x32x32) of
        // quark0/darts NetworkCIFAR(36, 10, 20, True, genotype) in PyTorch 1.13.
        QTest::addColumn<qint64>("referenceParameters");
        QTest::addColumn<qint64>("referenceMultiplyAdds");
        QTest::newRow("DARTS_V2") << "DARTS_V2" << 3.3 << qint64(3349342) << qint64(528359040);
        QTest::newRow("GDAS_V1") << "GDAS_V1" << 3.4 << qint64(3368782) << qint64(519428736);
        QTest::newRow("DARTS_V1") << "DARTS_V1" << 3.3 << qint64(3169414) << qint64(500987520);
    }

    void publishedSizes()
    {
        QFETCH(QString, genotype);
        QFETCH(double, publishedMillions);
        QFETCH(qint64, referenceParameters);
        QFETCH(qint64, referenceMultiplyAdds);
        const model::Genotype g = builtin(genotype.toUtf8().constData());
        const ArchitectureCount byHand = countNetworkCifar(g, 36, 20, 10, 3, 32);

        NetworkSpec spec;
        spec.genotype = g; // the defaults: C=36, 20 layers, auxiliary head, 10 classes, 3x32x32
        const NetworkInfo info = describeNetwork(spec);
        QCOMPARE(info.spec.channels, 36);
        QCOMPARE(info.spec.layers, 20);
        QCOMPARE(info.parameters, byHand.body.params);
        QCOMPARE(info.parametersWithAuxiliary, byHand.body.params + byHand.auxiliary.params);
        QCOMPARE(info.multiplyAdds, byHand.body.macs);
        QCOMPARE(info.auxiliaryMultiplyAdds, byHand.auxiliary.macs);
        QCOMPARE(info.parameters, std::int64_t(referenceParameters));
        QCOMPARE(info.multiplyAdds, std::int64_t(referenceMultiplyAdds));
        // The papers round to 0.1M (DARTS 3.3M; GDAS 3.4M for its CIFAR-10 cell). DARTS's table
        // gives first-order DARTS 3.3M too, but its genotype in cnn/genotypes.py counts 3.2M.
        if (genotype != "DARTS_V1") {
            QVERIFY2(std::abs(info.parameters / 1e6 - publishedMillions) <= 0.05,
                     qPrintable(QString::number(info.parameters / 1e6)));
        }
    }

    void imagenetLayoutMatchesReference()
    {
        // quark0/darts NetworkImageNet(48, 1000, 14, True, DARTS_V2): 4718752 parameters without
        // the head (DARTS reports 4.7M), 529911552 multiply-adds for 3x224x224 by the hooks above.
        NetworkSpec spec;
        spec.genotype = builtin("DARTS_V2");
        spec.imagenet = true;
        spec.classes = 1000;
        spec.inputHeight = spec.inputWidth = 224;
        const NetworkInfo info = describeNetwork(spec);
        QCOMPARE(info.spec.channels, 48);
        QCOMPARE(info.spec.layers, 14);
        QCOMPARE(info.parameters, std::int64_t(4718752));
        QCOMPARE(info.multiplyAdds, std::int64_t(529911552));
    }

    void stateDictMatchesDartsStructure_data()
    {
        QTest::addColumn<QString>("genotype");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("layers");
        QTest::addColumn<int>("inChannels");
        QTest::addColumn<int>("side");
        QTest::newRow("DARTS_V2 C8 L5") << "DARTS_V2" << 8 << 5 << 3 << 32;
        QTest::newRow("GDAS_V1 C6 L6") << "GDAS_V1" << 6 << 6 << 3 << 32;
        QTest::newRow("DARTS_V1 C4 L3 grey 28") << "DARTS_V1" << 4 << 3 << 1 << 28;
    }

    void stateDictMatchesDartsStructure()
    {
        QFETCH(QString, genotype);
        QFETCH(int, channels);
        QFETCH(int, layers);
        QFETCH(int, inChannels);
        QFETCH(int, side);
        const model::Genotype g = builtin(genotype.toUtf8().constData());
        const NetworkSpec spec = cifarSpec(g, channels, layers, 10, inChannels, side);
        const auto network = makeClassifierNetwork(spec);
        const KeyList actual = keysOf(stateDictOf(*network));
        const KeyList expected = expectedNetworkCifarKeys(g, channels, layers, 10, inChannels);
        for (std::size_t i = 0; i < std::max(actual.size(), expected.size()); ++i)
            QVERIFY2(i < actual.size() && i < expected.size() && actual[i] == expected[i],
                     qPrintable(QString("entry %1: got %2, DARTS has %3")
                                    .arg(i)
                                    .arg(QString::fromStdString(describe(actual, i)))
                                    .arg(QString::fromStdString(describe(expected, i)))));
        for (const auto &[name, tensor] : stateDictOf(*network))
            if (name.size() > 20 && name.compare(name.size() - 19, 19, "num_batches_tracked") == 0)
                QCOMPARE(tensor.scalar_type(), torch::kInt64);

        // A forward pass works at this input size, in both modes.
        network->train();
        const auto out = network->forward(torch::randn({2, inChannels, side, side}));
        QCOMPARE(out.logits.sizes().vec(), (Shape{2, 10}));
        QCOMPARE(out.auxLogits.sizes().vec(), (Shape{2, 10}));
    }

    void nb201NetworkCountsAndKeys()
    {
        const model::Genotype g = model::fromNb201String(
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|");
        NetworkSpec spec;
        spec.genotype = g;
        spec.resolveDefaults();
        QCOMPARE(spec.channels, 16);
        QCOMPARE(spec.layers, 5);
        QVERIFY(!spec.auxiliary);
        const std::int64_t c = 16, n = 5, classes = 10;
        // Per cell at width w: four nor_conv_3x3 (w*w*9 + BN) and one nor_conv_1x1 (w*w + BN).
        auto cellParams = [](std::int64_t w) { return 4 * (w * w * 9 + 2 * w) + (w * w + 2 * w); };
        // ResNet block a->b: conv_a 3x3 + BN, conv_b 3x3 + BN, shortcut 1x1 conv.
        auto blockParams = [](std::int64_t a, std::int64_t b) { return a * b * 9 + 2 * b + b * b * 9 + 2 * b + a * b; };
        const std::int64_t expected = 3 * c * 9 + 2 * c + n * (cellParams(c) + cellParams(2 * c) + cellParams(4 * c)) +
                                      blockParams(c, 2 * c) + blockParams(2 * c, 4 * c) + 2 * 4 * c + 4 * c * classes +
                                      classes;
        const NetworkInfo info = describeNetwork(spec);
        QCOMPARE(info.parameters, expected);
        QCOMPARE(info.parametersWithAuxiliary, expected);
        QCOMPARE(info.cells, 17);

        const auto network = makeClassifierNetwork(spec);
        std::map<std::string, Shape> keys;
        for (const auto &[name, tensor] : stateDictOf(*network))
            keys[name] = tensor.sizes().vec();
        // TinyNetwork's names: cells 0-4, block 5, cells 6-10, block 11, cells 12-16.
        QCOMPARE(keys.at("stem.0.weight"), (Shape{16, 3, 3, 3}));
        QCOMPARE(keys.at("cells.0.layers.0.op.1.weight"), (Shape{16, 16, 3, 3}));
        QCOMPARE(keys.at("cells.0.layers.5.op.1.weight"), (Shape{16, 16, 1, 1}));
        QVERIFY(keys.count("cells.0.layers.3.op.1.weight") == 0); // skip_connect
        QCOMPARE(keys.at("cells.5.conv_a.op.1.weight"), (Shape{32, 16, 3, 3}));
        QCOMPARE(keys.at("cells.5.downsample.1.weight"), (Shape{32, 16, 1, 1}));
        QCOMPARE(keys.at("cells.11.conv_b.op.2.running_var"), (Shape{64}));
        QCOMPARE(keys.at("cells.16.layers.0.op.1.weight"), (Shape{64, 64, 3, 3}));
        QCOMPARE(keys.at("lastact.0.weight"), (Shape{64}));
        QCOMPARE(keys.at("classifier.weight"), (Shape{10, 64}));
        network->train();
        const auto out = network->forward(torch::randn({2, 3, 32, 32}));
        QCOMPARE(out.logits.sizes().vec(), (Shape{2, 10}));
        QVERIFY(!out.auxLogits.defined());
    }

    void dropPathZeroesWholeSamples()
    {
        at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(7);
        const double p = 0.3;
        const auto x = torch::ones({20000, 2, 3, 3});
        const auto y = dropPath(x, p, generator);
        const auto perSample = y.reshape({20000, -1});
        const auto minimum = std::get<0>(perSample.min(1));
        const auto maximum = std::get<0>(perSample.max(1));
        QVERIFY(torch::equal(minimum, maximum)); // every sample all zero or all kept
        const auto dropped = (maximum == 0).to(torch::kFloat64).mean().item<double>();
        QVERIFY2(std::abs(dropped - p) < 0.015, qPrintable(QString::number(dropped)));
        const auto kept = maximum.masked_select(maximum != 0);
        QVERIFY(torch::allclose(kept, torch::full_like(kept, 1.0 / (1.0 - p))));
        QVERIFY(dropPath(x, 0.0, generator).is_same(x));
    }

    void dropPathScalesAreDropPathsDraw()
    {
        at::Generator first = at::make_generator<at::CPUGeneratorImpl>(11);
        at::Generator second = at::make_generator<at::CPUGeneratorImpl>(11);
        const auto x = torch::randn({64, 3, 2, 2});
        const auto dropped = dropPath(x, 0.4, first);
        const auto scales = dropPathScales(64, 0.4, second);
        QCOMPARE(scales.sizes().vec(), (Shape{64}));
        QVERIFY(torch::equal(dropped, x * scales.view({64, 1, 1, 1})));
        QVERIFY((scales == 0).any().item<bool>() && (scales != 0).any().item<bool>());
    }

    // The one-pass node sum against the composition DARTS writes (drop_path on each term, then
    // their sum): forward and both input gradients, in each layout and with each factor absent.
    void scaledPairSumMatchesTheComposition()
    {
        at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(5);
        struct Case {
            const char *name;
            bool channelsLast, scaleA, scaleB, sameLayout;
        };
        for (const Case c :
             {Case{"NHWC, both dropped", true, true, true, true}, Case{"NHWC, a identity", true, false, true, true},
              Case{"NHWC, b identity", true, true, false, true}, Case{"NCHW, both dropped", false, true, true, true},
              Case{"mixed layouts (composition)", true, true, true, false},
              Case{"no factor (a + b)", true, false, false, true}}) {
            // 40000 values per sample: the kernel splits each sample into two pieces.
            auto a0 = torch::randn({6, 40, 25, 40});
            auto b0 = torch::randn({6, 40, 25, 40});
            if (c.channelsLast) {
                a0 = a0.contiguous(torch::MemoryFormat::ChannelsLast);
                b0 = b0.contiguous(c.sameLayout ? torch::MemoryFormat::ChannelsLast : torch::MemoryFormat::Contiguous);
            }
            const auto sa = c.scaleA ? dropPathScales(6, 0.5, generator) : torch::Tensor();
            const auto sb = c.scaleB ? dropPathScales(6, 0.5, generator) : torch::Tensor();
            // The node's gradient as it comes: NCHW, channels-last, or a channel slot of a wider
            // channels-last gradient (a cell output's; with both factors the backward reads it in
            // one pass).
            const auto wide = torch::randn({6, 120, 25, 40}).contiguous(torch::MemoryFormat::ChannelsLast);
            for (const int gradLayout : {0, 1, 2}) {
                const auto gradOut = gradLayout == 0 ? torch::randn({6, 40, 25, 40})
                                     : gradLayout == 1
                                         ? torch::randn({6, 40, 25, 40}).contiguous(torch::MemoryFormat::ChannelsLast)
                                         : wide.narrow(1, 40, 40);

                const auto a = a0.clone().requires_grad_(true);
                const auto b = b0.clone().requires_grad_(true);
                const auto out = scaledPairSum(a, sa, b, sb);
                out.backward(gradOut);

                const auto ra = a0.clone().requires_grad_(true);
                const auto rb = b0.clone().requires_grad_(true);
                const auto termA = c.scaleA ? ra * sa.view({6, 1, 1, 1}) : ra;
                const auto termB = c.scaleB ? rb * sb.view({6, 1, 1, 1}) : rb;
                const auto expected = termA + termB;
                expected.backward(gradOut);

                QVERIFY2(torch::allclose(out, expected, 1e-6, 1e-6), c.name);
                QVERIFY2(torch::equal(a.grad(), ra.grad()), c.name);
                QVERIFY2(torch::equal(b.grad(), rb.grad()), c.name);
                if (c.sameLayout)
                    QVERIFY2(out.strides() == a0.strides(), c.name);
                if (!c.scaleA && !c.scaleB)
                    QVERIFY2(torch::equal(out, expected), c.name);
                if (c.scaleA && c.scaleB && c.sameLayout) // the fused node, not the composition
                    QVERIFY2(out.grad_fn()->name().find("ScaledPairSum") != std::string::npos, c.name);
            }
        }
    }

    // A cell's nodes summed straight into its output against the same nodes summed apart and
    // concatenated: values and every gradient, with a node read again by a later node (its
    // gradient comes from the output and from that reader), a state-1 input and a node named
    // twice in the concat (both copied in), a node whose terms are laid out unlike (summed apart,
    // then copied in), a node with an earlier node as a term (an identity op: a slot read in
    // place), with and without drop-path factors.
    void cellOutputMatchesTheConcatenation()
    {
        at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(9);
        for (const bool drop : {false, true}) {
            const auto cl = torch::MemoryFormat::ChannelsLast;
            std::vector<torch::Tensor> leaves;
            for (int i = 0; i < 7; ++i)
                leaves.push_back(torch::randn({4, 6, 5, 7}).contiguous(cl));
            leaves[6] = leaves[6].contiguous(); // NCHW: node 4's terms are laid out unlike
            std::vector<torch::Tensor> factors;
            for (int i = 0; i < 6; ++i)
                factors.push_back(drop && i % 3 != 2 ? dropPathScales(4, 0.5, generator) : torch::Tensor());
            const std::vector<int> concat{2, 3, 1, 4, 3, 5};
            const auto gradOut = torch::randn({4, 36, 5, 7});

            bool poolMatches = false, node5Fused = false;
            auto run = [&](bool inPlace, std::vector<torch::Tensor> &grads) {
                std::vector<torch::Tensor> x;
                for (const auto &l : leaves)
                    x.push_back(l.detach().clone().requires_grad_(true));
                CellOutput output(concat);
                auto sum = [&](int state, const torch::Tensor &a, int fa, const torch::Tensor &b, int fb) {
                    if (inPlace)
                        return scaledPairSum(a, factors[fa], b, factors[fb], output.slot(state, a));
                    const auto termA = factors[fa].defined() ? a * perSample(factors[fa], a) : a;
                    const auto termB = factors[fb].defined() ? b * perSample(factors[fb], b) : b;
                    return termA + termB;
                };
                const auto node2 = sum(2, x[0], 0, x[1], 1);
                const auto node3 = sum(3, torch::relu(node2), 2, x[2], 3);
                const auto node4 = sum(4, x[3], 4, x[6], 5);
                // An identity op's output: node 2 itself (in place, a slot of the output).
                const auto node5 = sum(5, x[5], 1, node2, 0);
                if (inPlace) // node 5 made in one pass from a slot and a dense tensor
                    node5Fused = node5.grad_fn()->name().find("ScaledPairSum") != std::string::npos;
                if (inPlace) // a pooling op reading a slot gets the same numbers as from a copy
                    poolMatches = torch::equal(maxPool3x3(node2, 1), torch::max_pool2d(node2.contiguous(), 3, 1, 1));
                const std::vector<torch::Tensor> states{node2, node3, x[4], node4, node3, node5};
                const auto out = inPlace ? output.finish(states) : torch::cat(states, 1);
                out.backward(gradOut);
                for (const auto &t : x)
                    grads.push_back(t.grad());
                return out;
            };
            std::vector<torch::Tensor> gradsA, gradsB;
            const auto a = run(true, gradsA);
            const auto b = run(false, gradsB);
            const auto where = drop ? "with drop-path" : "without";
            QVERIFY2(poolMatches, where);
            QVERIFY2(node5Fused, where);
            QVERIFY2(a.is_contiguous(torch::MemoryFormat::ChannelsLast), where);
            if (drop)
                QVERIFY2(torch::allclose(a, b, 1e-6, 1e-6), where);
            else
                QVERIFY2(torch::equal(a, b), where);
            for (std::size_t i = 0; i < gradsA.size(); ++i)
                QVERIFY2(torch::allclose(gradsA[i], gradsB[i]), qPrintable(QString("%1, input %2").arg(where).arg(i)));
        }
    }

    // The evaluation network with its fused BatchNorm (a separable convolution's first one
    // applying the ReLU after it) against the same network with it off, in NHWC as a retraining
    // lays it out: the same logits, running statistics and every weight's gradient, with
    // drop-path off and on (the same masks drawn).
    void fusedBatchNormMatchesThePlainLayers()
    {
        for (const double drop : {0.0, 0.3}) {
            const NetworkSpec spec = cifarSpec(builtin("DARTS_V2"), 8, 5, 10, 3, 24);
            const auto images = torch::randn({6, 3, 24, 24}).contiguous(torch::MemoryFormat::ChannelsLast);
            const auto labels = torch::randint(0, 10, {6}, torch::kLong);
            const auto fused =
                runWithSwitch(spec, images, labels, drop, setChannelsLastBatchNormReluEnabled, true, "ReluBackward0");
            const auto plain =
                runWithSwitch(spec, images, labels, drop, setChannelsLastBatchNormReluEnabled, false, "ReluBackward0");
            const auto where = QString("drop-path %1").arg(drop);
            // The separable convolutions' inner ReLU is no node of its own either way (the lean
            // layers apply it inside theirs); what the switch takes out of the graph is each normal
            // cell's ReLU of state 1, read by three separable convolutions and nothing else, made
            // by its preprocessing's BatchNorm instead. The reduction cells read their inputs
            // through pooling and identities only.
            QCOMPARE(plain.nodes - fused.nodes, 3);
            const auto difference = firstDifference(fused, plain);
            QVERIFY2(difference.isEmpty(), qPrintable(where + ": " + difference));
        }
    }

    // Each node's BatchNorms normalised straight into its drop-path sum (batchNormsIntoScaledSum)
    // against the ops' BatchNorms and the node sum apart: the same logits, gradients and running
    // statistics, bit for bit, with drop-path off (no factors) and on. DARTS_V2 has nodes of two
    // separable convolutions, of one and an identity, and reduction cells of pooling alone;
    // DARTS_V1 an identity reading a node that sits in the cell output's channels (a slot);
    // GDAS_V1 separable convolutions and pooling in its reduction cells.
    void nodeBatchNormsIntoSumMatchTheSeparateLayers_data()
    {
        QTest::addColumn<QString>("genotype");
        QTest::addColumn<int>("fusedNodes");
        // Nodes with at least one op ending in a BatchNorm, over the 5 cells (reductions at 1, 3).
        QTest::newRow("DARTS_V2") << "DARTS_V2" << 12;
        QTest::newRow("DARTS_V1") << "DARTS_V1" << 12;
        QTest::newRow("GDAS_V1") << "GDAS_V1" << 17;
    }

    void nodeBatchNormsIntoSumMatchTheSeparateLayers()
    {
        QFETCH(QString, genotype);
        QFETCH(int, fusedNodes);
        const std::string node = "BatchNormsIntoScaledSumFunction";
        for (const double drop : {0.0, 0.3}) {
            const NetworkSpec spec = cifarSpec(builtin(genotype.toLatin1().constData()), 8, 5, 10, 3, 24);
            const auto images = torch::randn({6, 3, 24, 24}).contiguous(torch::MemoryFormat::ChannelsLast);
            const auto labels = torch::randint(0, 10, {6}, torch::kLong);
            const auto fused = runWithSwitch(spec, images, labels, drop, setBatchNormsIntoScaledSumEnabled, true, node);
            const auto plain =
                runWithSwitch(spec, images, labels, drop, setBatchNormsIntoScaledSumEnabled, false, node);
            const auto where = QString("%1, drop-path %2").arg(genotype).arg(drop);
            QCOMPARE(fused.nodes, fusedNodes);
            QCOMPARE(plain.nodes, 0);
            const auto difference = firstDifference(fused, plain);
            QVERIFY2(difference.isEmpty(), qPrintable(where + ": " + difference));
        }
    }

    // The cells' 1x1 preprocessing products made per state that feeds them (reluConvGroup: the
    // stem's output for the first cell's two and the second cell's preprocess0, each normal
    // cell's output for the next cell's preprocess1 and the one after's preprocess0) against one
    // product per preprocessing: the same logits, statistics and gradients to float rounding
    // (the grouped product sums its input gradient in one pass, not two and a sum), with
    // drop-path off and on, and the groups where the cells' layout puts them.
    void preprocessingGroupsMatchSeparateProducts_data()
    {
        QTest::addColumn<QString>("genotype");
        QTest::addColumn<int>("groups");
        // 5 cells, reductions at 1 and 3: the stem's group of three, and cell 2's output read
        // by cells 3 (preprocess1) and 4 (preprocess0, cell 3 being a reduction cell: no).
        // Cell 1's output feeds cell 3 through a FactorizedReduce: no group there either.
        QTest::newRow("DARTS_V2") << "DARTS_V2" << 2;
        // GDAS-FRC's fixed reduction cells have their own preprocessing: only the stem's group.
        QTest::newRow("GDAS_FRC") << "GDAS_FRC" << 1;
    }

    void preprocessingGroupsMatchSeparateProducts()
    {
        QFETCH(QString, genotype);
        QFETCH(int, groups);
        for (const double drop : {0.0, 0.3}) {
            const NetworkSpec spec = cifarSpec(builtin(genotype.toStdString().c_str()), 8, 5, 10, 3, 24);
            const auto images = torch::randn({6, 3, 24, 24}).contiguous(torch::MemoryFormat::ChannelsLast);
            const auto labels = torch::randint(0, 10, {6}, torch::kLong);
            struct Run {
                torch::Tensor logits;
                std::shared_ptr<ClassifierNetwork> network;
                int groupNodes = 0;
            };
            auto run = [&](bool grouped) {
                setConvGroupsEnabled(grouped);
                torch::manual_seed(21);
                Run r;
                r.network = makeClassifierNetwork(spec);
                {
                    torch::NoGradGuard noGrad;
                    for (auto &p : r.network->parameters())
                        if (p.dim() == 4)
                            p.set_data(p.contiguous(torch::MemoryFormat::ChannelsLast));
                }
                r.network->train();
                r.network->setDropPath(drop, at::make_generator<at::CPUGeneratorImpl>(5));
                const auto out = r.network->forward(images);
                const auto loss = torch::nn::functional::cross_entropy(out.logits, labels) +
                                  0.4 * torch::nn::functional::cross_entropy(out.auxLogits, labels);
                // The graph's grouped products, counted before the backward frees it.
                r.groupNodes = countNodes(loss, "ReluConvGroupFunction");
                loss.backward();
                setConvGroupsEnabled(true);
                r.logits = out.logits.detach();
                return r;
            };
            const Run grouped = run(true);
            const Run separate = run(false);
            const auto where = QString("%1, drop-path %2").arg(genotype).arg(drop);
            QCOMPARE(grouped.groupNodes, groups);
            QCOMPARE(separate.groupNodes, 0);
            QVERIFY2(torch::allclose(grouped.logits, separate.logits, 1e-5, 1e-6), qPrintable(where));
            const auto groupedParams = grouped.network->named_parameters();
            const auto separateParams = separate.network->named_parameters();
            QCOMPARE(groupedParams.size(), separateParams.size());
            for (const auto &item : groupedParams) {
                const auto &grad = item.value().grad();
                const auto &other = separateParams[item.key()].grad();
                QVERIFY2(grad.defined() && other.defined(), item.key().c_str());
                const auto scale = other.abs().max().item<double>();
                QVERIFY2((grad - other).abs().max().item<double>() <= 1e-4 * scale + 1e-7,
                         qPrintable(where + " " + QString::fromStdString(item.key())));
            }
            for (const auto &item : grouped.network->named_buffers())
                QVERIFY2(torch::allclose(item.value(), separate.network->named_buffers()[item.key()], 1e-5, 1e-6),
                         item.key().c_str());
        }
    }

    void dropPathActsInTrainingOnly()
    {
        const NetworkSpec spec = cifarSpec(builtin("DARTS_V2"), 4, 3, 10, 3, 24);
        const auto network = makeClassifierNetwork(spec);
        const auto images = torch::randn({4, 3, 24, 24});
        at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(1);

        network->train();
        network->setDropPath(0.0, generator);
        const auto plainA = network->forward(images).logits;
        const auto plainB = network->forward(images).logits;
        QVERIFY(torch::equal(plainA, plainB)); // training BN uses batch statistics: same output
        network->setDropPath(0.5, generator);
        const auto droppedA = network->forward(images).logits;
        const auto droppedB = network->forward(images).logits;
        QVERIFY(!torch::allclose(droppedA, plainA));
        QVERIFY(!torch::allclose(droppedA, droppedB)); // fresh masks per pass

        torch::NoGradGuard noGrad;
        network->eval();
        const auto evalDropped = network->forward(images).logits;
        network->setDropPath(0.0, generator);
        const auto evalPlain = network->forward(images).logits;
        QVERIFY(torch::equal(evalDropped, evalPlain));
    }

    void auxiliaryLogitsInTrainingOnly()
    {
        const NetworkSpec spec = cifarSpec(builtin("GDAS_V1"), 4, 3, 7, 1, 28);
        const auto network = makeClassifierNetwork(spec);
        const auto images = torch::randn({3, 1, 28, 28});
        network->train();
        const auto train = network->forward(images);
        QCOMPARE(train.auxLogits.sizes().vec(), (Shape{3, 7}));
        network->eval();
        QVERIFY(!network->forward(images).auxLogits.defined());

        NetworkSpec noHead = spec;
        noHead.auxiliary = false;
        const auto plain = makeClassifierNetwork(noHead);
        plain->train();
        QVERIFY(!plain->forward(images).auxLogits.defined());
        QCOMPARE(countParameters(*plain, true), countParameters(*network, false));
    }

    void inputTooSmallForAuxiliaryHeadIsInputError()
    {
        NetworkSpec spec;
        spec.genotype = builtin("DARTS_V2");
        spec.channels = 4;
        spec.layers = 3;
        spec.inputHeight = spec.inputWidth = 16; // the head would see 4x4 maps
        try {
            describeNetwork(spec);
            QFAIL("a 16x16 input was accepted with the auxiliary head");
        } catch (const InputError &e) {
            QVERIFY2(QString(e.what()).contains("auxiliary head"), e.what());
        }
        spec.auxiliary = false;
        QVERIFY(describeNetwork(spec).parameters > 0);
    }
};

QTEST_GUILESS_MAIN(TestEvalNetwork)
#include "tst_evalnetwork.moc"
