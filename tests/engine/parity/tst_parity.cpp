// Parity with the official code (issue 13): the engine against golden numbers that
// tools/parity/parity_reference.py wrote by running D-X-Y/AutoDL-Projects and quark0/darts.
// No Python here: the golden files are torch.save'd dicts read with torch::pickle_load.
//
// Every case starts both sides from the same state: each weight tensor is filled from a hash of
// its official name and element index (hashedInit, the runner's hashed_init), loaded into our
// network through the official-name -> engine-name map (officialToEngine, docs/ENGINE.md). The
// search cases replay the official Gumbel noise through GumbelSampler's noise source and record
// what the official loop recorded through a StepProbe.
//
// Error measure (docs/ENGINE.md, "Parity with the official code"): for each tensor,
// max|ours - official| / max(rms(official tensor), 0.01 * rms(official quantity)), where the
// quantity is everything of one kind at one step (all weight gradients, all BatchNorm buffers).
// Relative to the tensor's own size, with a floor so that a tensor that is zero up to rounding
// (a convolution bias in front of a BatchNorm has an exactly zero gradient analytically) is
// not judged by its rounding noise.

// LibTorch before Qt: Qt's `slots` macro breaks ATen headers.
#include "engine/NetworkInfo.h"
#include "engine/nn/ClassifierNetwork.h"
#include "engine/search/SearchStepper.h"
#include "model/AlphaTable.h"
#include "model/GenotypeFormats.h"
#include "model/SearchSpace.h"
#include "support/TestDevice.h"

#include <torch/torch.h>

#include <zlib.h>

#include <QtTest/QtTest>

#include <cmath>
#include <deque>
#include <fstream>
#include <iomanip>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace gdas;

