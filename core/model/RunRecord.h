#pragma once

#include "AlphaTable.h"
#include "Genotype.h"
#include "SearchHealth.h"

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gdas::model {

// A run directory that cannot be read; what() names the file (and line) and the problem.
class RunRecordError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The metric schema: the names of metrics.jsonl's rows and values (docs/RUN_DIRECTORY.md). The
// engine's run-directory writer, the reader below and the workbench's live rows all name their
// values with these, so a row reported live and the same row read back from disk are equal.
namespace metric {
// Row types (MetricRow::type, and the status row's).
inline constexpr char kStep[] = "step";
inline constexpr char kEpoch[] = "epoch";
inline constexpr char kStatus[] = "status";
// Values of both kinds of run.
inline constexpr char kLr[] = "lr";
inline constexpr char kTime[] = "time";                    // seconds of the run so far (pauses left out)
inline constexpr char kSeconds[] = "seconds";              // epoch rows: seconds of that epoch
inline constexpr char kImagesPerSecond[] = "images_per_s"; // step rows
// Search: the weights step (train half) and the arch step (valid half); the temperature.
inline constexpr char kWLoss[] = "w_loss";
inline constexpr char kWTop1[] = "w_top1";
inline constexpr char kWTop5[] = "w_top5";
inline constexpr char kALoss[] = "a_loss";
inline constexpr char kATop1[] = "a_top1";
inline constexpr char kATop5[] = "a_top5";
inline constexpr char kTau[] = "tau";
// Retraining: the training batches and the test set; the drop-path probability.
inline constexpr char kTrainLoss[] = "train_loss";
inline constexpr char kTrainTop1[] = "train_top1";
inline constexpr char kTrainTop5[] = "train_top5";
inline constexpr char kTestLoss[] = "test_loss";
inline constexpr char kTestTop1[] = "test_top1";
inline constexpr char kTestTop5[] = "test_top5";
inline constexpr char kDropPath[] = "drop_path";
// The benchmark's accuracies of a search's final cell (epochs.jsonl's "benchmark"), as a
// study summarises them.
inline constexpr char kBenchValid[] = "bench_valid";
inline constexpr char kBenchTest[] = "bench_test";
} // namespace metric

// What a run directory holds: config.json's "kind".
enum class RunKind { Search, Retrain };

std::string_view toString(RunKind kind); // "search" | "retrain"
// The kind named by config.json's word; throws std::invalid_argument for any other word.
RunKind runKindByName(std::string_view name);

// What a run was doing when it wrote a status row: the row's "status".
enum class RunStatus { Running, Paused, Stopped, Finished, Failed };

std::string_view toString(RunStatus status); // "running" | "paused" | "stopped" | "finished" | "failed"
// The status named by a status row's word; throws std::invalid_argument for any other word.
RunStatus runStatusByName(std::string_view name);

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
    bool operator==(const MetricRow &o) const
    {
        return type == o.type && epoch == o.epoch && step == o.step && globalStep == o.globalStep && values == o.values;
    }
    bool operator!=(const MetricRow &o) const { return !(*this == o); }
};

// A step or epoch row as one metrics.jsonl line (no newline): "type", "epoch", "step" and
// "global_step" (step rows; global_step only when known) and every value; a value that is not
// finite is written as null. Bytes that are not UTF-8 (none in a row the engine writes) become
// U+FFFD.
std::string metricRowToJson(const MetricRow &row);
// A status row (its word from toString(RunStatus)), with its message if any.
std::string statusRowToJson(RunStatus status, const std::string &message = {});

// What NAS-Bench-201 knows of an epoch's derived cell (a search run with --benchmark): the
// accuracies after the benchmark's 200-epoch schedule on one of its data sets, in percent.
struct BenchmarkScore {
    std::string dataset;            // "cifar10", "cifar100", "ImageNet16-120" (benchmark names)
    int index = -1;                 // the cell's index in the benchmark; -1: not in the database
    std::optional<double> valid;    // validation accuracy (cifar10: that of cifar10-valid)
    std::optional<double> test;     // test accuracy
    std::optional<double> bestTest; // the best test accuracy of any cell on that data set
    bool operator==(const BenchmarkScore &o) const
    {
        return dataset == o.dataset && index == o.index && valid == o.valid && test == o.test && bestTest == o.bestTest;
    }
    bool operator!=(const BenchmarkScore &o) const { return !(*this == o); }
};

// One line of epochs.jsonl.
struct EpochRecord {
    int epoch = 0;
    double tau = 0.0;
    AlphaTable normal;
    AlphaTable reduce; // empty for NAS-Bench-201
    Genotype genotype;
    // The search's health at this epoch (model/SearchHealth.h); absent in runs written before
    // it was recorded. reduceHealth only where the space has a reduction cell.
    std::optional<CellHealth> normalHealth;
    std::optional<CellHealth> reduceHealth;
    std::optional<BenchmarkScore> benchmark; // runs with --benchmark only
};

// An epoch record as one epochs.jsonl line (no newline): epoch, tau, normal, reduce (only when
// not empty), the genotype in the genotype JSON format, health and benchmark when known.
std::string epochRecordToJson(const EpochRecord &record);

// Everything a run directory holds that a viewer needs; see docs/RUN_DIRECTORY.md.
struct RunRecord {
    std::string directory;
    // config.json's "kind"; none when it names no kind (or one this version does not know).
    std::optional<RunKind> kind;
    std::string name;
    std::string space;      // "darts" | "nas-bench-201"
    std::string algorithm;  // "gdas" | "gdas-frc" | "darts" (search); "retrain"
    std::string configJson; // config.json as written
    int plannedEpochs = 0;  // config.json's "epochs"; 0 when it has none
    // config.json's "collapse_skip_limit" (model::CollapseRule; 0: no warning); the default
    // for runs written before it was recorded.
    int collapseSkipLimit = CollapseRule{}.skipLimit;
    std::vector<MetricRow> metrics;
    std::vector<EpochRecord> epochs;
    std::optional<Genotype> finalGenotype; // genotype.json when present
    // The last status row seen; none before the first one.
    std::optional<RunStatus> status;
    std::string statusMessage; // its "message", when it has one
    // The last status row's word when this version does not know it (a newer writer's): kept
    // as written, to be shown; `status` is then none.
    std::string unknownStatus;
};

// The last status row's word as written ("running", ..., or an unknown one); empty before the
// first status row.
std::string statusWord(const RunRecord &record);

// A whole file of a run directory or study folder; RunRecordError naming it when it cannot be read.
std::string readRunFile(const std::string &path);

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
