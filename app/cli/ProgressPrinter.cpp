#include "ProgressPrinter.h"

#include "model/GenotypeFormats.h"

#include <unistd.h>

#include <cmath>
#include <iostream>

namespace gdas::app {

std::string genotypeText(const model::Genotype &g)
{
    return g.space == model::SpaceKind::NasBench201 ? model::toNb201String(g) : model::toDartsLiteral(g);
}

std::string formatDuration(double seconds)
{
    if (!std::isfinite(seconds) || seconds < 0)
        return "?";
    const long s = std::lround(seconds);
    char buf[32];
    if (s >= 3600)
        std::snprintf(buf, sizeof buf, "%ldh%02ldm", s / 3600, (s % 3600) / 60);
    else if (s >= 60)
        std::snprintf(buf, sizeof buf, "%ldm%02lds", s / 60, s % 60);
    else
        std::snprintf(buf, sizeof buf, "%lds", s);
    return buf;
}

SearchProgressPrinter::SearchProgressPrinter(bool quiet) : m_quiet(quiet), m_tty(::isatty(STDOUT_FILENO) != 0) {}

void SearchProgressPrinter::onStarted(const engine::RunStarted &s)
{
    std::cout << "run directory " << s.runDir << "\n"
              << "device " << s.device << ", " << s.weightParameters << " weight parameters, " << s.archParameters
              << " architecture parameters, " << s.stepsPerEpoch << " steps per epoch"
              << (s.startEpoch > 0 ? ", resuming at epoch " + std::to_string(s.startEpoch) : std::string()) << "\n";
    if (!s.data.empty())
        std::cout << s.data << "\n";
    std::cout.flush();
}

void SearchProgressPrinter::onStep(const engine::StepMetrics &m)
{
    if (m_quiet)
        return;
    char line[256];
    std::snprintf(line, sizeof line,
                  "epoch %d/%d step %lld/%lld | w loss %.3f top-1 %5.1f%% | a loss %.3f top-1 %5.1f%% | tau %.2f | "
                  "%.0f img/s | ETA %s",
                  m.epoch + 1, m.epochs, static_cast<long long>(m.step + 1), static_cast<long long>(m.stepsPerEpoch),
                  m.wLoss, m.wTop1, m.aLoss, m.aTop1, m.tau, m.imagesPerSecond, formatDuration(m.etaSeconds).c_str());
    if (m_tty) {
        std::cout << "\r\033[K" << line << std::flush;
        m_lineOpen = true;
    } else {
        std::cout << line << "\n" << std::flush;
    }
}

void SearchProgressPrinter::onEpoch(const engine::EpochReport &r)
{
    if (m_lineOpen) {
        std::cout << "\n";
        m_lineOpen = false;
    }
    char line[200];
    std::snprintf(line, sizeof line, "epoch %d/%d done in %s: weights top-1 %.1f%%, arch top-1 %.1f%%, tau %.2f",
                  r.epoch + 1, r.epochs, formatDuration(r.seconds).c_str(), r.wTop1, r.aTop1, r.tau);
    std::cout << line << "\n  genotype " << genotypeText(r.genotype) << "\n" << std::flush;
}

void SearchProgressPrinter::onFinished(const engine::RunOutcome &o)
{
    if (m_lineOpen)
        std::cout << "\n";
    switch (o.end) {
    case engine::RunEnd::Finished:
        std::cout << "finished after " << o.epochsDone << " epochs\n";
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

} // namespace gdas::app