namespace {

std::string goldenDir()
{
    const QByteArray dir = qgetenv("GDAS_PARITY_DIR"); // another set, e.g. one made by hand
    return dir.isEmpty() ? std::string(GDAS_SOURCE_DIR) + "/tests/data/parity" : dir.toStdString();
}

torch::Device testDevice() { return torch::Device(test::deviceName()); }

// --------------------------------------------------------------------------------------------
// Golden files

class Golden {
public:
    explicit Golden(const std::string &path)
    {
        std::ifstream in(path, std::ios::binary);
        if (!in)
            throw std::runtime_error("cannot read " + path + " (tools/parity/parity_reference.py writes it)");
        std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const auto value = torch::pickle_load(bytes);
        for (const auto &item : value.toGenericDict())
            m_items.emplace(item.key().toStringRef(), item.value());
    }
    bool has(const std::string &key) const { return m_items.count(key) != 0; }
    const c10::IValue &at(const std::string &key) const
    {
        const auto it = m_items.find(key);
        if (it == m_items.end())
            throw std::runtime_error("golden file lacks '" + key + "'");
        return it->second;
    }
    torch::Tensor tensor(const std::string &key) const { return at(key).toTensor(); }
    std::string text(const std::string &key) const { return at(key).toStringRef(); }
    std::int64_t integer(const std::string &key) const { return at(key).toInt(); }
    double real(const std::string &key) const { return at(key).toDouble(); }
    std::vector<std::string> strings(const std::string &key) const
    {
        // The runner writes a list of names as one string, a name a line.
        std::vector<std::string> out;
        std::istringstream lines(text(key));
        for (std::string line; std::getline(lines, line);)
            out.push_back(line);
        return out;
    }

private:
    std::map<std::string, c10::IValue> m_items;
};

// --------------------------------------------------------------------------------------------
// The state both sides compute (the runner's hashed_init / hashed_batch / init_scale)

torch::Tensor hashedInit(const std::string &name, std::int64_t numel, double scale)
{
    const auto seed = static_cast<std::uint64_t>(
        crc32(0L, reinterpret_cast<const Bytef *>(name.data()), static_cast<uInt>(name.size())));
    auto out = torch::empty({numel}, torch::kFloat);
    float *p = out.data_ptr<float>();
    for (std::int64_t i = 0; i < numel; ++i) {
        std::uint64_t h = (static_cast<std::uint64_t>(i) * 2654435761ULL + seed) & 0xFFFFFFFFULL;
        h ^= h >> 15;
        h = (h * 2246822519ULL) & 0xFFFFFFFFULL;
        h ^= h >> 13;
        const double u = static_cast<double>(h) / 4294967296.0;
        p[i] = static_cast<float>((u - 0.5) * 2.0 * scale);
    }
    return out;
}

torch::Tensor officialInit(const std::string &name, at::IntArrayRef shape)
{
    std::int64_t numel = 1;
    for (auto s : shape)
        numel *= s;
    const auto endsWith = [&](const std::string &tail) {
        return name.size() >= tail.size() && name.compare(name.size() - tail.size(), tail.size(), tail) == 0;
    };
    torch::Tensor flat;
    if (name.find("arch") != std::string::npos)
        flat = hashedInit(name, numel, 1e-3);
    else if (shape.size() >= 2)
        flat = hashedInit(name, numel, 1.0 / std::sqrt(static_cast<double>(numel / shape[0])));
    else if (endsWith("bias"))
        flat = hashedInit(name, numel, 0.1);
    else
        flat = 1.0f + hashedInit(name, numel, 0.1); // affine BatchNorm weight, float32 sum
    return flat.view(shape);
}

engine::Batch hashedBatch(const std::string &name, int batch, int side, int classes)
{
    engine::Batch b;
    b.images = hashedInit(name + "/images", std::int64_t(batch) * 3 * side * side, 2.0).view({batch, 3, side, side});
    const auto u = hashedInit(name + "/labels", batch, 0.5).to(torch::kFloat64) + 0.5;
    b.labels = (u * classes).floor().clamp_max(classes - 1).to(torch::kLong);
    return b;
}

// --------------------------------------------------------------------------------------------
// Official parameter names -> ours (docs/ENGINE.md lists the map)

std::string officialToEngine(const std::string &official, const model::SearchSpace &space)
{
    if (official == "arch_parameters" || official == "arch_normal_parameters")
        return "alpha_normal";
    if (official == "arch_reduce_parameters")
        return "alpha_reduce";
    std::string name = official;
    // Search cells: edges.<i<-j>[._ops].<k>. -> edges.<row of α>.<k>.
    static const std::regex edge(R"(\.edges\.(\d+)<-(\d+)\.(_ops\.)?(\d+)\.)");
    std::smatch m;
    if (std::regex_search(name, m, edge)) {
        const int i = std::stoi(m[1].str());
        const int j = std::stoi(m[2].str());
        // NASNet cells number intermediate nodes from 0 (node i is our node i + 2).
        const int to = space.kind == model::SpaceKind::Darts ? i + space.inputNodes : i;
        const int row = space.edgeIndex(to, j);
        if (row < 0)
            throw std::runtime_error("no edge " + m[0].str() + " in the space");
        name = m.prefix().str() + ".edges." + std::to_string(row) + "." + m[4].str() + "." + m.suffix().str();
    }
    // DualSepConv (dua_sepc) = our SepConv: op_a.op.N -> op.N, op_b.op.N -> op.(N+4).
    static const std::regex dual(R"(\.op_(a|b)\.op\.(\d+)\.)");
    if (std::regex_search(name, m, dual)) {
        const int n = std::stoi(m[2].str()) + (m[1].str() == "b" ? 4 : 0);
        name = m.prefix().str() + ".op." + std::to_string(n) + "." + m.suffix().str();
    }
    // FactorizedReduce: convs.0 / convs.1 -> conv_1 / conv_2.
    static const std::regex convs(R"(\.convs\.(\d)\.)");
    if (std::regex_search(name, m, convs))
        name = m.prefix().str() + ".conv_" + std::to_string(std::stoi(m[1].str()) + 1) + "." + m.suffix().str();
    return name;
}

// Fills our parameters from the hash under the official names; checks that the map reaches
// every parameter and every running statistic exactly once, with the official shapes.
std::map<std::string, torch::Tensor> loadOfficialState(torch::nn::Module &net, const Golden &golden,
                                                       const std::vector<std::string> &paramNames,
                                                       const model::SearchSpace &space, std::string &problem)
{
    auto params = net.named_parameters(true);
    auto buffers = net.named_buffers(true);
    std::map<std::string, torch::Tensor> byOfficial;
    std::set<std::string> reached;
    torch::NoGradGuard noGrad;
    for (const auto &official : paramNames) {
        const auto ours = officialToEngine(official, space);
        const auto *p = params.find(ours);
        if (!p) {
            problem = "official parameter " + official + " maps to " + ours + ", which we lack";
            return {};
        }
        byOfficial[official] = *p;
        reached.insert(ours);
    }
    for (const auto &official : golden.strings("buffer_names")) {
        const auto ours = officialToEngine(official, space);
        const auto *b = buffers.find(ours);
        if (!b) {
            problem = "official buffer " + official + " maps to " + ours + ", which we lack";
            return {};
        }
        byOfficial[official] = *b;
        reached.insert(ours);
    }
    for (const auto &item : params)
        if (!reached.count(item.key())) {
            problem = "our parameter " + item.key() + " has no official counterpart";
            return {};
        }
    for (const auto &item : buffers)
        if (item.key().find("running") != std::string::npos && !reached.count(item.key())) {
            problem = "our buffer " + item.key() + " has no official counterpart";
            return {};
        }
    for (const auto &official : paramNames) {
        auto &p = byOfficial[official];
        p.copy_(officialInit(official, p.sizes()));
    }
    return byOfficial;
}

// Our names of the convolution biases (the search network's convolutions carry one exactly
// where a BatchNorm without affine parameters follows).
std::set<std::string> convolutionBiases(const torch::nn::Module &net)
{
    std::set<std::string> out;
    for (const auto &item : net.named_modules()) {
        const auto *conv = item.value()->as<torch::nn::Conv2dImpl>();
        if (conv && conv->bias.defined())
            out.insert(item.key().empty() ? "bias" : item.key() + ".bias");
    }
    return out;
}

std::vector<bool> flagConvolutionBiases(const torch::nn::Module &net, const std::vector<std::string> &officialNames,
                                        const model::SearchSpace &space)
{
    const auto biases = convolutionBiases(net);
    std::vector<bool> out;
    for (const auto &n : officialNames)
        out.push_back(biases.count(officialToEngine(n, space)) != 0);
    return out;
}

// --------------------------------------------------------------------------------------------
// Comparison

struct Tolerances {
    double loss, logits, alphaGrad, weightGrad, biasGrad, weight, alpha, buffer;
};

// float32 after K = 5 steps; docs/ENGINE.md gives the reasoning. CUDA: cuDNN's float32 algorithms
// sum in other orders, so wider bounds (TF32 is turned off in initTestCase).
Tolerances tolerances(bool cuda)
{
    if (cuda)
        return {1e-3, 1e-3, 1e-1, 1e-2, 2e-2, 1e-3, 5e-2, 1e-3};
    // loss, logits, α gradient, weight gradients, conv-bias gradients (against the quantity's
    // RMS), weights after SGD, α after Adam, BatchNorm running stats. Sampled ops: exact.
    return {1e-5, 1e-4, 5e-2, 1e-3, 5e-3, 1e-4, 2e-2, 2e-4};
}

struct Finding {
    double worst = 0.0;
    std::string where; // tensor of the worst error
};

class Comparer {
public:
    Comparer(std::string caseName, bool cuda) : m_case(std::move(caseName)), m_tol(tolerances(cuda)) {}

