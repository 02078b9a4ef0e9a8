#include "RetrainProgressPrinter.h"

#include "ProgressPrinter.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>

namespace gdas::app {

RetrainProgressPrinter::RetrainProgressPrinter(bool quiet) : m_quiet(quiet), m_tty(::isatty(STDOUT_FILENO) != 0) {}

void RetrainProgressPrinter::closeLine()
{
    if (m_lineOpen) {
        std::cout << "\n";
        m_lineOpen = false;
    }
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
    if (!s.data.empty())
        std::cout << s.data << "\n";
    std::cout.flush();
}

void RetrainProgressPrinter::onStep(const engine::RetrainStep &m)
{
    if (m_quiet)
        return;
    char line[256];
    std::snprintf(line, sizeof line,
                  "epoch %d/%d step %lld/%lld | loss %.3f top-1 %5.1f%% | lr %.4f drop-path %.3f | %.0f img/s | ETA %s",
                  m.epoch + 1, m.epochs, static_cast<long long>(m.step + 1), static_cast<long long>(m.stepsPerEpoch),
                  m.loss, m.top1, m.lr, m.dropPath, m.imagesPerSecond, formatDuration(m.etaSeconds).c_str());
    if (m_tty) {
        std::cout << "\r\033[K" << line << std::flush;
        m_lineOpen = true;
    } else {
        std::cout << line << "\n" << std::flush;
    }
}

void RetrainProgressPrinter::onEpoch(const engine::RetrainEpoch &r)
{
    closeLine();
    char line[256];
    std::snprintf(line, sizeof line,
                  "epoch %d/%d done in %s: train loss %.3f top-1 %.2f%% | test loss %.3f top-1 %.2f%% top-5 %.2f%% | "
                  "best %.2f%% (epoch %d)",
                  r.epoch + 1, r.epochs, formatDuration(r.seconds).c_str(), r.trainLoss, r.trainTop1, r.testLoss,
                  r.testTop1, r.testTop5, r.bestTestTop1, r.bestEpoch + 1);
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
