#include "ProgressPrinter.h"

#include "model/Duration.h"
#include "model/GenotypeFormats.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <iostream>

namespace gdas::app {

ProgressLine::ProgressLine(bool quiet) : m_quiet(quiet), m_tty(::isatty(STDOUT_FILENO) != 0) {}

void ProgressLine::printStep(int epoch, int epochs, std::int64_t step, std::int64_t stepsPerEpoch, const char *figures,
                             double imagesPerSecond, double etaSeconds)
{
    if (m_quiet)
        return;
    char line[256];
    std::snprintf(line, sizeof line, "epoch %d/%d step %lld/%lld | %s | %.0f img/s | ETA %s", epoch + 1, epochs,
                  static_cast<long long>(step + 1), static_cast<long long>(stepsPerEpoch), figures, imagesPerSecond,
                  model::formatDuration(etaSeconds, model::DurationStyle::Units).c_str());
    if (m_tty) {
        std::cout << "\r\033[K" << line << std::flush;
        m_lineOpen = true;
    } else {
        std::cout << line << "\n" << std::flush;
    }
}

void ProgressLine::printDataLine(const std::string &data)
{
    if (!data.empty())
        std::cout << data << "\n";
    std::cout.flush();
}

void ProgressLine::closeLine()
{
    if (m_lineOpen) {
        std::cout << "\n";
        m_lineOpen = false;
    }
}

void SearchProgressPrinter::onStarted(const engine::RunStarted &s)
{
    std::cout << "run directory " << s.runDir << "\n"
              << "device " << s.device << ", " << s.weightParameters << " weight parameters, " << s.archParameters
              << " architecture parameters, " << s.stepsPerEpoch << " steps per epoch"
              << (s.startEpoch > 0 ? ", resuming at epoch " + std::to_string(s.startEpoch) : std::string()) << "\n";
    printDataLine(s.data);
}

void SearchProgressPrinter::onStep(const engine::StepMetrics &m)
{
    char figures[160];
    std::snprintf(figures, sizeof figures, "w loss %.3f top-1 %5.1f%% | a loss %.3f top-1 %5.1f%% | tau %.2f", m.wLoss,
                  m.wTop1, m.aLoss, m.aTop1, m.tau);
    printStep(m.epoch, m.epochs, m.step, m.stepsPerEpoch, figures, m.imagesPerSecond, m.etaSeconds);
}

void SearchProgressPrinter::onEpoch(const engine::EpochReport &r)
{
    closeLine();
    char line[200];
    std::snprintf(line, sizeof line, "epoch %d/%d done in %s: weights top-1 %.1f%%, arch top-1 %.1f%%, tau %.2f",
                  r.epoch + 1, r.epochs, model::formatDuration(r.seconds, model::DurationStyle::Units).c_str(), r.wTop1,
                  r.aTop1, r.tau);
    std::cout << line << "\n  genotype " << model::toSpaceText(r.genotype) << "\n";
    if (r.benchmark) {
        const model::BenchmarkScore &b = *r.benchmark;
        const auto percent = [](const std::optional<double> &v) {
            char text[32];
            std::snprintf(text, sizeof text, v ? "%.2f%%" : "-", v.value_or(0.0));
            return std::string(text);
        };
        if (b.index < 0)
            std::cout << "  benchmark " << b.dataset << ": this cell is not in the benchmark database\n";
        else
            std::cout << "  benchmark " << b.dataset << " (arch " << b.index << "): valid " << percent(b.valid)
                      << ", test " << percent(b.test) << " (best test " << percent(b.bestTest) << ")\n";
    }
    if (r.normalHealth) {
        const auto cell = [](const char *name, const model::CellHealth &h, int edges) {
            char text[200];
            std::snprintf(
                text, sizeof text, "%s: skip %d/%d, parameter-free %d/%d, entropy %.3f, margin %.3f, changed %s", name,
                h.skipConnections, h.derivedOps, h.parameterFreeOps, h.derivedOps, h.meanEntropy, h.meanMargin,
                h.changedEdges ? (std::to_string(*h.changedEdges) + "/" + std::to_string(edges)).c_str() : "-");
            return std::string(text);
        };
        std::cout << "  health " << cell("normal", *r.normalHealth, r.normal.rows());
        if (r.reduceHealth)
            std::cout << " | " << cell("reduce", *r.reduceHealth, r.reduce.rows());
        std::cout << "\n";
        if (r.collapsed)
            std::cout << "  WARNING: the normal cell holds " << r.normalHealth->skipConnections
                      << " skip connections: the collapse criterion of P-DARTS and DARTS+ (--collapse-skips)\n";
    }
    std::cout << std::flush;
}

void SearchProgressPrinter::onFinished(const engine::RunOutcome &o)
{
    closeLine();
    switch (o.end) {
    case engine::RunEnd::Finished:
        std::cout << "finished after " << o.epochsDone << " epochs";
        if (!o.message.empty())
            std::cout << " (" << o.message << ")";
        std::cout << "\n";
        break;
    case engine::RunEnd::Stopped:
        std::cout << "stopped at epoch " << o.epochsDone + 1
                  << "; continue with: gdas search --resume <run directory>\n";
        break;
    case engine::RunEnd::Failed:
        std::cerr << "gdas: search failed: " << o.message << "\n";
        break;
    }
    std::cout.flush();
}

void RetrainProgressPrinter::onStarted(const engine::RetrainStarted &s)
{
    const auto &n = s.network;
    char sizes[160];
    if (n.spec.auxiliary)
        std::snprintf(sizes, sizeof sizes, "%.3fM parameters (%.3fM with the auxiliary head), %.1fM multiply-adds",
                      n.parameters / 1e6, n.parametersWithAuxiliary / 1e6, n.multiplyAdds / 1e6);
    else
        std::snprintf(sizes, sizeof sizes, "%.3fM parameters, %.1fM multiply-adds", n.parameters / 1e6,
                      n.multiplyAdds / 1e6);
    std::cout << "run directory " << s.runDir << "\n"
              << n.spec.layoutName() << " of " << (n.spec.genotype.name.empty() ? "the genotype" : n.spec.genotype.name)
              << ", C=" << n.spec.channels << ", " << n.cells << " cells: " << sizes << "\n"
              << "device " << s.device << ", " << s.trainImages << " training / " << s.testImages << " test images, "
              << s.stepsPerEpoch << " steps per epoch"
              << (s.startEpoch > 0 || s.startStep > 0 ? ", resuming at epoch " + std::to_string(s.startEpoch + 1) +
                                                            " step " + std::to_string(s.startStep)
                                                      : std::string())
              << "\n";
    printDataLine(s.data);
}

void RetrainProgressPrinter::onStep(const engine::RetrainStep &m)
{
    char figures[160];
    std::snprintf(figures, sizeof figures, "loss %.3f top-1 %5.1f%% | lr %.4f drop-path %.3f", m.loss, m.top1, m.lr,
                  m.dropPath);
    printStep(m.epoch, m.epochs, m.step, m.stepsPerEpoch, figures, m.imagesPerSecond, m.etaSeconds);
}

void RetrainProgressPrinter::onEpoch(const engine::RetrainEpoch &r)
{
    closeLine();
    char line[256];
    std::snprintf(line, sizeof line,
                  "epoch %d/%d done in %s: train loss %.3f top-1 %.2f%% | test loss %.3f top-1 %.2f%% top-5 %.2f%% | "
                  "best %.2f%% (epoch %d)",
                  r.epoch + 1, r.epochs, model::formatDuration(r.seconds, model::DurationStyle::Units).c_str(),
                  r.trainLoss, r.trainTop1, r.testLoss, r.testTop1, r.testTop5, r.bestTestTop1, r.bestEpoch + 1);
    std::cout << line << "\n" << std::flush;
}

void RetrainProgressPrinter::onFinished(const engine::RetrainOutcome &o)
{
    closeLine();
    if (o.end == engine::RunEnd::Failed) {
        std::cerr << "gdas: retrain failed: " << o.message << "\n";
        return;
    }
    if (o.bestEpoch >= 0) {
        char line[160];
        std::snprintf(line, sizeof line, "best test error %.2f%% (epoch %d), final %.2f%%", 100.0 - o.bestTestTop1,
                      o.bestEpoch + 1, 100.0 - o.finalTestTop1);
        std::cout << line << "\n";
    }
    if (o.end == engine::RunEnd::Stopped)
        std::cout << "stopped after " << o.epochsDone
                  << " epochs; continue with: gdas retrain --resume <run directory>\n";
    else
        std::cout << "weights (PyTorch state_dict) in " << o.weightsPath << "\n";
    std::cout.flush();
}

} // namespace gdas::app