    // `ours` and `official` hold the same values (any shape). scale: the error's denominator.
    void compare(int step, const std::string &quantity, const std::string &tensorName, const torch::Tensor &ours,
                 const torch::Tensor &official, double scale, double tol)
    {
        const auto a = ours.detach().to(torch::kCPU, torch::kDouble).reshape(-1);
        const auto b = official.detach().to(torch::kCPU, torch::kDouble).reshape(-1);
        double err = 0.0;
        if (a.numel() != b.numel()) {
            err = INFINITY;
        } else if (a.numel() > 0) {
            const double diff = (a - b).abs().max().item<double>();
            err = diff == 0.0 ? 0.0 : diff / std::max(scale, 1e-30);
            if (std::isnan(diff))
                err = INFINITY;
        }
        record(step, quantity, tensorName, err, tol);
    }

    void record(int step, const std::string &quantity, const std::string &tensorName, double err, double tol)
    {
        static const bool verbose = qEnvironmentVariableIsSet("GDAS_PARITY_VERBOSE");
        if (verbose && err > 0.5 * tol)
            qInfo("  step %d %s %s: %.3g (tolerance %.3g)", step, quantity.c_str(), tensorName.c_str(), err, tol);
        auto &f = m_table[quantity];
        if (err > f.worst || f.where.empty()) {
            f.worst = err;
            f.where = tensorName + " (step " + std::to_string(step) + ")";
        }
        if (!(err <= tol) && m_firstFailure.empty()) {
            std::ostringstream s;
            s << "case " << m_case << ", step " << step << ", " << quantity << " of " << tensorName << ": error "
              << std::setprecision(3) << err << " > tolerance " << tol;
            m_firstFailure = s.str();
        }
    }

    // A scalar or small tensor judged against its own RMS.
    void compareSelf(int step, const std::string &quantity, const torch::Tensor &ours, const torch::Tensor &official,
                     double tol, double floor = 1e-6)
    {
        const auto b = official.detach().to(torch::kDouble);
        const double rms = b.numel() ? std::sqrt(b.square().mean().item<double>()) : 0.0;
        compare(step, quantity, quantity, ours, official, std::max(rms, floor), tol);
    }

