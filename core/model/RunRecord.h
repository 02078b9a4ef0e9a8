#pragma once

#include "AlphaTable.h"
#include "Genotype.h"

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace gdas::model {

// A run directory that cannot be read; what() names the file (and line) and the problem.
class RunRecordError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// One line of metrics.jsonl. `type` is "step" or "epoch"; `values` holds every numeric field
// (w_loss, w_top1, a_loss, lr, tau, time, train_loss, test_top1, ...).
struct MetricRow {
    std::string type;
    int epoch = -1;
    std::int64_t step = -1; // step within the epoch; -1 for epoch rows
    std::int64_t globalStep = -1;
    std::map<std::string, double> values;
    double value(const std::string &key, double fallback = 0.0) const;
    bool has(const std::string &key) const { return values.count(key) != 0; }
};

// One line of epochs.jsonl.
struct EpochRecord {
    int epoch = 0;
    double tau = 0.0;
    AlphaTable normal;
    AlphaTable reduce; // empty for NAS-Bench-201
    Genotype genotype;
};

// Everything a run directory holds that a viewer needs; see docs/RUN_DIRECTORY.md.
struct RunRecord {
    std::string directory;
    std::string kind; // "search" or "retrain"
    std::string name;
    std::string space;      // "darts" | "nas-bench-201"
    std::string algorithm;  // "gdas" | "gdas-frc" | "darts" (search); "retrain"
    std::string configJson; // config.json as written
    int plannedEpochs = 0;  // config.json's "epochs"; 0 when it has none
    std::vector<MetricRow> metrics;
    std::vector<EpochRecord> epochs;
    std::optional<Genotype> finalGenotype; // genotype.json when present
    std::string status;                    // last "status" line seen: running, paused, stopped, finished, failed
    std::string statusMessage;             // its "message", when it has one
};

// Reads a run directory; tolerates a trailing half-written line (a live run), rejects anything
// else malformed with RunRecordError.
RunRecord readRunDirectory(const std::string &directory);

// Follows a run directory that another process is writing: each poll() reads only what was
// appended since the last one (by byte offset), returning true when something new arrived.
// A line without its '\n' yet is left for a later poll. Until config.json exists (a run that
// is just starting) poll() returns false; a missing directory, a malformed complete line or a
// file that shrank (the run was restarted in place) throws RunRecordError.
class RunFollower {
public:
    explicit RunFollower(std::string directory);
    bool poll(RunRecord &record); // appends new rows/epochs to record
    const std::string &directory() const { return m_directory; }

private:
    bool readConfig(RunRecord &record);
    bool readFinalGenotype(RunRecord &record);

    std::string m_directory;
    std::uint64_t m_metricsOffset = 0;
    std::uint64_t m_epochsOffset = 0;
    bool m_configRead = false;
    std::uint64_t m_metricsLine = 0; // complete lines consumed, for "metrics.jsonl:17:" errors
    std::uint64_t m_epochsLine = 0;
    std::string m_genotypeStamp; // size and time of the genotype.json last read
};

} // namespace gdas::model
