#pragma once

#include "engine/WholeFiles.h"
#include "model/RunRecord.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>

namespace gdas::engine {

// Writes the run directory (docs/RUN_DIRECTORY.md): whole files (config.json, genotype.json)
// are written to a temporary file and renamed; line files (metrics.jsonl, epochs.jsonl) get one
// JSON object per line, flushed per record so a reader can follow the run.
// Every failure throws RuntimeFailure naming the file and the OS error.
class RunWriter {
public:
    // Creates the directory if needed; line files are appended to (see truncateAfter for resume).
    explicit RunWriter(std::string directory);
    ~RunWriter();
    RunWriter(const RunWriter &) = delete;
    RunWriter &operator=(const RunWriter &) = delete;

    const std::string &directory() const { return m_dir; }
    std::string path(const std::string &file) const;

    void writeConfig(const nlohmann::json &config);
    void writeGenotype(const std::string &json); // genotype.json
    // metrics.jsonl and epochs.jsonl rows in the metric schema (model::metricRowToJson, ...).
    void appendRow(const model::MetricRow &row);
    void appendEpochRecord(const model::EpochRecord &record);
    void appendStatus(model::RunStatus status, const std::string &message = {});
    // Any JSON object as a line (tests write rows of their own making).
    void appendMetric(const nlohmann::json &row);
    void appendEpoch(const nlohmann::json &row);
    // A resume that scales the learning rates by `factor` (`total`: the product of all such
    // factors) from (epoch, step) on: config.json's "lr_scale" becomes `total` and its
    // "lr_scale_changes" gains {"epoch","step","factor"}; a "running" status row says so.
    // Returns that row's message.
    std::string recordLearningRateScale(double factor, double total, int epoch, long long step);

    // Before a resume: drops every record written after the checkpoint's position (metric rows
    // past (epochsDone, stepInEpoch), epoch rows >= epochsDone) and a torn last line, so the
    // continued run leaves no duplicated or half lines.
    void truncateAfter(int epochsDone, long long stepInEpoch);

private:
    void appendLine(std::FILE *&file, const std::string &name, const std::string &line);
    std::string m_dir;
    std::FILE *m_metrics = nullptr;
    std::FILE *m_epochs = nullptr;
};

// Before a new run (not a resume): throws InputError when `directory` exists and is not empty
// (a finished run, a run to resume, or a user's own files), naming it, what it holds and the ways
// on: `--resume`, another `--out`, or `--move-aside` (of `gdas search` or `gdas retrain`, by `kind`).
void refuseOccupiedRunFolder(const std::string &directory, model::RunKind kind);

} // namespace gdas::engine