    // A pack of the runner (Golden.pack): tensors in `names` order, each contributing #count
    // values (all of them, or strided samples), and their [sum, L2] in #fp.
    // Tensors flagged in `zeroUpToRounding` (convolution biases in front of a BatchNorm, whose
    // gradient is exactly zero analytically: the BatchNorm subtracts the per-channel mean) are
    // judged against the quantity's RMS, as `quantity` + " (bias before BatchNorm)".
    void comparePack(const Golden &golden, int step, const std::string &key, const std::string &quantity,
                     const std::vector<std::string> &names, const std::vector<torch::Tensor> &ours, double tol,
                     const std::vector<bool> &zeroUpToRounding = {}, double zeroTol = 0.0)
    {
        const auto values = golden.tensor(key).to(torch::kDouble);
        const auto counts = golden.tensor(key + "#count");
        const auto fp = golden.tensor(key + "#fp").to(torch::kDouble);
        if (counts.size(0) != static_cast<std::int64_t>(names.size())) {
            record(step, quantity, "(list of tensors)", INFINITY, tol);
            return;
        }
        double sumSq = 0.0, total = 0.0;
        for (std::size_t i = 0; i < names.size(); ++i) {
            sumSq += std::pow(fp[static_cast<std::int64_t>(i)][1].item<double>(), 2);
            total += static_cast<double>(ours[i].numel());
        }
        const double quantityRms = total > 0 ? std::sqrt(sumSq / total) : 0.0;
        std::int64_t offset = 0;
        for (std::size_t i = 0; i < names.size(); ++i) {
            const auto idx = static_cast<std::int64_t>(i);
            const auto count = counts[idx].item<std::int64_t>();
            const auto flat = ours[i].detach().to(torch::kCPU, torch::kDouble).contiguous().reshape(-1);
            const auto n = flat.numel();
            if (golden.has(key + "#numel") && golden.tensor(key + "#numel")[idx].item<std::int64_t>() != n) {
                record(step, quantity, names[i] + " (size differs from the official tensor's)", INFINITY, tol);
                offset += count;
                continue;
            }
            const double rms = n ? fp[idx][1].item<double>() / std::sqrt(static_cast<double>(n)) : 0.0;
            const bool floorOnly = i < zeroUpToRounding.size() && zeroUpToRounding[i];
            const double scale = floorOnly ? quantityRms : std::max(rms, 0.01 * quantityRms);
            const std::string what = floorOnly ? quantity + " (bias before BatchNorm)" : quantity;
            const double tensorTol = floorOnly ? zeroTol : tol;
            torch::Tensor picked;
            if (count == n) {
                picked = flat;
            } else {
                picked = flat.index_select(0, torch::div(torch::arange(count, torch::kLong) * n, count, "floor"));
            }
            compare(step, what, names[i], picked, values.narrow(0, offset, count), scale, tensorTol);
            // Fingerprints cover every value, also where only samples are stored.
            const double ourSum = flat.sum().item<double>();
            const double ourL2 = flat.norm().item<double>();
            const double l2 = fp[idx][1].item<double>();
            const double fpFloor = (floorOnly ? 1.0 : 0.01) * quantityRms * std::sqrt(static_cast<double>(n));
            const double fpScale = std::max(floorOnly ? 0.0 : l2, fpFloor);
            const double fpErr =
                fpScale > 0 ? std::max(std::abs(ourSum - fp[idx][0].item<double>()), std::abs(ourL2 - l2)) / fpScale
                            : (ourL2 == 0 ? 0.0 : INFINITY);
            record(step, what + " [sum, L2]", names[i], fpErr, tensorTol);
            offset += count;
        }
    }

    const std::string &firstFailure() const { return m_firstFailure; }
    const std::map<std::string, Finding> &table() const { return m_table; }
    const Tolerances &tol() const { return m_tol; }

    void print() const
    {
        for (const auto &[quantity, f] : m_table)
            qInfo("parity | %s | %s | %.3g | %s", m_case.c_str(), quantity.c_str(), f.worst, f.where.c_str());
    }

private:
    std::string m_case;
    Tolerances m_tol;
    std::map<std::string, Finding> m_table;
    std::string m_firstFailure;
};

// --------------------------------------------------------------------------------------------
// The engine side of a search case

class Recorder : public engine::StepProbe {
public:
    struct Pass {
        torch::Tensor logits;
        std::vector<std::int64_t> normal, reduce;
    };
    void forwarded(bool archStep, const torch::Tensor &logits, const engine::CellWeights &normal,
                   const engine::CellWeights &reduce) override
    {
        auto &p = archStep ? arch : weights;
        p.logits = logits.detach().to(torch::kCPU).clone();
        p.normal = normal.index;
        p.reduce = reduce.index;
    }
    Pass weights, arch;
};

void compareIndex(Comparer &cmp, int step, const std::string &quantity, const std::vector<std::int64_t> &ours,
                  const Golden &golden, const std::string &key)
{
    if (!golden.has(key)) {
        cmp.record(step, quantity, quantity, ours.empty() ? 0.0 : INFINITY, 0.0);
        return;
    }
    const auto official = golden.tensor(key).to(torch::kLong).contiguous();
    bool same = official.numel() == static_cast<std::int64_t>(ours.size());
    for (std::size_t e = 0; same && e < ours.size(); ++e)
        same = official[static_cast<std::int64_t>(e)].item<std::int64_t>() == ours[e];
    cmp.record(step, quantity, quantity, same ? 0.0 : INFINITY, 0.0);
}

void runSearchCase(const std::string &name, Comparer &cmp)
{
    const Golden golden(goldenDir() + "/" + name + ".pt");
    const auto device = testDevice();
    const auto &space = model::SearchSpace::byName(golden.text("space"));
    engine::SearchConfig config;
    config.algorithm = engine::algorithmByName(golden.text("algorithm"));
    config.space = golden.text("space");
    config.lr = golden.real("lr");
    if (qEnvironmentVariableIsSet("GDAS_PARITY_CHANNELS_LAST"))
        config.channelsLast = qEnvironmentVariableIntValue("GDAS_PARITY_CHANNELS_LAST") != 0;
    engine::SupernetOptions options;
    options.space = space.kind;
    options.algorithm = config.algorithm;
    options.channels = static_cast<int>(golden.integer("channels"));
    options.cells = static_cast<int>(golden.integer("cells"));
    options.classes = 10;
    engine::SearchStepper stepper(config, options, device);
    stepper.setLearningRate(config.lr);

    const auto weightNames = golden.strings("weight_names");
    const auto alphaNames = golden.strings("alpha_names");
    const auto bufferNames = golden.strings("buffer_names");
    std::vector<std::string> all = weightNames;
    all.insert(all.end(), alphaNames.begin(), alphaNames.end());
    std::string problem;
    auto state = loadOfficialState(*stepper.net(), golden, all, space, problem);
    if (!problem.empty()) {
        cmp.record(0, "parameter map", problem, INFINITY, 0.0);
        return;
    }

    const auto biasFlags = flagConvolutionBiases(*stepper.net(), weightNames, space);
    std::deque<torch::Tensor> noise;
    stepper.sampler().setNoiseSource([&noise](at::IntArrayRef shape) {
        if (noise.empty())
            throw std::runtime_error("the engine drew more Gumbel noise than the official code");
        auto g = noise.front();
        noise.pop_front();
        if (g.sizes() != shape)
            throw std::runtime_error("recorded noise has another shape");
        return g;
    });
    Recorder recorder;
    stepper.setProbe(&recorder);

    const double tau = golden.real("tau");
    const int steps = static_cast<int>(golden.integer("steps"));
    const int batch = static_cast<int>(golden.integer("batch"));
    const int side = static_cast<int>(golden.integer("side"));
    const auto &tol = cmp.tol();
    for (int s = 1; s <= steps; ++s) {
        const std::string step = "step" + std::to_string(s);
        noise.clear();
        if (golden.has(step + "/noise"))
            for (const auto &g : golden.tensor(step + "/noise").unbind(0))
                noise.push_back(g.contiguous());
        auto wb = hashedBatch(step + "/w", batch, side, 10);
        auto ab = hashedBatch(step + "/a", batch, side, 10);
        wb = {wb.images.to(device), wb.labels.to(device)};
        ab = {ab.images.to(device), ab.labels.to(device)};
        auto sums = torch::zeros({engine::kStatSlots}, torch::TensorOptions().dtype(torch::kDouble).device(device));
        const auto [wLoss, aLoss] = stepper.step(wb, ab, tau, sums);
        cmp.record(s, "Gumbel draws", "Gumbel draws", noise.empty() ? 0.0 : INFINITY, 0.0);

        cmp.compareSelf(s, "weights-step loss", wLoss, golden.tensor(step + "/w_loss"), tol.loss);
        cmp.compareSelf(s, "arch-step loss", aLoss, golden.tensor(step + "/a_loss"), tol.loss);
        cmp.compareSelf(s, "weights-step logits", recorder.weights.logits, golden.tensor(step + "/w_logits"),
                        tol.logits);
        cmp.compareSelf(s, "arch-step logits", recorder.arch.logits, golden.tensor(step + "/a_logits"), tol.logits);
        if (config.algorithm != engine::Algorithm::DartsFirstOrder) {
            compareIndex(cmp, s, "sampled ops, weights step, normal", recorder.weights.normal, golden,
                         step + "/w_index/normal");
            compareIndex(cmp, s, "sampled ops, arch step, normal", recorder.arch.normal, golden,
                         step + "/a_index/normal");
            compareIndex(cmp, s, "sampled ops, weights step, reduce", recorder.weights.reduce, golden,
                         step + "/w_index/reduce");
            compareIndex(cmp, s, "sampled ops, arch step, reduce", recorder.arch.reduce, golden,
                         step + "/a_index/reduce");
        }
        std::vector<torch::Tensor> grads, weights, alphas, alphaGrads, buffers;
        for (const auto &n : weightNames) {
            weights.push_back(state.at(n));
            grads.push_back(state.at(n).grad().defined() ? state.at(n).grad() : torch::zeros_like(state.at(n)));
        }
        for (const auto &n : alphaNames) {
            alphas.push_back(state.at(n));
            alphaGrads.push_back(state.at(n).grad());
        }
        for (const auto &n : bufferNames)
            buffers.push_back(state.at(n));
        if (qEnvironmentVariableIsSet("GDAS_PARITY_VERBOSE"))
            for (std::size_t i = 0; i < alphaNames.size(); ++i) {
                const auto g = golden.tensor(step + "/alpha_grad/" + alphaNames[i]).to(torch::kDouble);
                const auto d = (alphaGrads[i].detach().cpu().to(torch::kDouble) - g).abs();
                qInfo("%s %s: |grad| rms %.3g, |diff| max %.3g, mean %.3g", step.c_str(), alphaNames[i].c_str(),
                      g.square().mean().sqrt().item<double>(), d.max().item<double>(), d.mean().item<double>());
            }
        for (std::size_t i = 0; i < alphaNames.size(); ++i)
            cmp.compareSelf(s, "α gradient", alphaGrads[i], golden.tensor(step + "/alpha_grad/" + alphaNames[i]),
                            tol.alphaGrad, 1e-12);
        cmp.comparePack(golden, s, step + "/w_grad", "weight gradients", weightNames, grads, tol.weightGrad, biasFlags,
                        tol.biasGrad);
        cmp.comparePack(golden, s, step + "/weight", "weights after SGD", weightNames, weights, tol.weight);
        cmp.comparePack(golden, s, step + "/alpha", "α after Adam", alphaNames, alphas, tol.alpha);
        cmp.comparePack(golden, s, step + "/buffer", "BatchNorm running stats", bufferNames, buffers, tol.buffer);
    }
}

// --------------------------------------------------------------------------------------------
// Evaluation networks

// channelsLast: 4-D weights and the images in NHWC, as RetrainSession lays them out by default.
void runEvalCase(const std::string &name, bool channelsLast, Comparer &cmp)
{
    const Golden golden(goldenDir() + "/" + name + ".pt");
    const auto device = testDevice();
    const auto kind = golden.text("kind");
    engine::NetworkSpec spec;
    spec.genotype = model::parseGenotype(golden.text("genotype"));
    spec.channels = static_cast<int>(golden.integer("channels"));
    spec.layers = static_cast<int>(golden.integer("layers"));
    spec.classes = 10;
    const int side = static_cast<int>(golden.integer("side"));
    spec.inputHeight = spec.inputWidth = side;
    spec.auxiliary = kind != "nb201";
    spec.imagenet = kind == "imagenet";
    spec.resolveDefaults();
    auto net = engine::makeClassifierNetwork(spec);
    const auto &space = model::SearchSpace::of(spec.genotype.space);
    std::string problem;
    auto state = loadOfficialState(*net, golden, golden.strings("weight_names"), space, problem);
    if (!problem.empty()) {
        cmp.record(0, "parameter map", problem, INFINITY, 0.0);
        return;
    }
    net->to(device);
    if (channelsLast) {
        torch::NoGradGuard noGrad;
        for (auto &p : net->parameters())
            if (p.dim() == 4)
                p.set_data(p.contiguous(torch::MemoryFormat::ChannelsLast));
    }
    net->train();
    const int batch = static_cast<int>(golden.integer("batch"));
    // The runner's EVAL_BATCH_NAMES: a case's own batch where the default one hinged on a rounding.
    const auto b = hashedBatch(golden.has("batch_name") ? golden.text("batch_name") : "eval", batch, side, 10);
    auto images = b.images.to(device);
    if (channelsLast)
        images = images.contiguous(torch::MemoryFormat::ChannelsLast);
    const auto out = net->forward(images);
    const auto labels = b.labels.to(device);
    auto loss = torch::nn::functional::cross_entropy(out.logits, labels);
    const auto &tol = cmp.tol();
    if (spec.auxiliary) {
        loss = loss + 0.4 * torch::nn::functional::cross_entropy(out.auxLogits, labels);
        cmp.compareSelf(1, "auxiliary logits", out.auxLogits, golden.tensor("aux_logits"), tol.logits);
    }
    loss.backward();
    cmp.compareSelf(1, "logits", out.logits, golden.tensor("logits"), tol.logits);
    cmp.compareSelf(1, "loss", loss, golden.tensor("loss"), tol.loss);
    std::vector<torch::Tensor> grads, buffers;
    const auto names = golden.strings("weight_names");
    const auto bufferNames = golden.strings("buffer_names");
    for (const auto &n : names)
        grads.push_back(state.at(n).grad());
    for (const auto &n : bufferNames)
        buffers.push_back(state.at(n));
    cmp.comparePack(golden, 1, "grad", "weight gradients", names, grads, tol.weightGrad,
                    flagConvolutionBiases(*net, names, space), tol.biasGrad);
    cmp.comparePack(golden, 1, "buffer", "BatchNorm running stats", bufferNames, buffers, tol.buffer);
}

// --------------------------------------------------------------------------------------------
// Genotype derivation

torch::Tensor genotypeTable(const std::string &name, int t, at::IntArrayRef shape)
{
    std::int64_t numel = 1;
    for (auto s : shape)
        numel *= s;
    if (t % 2 == 0)
        return hashedInit(name, numel, t % 4 == 0 ? 1e-3 : 2.0).view(shape);
    const auto u = hashedInit(name, numel, 1.0).to(torch::kDouble);
    return (torch::floor(u * 4.5) * 0.5).clamp(-2.0, 2.0).to(torch::kFloat).view(shape);
}

model::AlphaTable tableOfProbabilities(const model::SearchSpace &space, const torch::Tensor &probabilities)
{
    const auto probs = probabilities.to(torch::kFloat).contiguous();
    return model::AlphaTable(space,
                             std::vector<float>(probs.data_ptr<float>(), probs.data_ptr<float>() + probs.numel()));
}

model::AlphaTable tableOf(const model::SearchSpace &space, const torch::Tensor &alpha)
{
    return tableOfProbabilities(space, torch::softmax(alpha, -1));
}

void runGenotypes(Comparer &cmp, int &mismatchDarts, int &mismatchGdas, int &mismatchNb201, std::string &firstMismatch)
{
    const Golden golden(goldenDir() + "/genotypes.pt");
    const int tables = static_cast<int>(golden.integer("tables"));
    const auto &darts = model::SearchSpace::of(model::SpaceKind::Darts);
    const auto &nb201 = model::SearchSpace::of(model::SpaceKind::NasBench201);
    const auto dartsRule = golden.tensor("darts_rule").to(torch::kLong);
    const auto gdasRule = golden.tensor("gdas_rule").to(torch::kLong);
    const auto nbRule = golden.tensor("nb201_rule").to(torch::kLong);
    double dartsSum = 0.0, nbSum = 0.0;
    for (int t = 0; t < tables; ++t) {
        const auto a = genotypeTable("darts/" + std::to_string(t), t, {2, 14, 8});
        dartsSum += a.to(torch::kDouble).sum().item<double>();
        // The quantised (odd) tables: the official float32 probabilities (their near-ties are
        // the softmax's last bit, which differs between LibTorch versions), the others here.
        const bool official = t % 2 == 1;
        const auto probs = official ? golden.tensor("darts_probs_odd")[t / 2] : torch::Tensor();
        const auto normal = official ? tableOfProbabilities(darts, probs[0]) : tableOf(darts, a[0]);
        const auto reduce = official ? tableOfProbabilities(darts, probs[1]) : tableOf(darts, a[1]);
        for (const auto rule : {model::DeriveRule::Darts, model::DeriveRule::GdasOfficial}) {
            const auto g = model::deriveGenotype(darts, normal, reduce, rule);
            const auto &expected = rule == model::DeriveRule::Darts ? dartsRule : gdasRule;
            bool same = true;
            std::ostringstream got, want;
            for (int c = 0; c < 2; ++c) {
                const auto &cell = c == 0 ? g.normal : g.reduce;
                for (int k = 0; k < 8; ++k) {
                    const auto &op = cell[static_cast<std::size_t>(k / 2)][static_cast<std::size_t>(k % 2)];
                    const auto wantOp = expected[t][c][k][0].item<std::int64_t>();
                    const auto wantIn = expected[t][c][k][1].item<std::int64_t>();
                    got << " (" << op.op << ", " << op.input << ")";
                    want << " (" << darts.ops[static_cast<std::size_t>(wantOp)] << ", " << wantIn << ")";
                    same = same && darts.opIndex(op.op) == wantOp && op.input == wantIn;
                }
            }
            if (!same) {
                (rule == model::DeriveRule::Darts ? mismatchDarts : mismatchGdas)++;
                if (firstMismatch.empty())
                    firstMismatch = "table " + std::to_string(t) + ", rule " + std::string(model::toString(rule)) +
                                    ": ours" + got.str() + " vs official" + want.str();
            }
        }
    }
    for (int t = 0; t < tables; ++t) {
        const auto a = genotypeTable("nb201/" + std::to_string(t), t, {6, 5});
        nbSum += a.to(torch::kDouble).sum().item<double>();
        const auto g = model::deriveGenotype(nb201, tableOf(nb201, a), {}, model::DeriveRule::Darts);
        bool same = true;
        int e = 0;
        for (const auto &node : g.normal)
            for (const auto &op : node)
                same = same && nb201.opIndex(op.op) == nbRule[t][e++].item<std::int64_t>();
        if (!same) {
            ++mismatchNb201;
            if (firstMismatch.empty())
                firstMismatch = "NAS-Bench-201 table " + std::to_string(t);
        }
    }
    cmp.record(0, "α tables (sum, checks the hash)", "darts", std::abs(dartsSum - golden.real("darts_alpha_sum")),
               1e-9);
    cmp.record(0, "α tables (sum, checks the hash)", "nb201", std::abs(nbSum - golden.real("nb201_alpha_sum")), 1e-9);
    cmp.record(0, "DARTS rule: tables that differ", "darts", mismatchDarts, 0);
    cmp.record(0, "GDAS rule: tables that differ", "gdas", mismatchGdas, 0);
    cmp.record(0, "NAS-Bench-201: tables that differ", "nb201", mismatchNb201, 0);
}

} // namespace

class TestParity : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        torch::manual_seed(0);
        if (!test::onCuda())
            torch::set_num_threads(1); // the runner's single thread: fewer reordered sums
        // The golden numbers are float32: on a GPU, compare float32 arithmetic, not TF32 (on by
        // default for cuDNN's convolutions, its 10-bit mantissa moved the logits by 1e-3 to 1e-2
        // on an H200; docs/ENGINE.md).
        at::globalContext().setAllowTF32CuDNN(false);
        at::globalContext().setAllowTF32CuBLAS(false);
    }

    void search_data()
    {
        QTest::addColumn<QString>("name");
        for (const char *c : {"gdas_darts", "gdas_frc", "gdas_nb201", "darts_v1"})
            QTest::newRow(c) << QString(c);
    }
    void search()
    {
        QFETCH(QString, name);
        Comparer cmp(name.toStdString(), test::onCuda());
        try {
            runSearchCase(name.toStdString(), cmp);
        } catch (const std::exception &e) {
            QFAIL(qPrintable(QString("case %1: %2").arg(name, e.what())));
        }
        cmp.print();
        QVERIFY2(cmp.firstFailure().empty(), cmp.firstFailure().c_str());
    }

    void evaluation_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("channelsLast");
        for (const char *c : {"eval_cifar", "eval_imagenet", "eval_nb201"})
            QTest::newRow(c) << QString(c) << false;
        // Not eval_imagenet: LibTorch 1.13 itself corrupts the heap running a channels-last
        // NetworkImageNet at C <= 8 (its stem has C/2 channels); the official Python code on the
        // same torch does too. C = 16 and 48 run fine (docs/ENGINE.md).
        for (const char *c : {"eval_cifar", "eval_nb201"})
            QTest::newRow(qPrintable(QString(c) + " NHWC")) << QString(c) << true;
    }
    void evaluation()
    {
        QFETCH(QString, name);
        QFETCH(bool, channelsLast);
        Comparer cmp(name.toStdString() + (channelsLast ? " NHWC" : ""), test::onCuda());
        try {
            runEvalCase(name.toStdString(), channelsLast, cmp);
        } catch (const std::exception &e) {
            QFAIL(qPrintable(QString("case %1: %2").arg(name, e.what())));
        }
        cmp.print();
        QVERIFY2(cmp.firstFailure().empty(), cmp.firstFailure().c_str());
    }

    void genotypeDerivation()
    {
        Comparer cmp("genotypes", false);
        int darts = 0, gdas = 0, nb201 = 0;
        std::string first;
        runGenotypes(cmp, darts, gdas, nb201, first);
        cmp.print();
        const auto message = cmp.firstFailure() + (first.empty() ? "" : "; first: " + first);
        QVERIFY2(cmp.firstFailure().empty(), message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestParity)
#include "tst_parity.moc"
