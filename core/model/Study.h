#pragma once

#include "Consensus.h"
#include "RunRecord.h"
#include "TextTable.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gdas::model {

// A study: the same search run for several seeds, each into its own run directory inside the
// study folder (docs/RUN_DIRECTORY.md, "Studies"):
//   study.json       {"kind": "study", "name", "seeds": [..], "search": <the search's config.json>}
//   seed-<n>/        a search run directory per seed
//   summary.json     written by `gdas study` after each seed (the consensus and final metrics)
inline constexpr char kStudyFile[] = "study.json";
inline constexpr char kStudySummaryFile[] = "summary.json";
std::string seedDirectoryName(std::uint64_t seed); // "seed-<n>"

struct StudyPlan {
    std::string name;
    std::vector<std::uint64_t> seeds;
    std::string searchJson; // the search's settings (a config.json object) without seed and out
};

// study.json's text, and back; `source` names the file in errors (RunRecordError).
std::string studyPlanToJson(const StudyPlan &plan);
StudyPlan studyPlanFromJson(const std::string &text, const std::string &source);

struct StudySeed {
    std::uint64_t seed = 0;
    std::string directory;
    bool started = false;  // its run directory has a config.json
    RunRecord record;      // when started
    bool finished() const; // status "finished" and a genotype.json
};

struct StudyRecord {
    std::string directory;
    StudyPlan plan;
    std::vector<StudySeed> seeds; // in the plan's order
};

// Reads study.json and each seed's run directory (one that is running is read as far as it
// is written). Throws RunRecordError naming the file and the problem.
StudyRecord readStudyDirectory(const std::string &directory);
// True when `directory` holds a study.json.
bool isStudyDirectory(const std::string &directory);

// mean ± sample standard deviation (0 for one value) of one final metric over the seeds.
struct MetricSpread {
    std::string key;
    int count = 0;
    double mean = 0.0;
    double stddev = 0.0;
};

struct StudySummary {
    int planned = 0;
    std::vector<std::uint64_t> finishedSeeds;
    std::vector<Genotype> genotypes;    // the finished seeds' genotype.json, same order
    std::vector<SeedAlphas> alphas;     // their last epoch's α (empty tables where none was written)
    std::optional<Consensus> consensus; // from the finished seeds; none when none finished
    // Per key of the last epoch row of each finished seed (a_top1, a_loss, w_top1, w_loss,
    // time), and the benchmark's accuracies of the final cells where the runs recorded them
    // (bench_valid, bench_test).
    std::vector<MetricSpread> finalMetrics;
};

StudySummary summarizeStudy(const StudyRecord &study);

// summary.json: the finished seeds, each seed's genotype, the consensus (genotype, per-edge
// votes, agreement) and the final metrics.
std::string studySummaryToJson(const StudySummary &summary);

// The per-edge table: one row per edge of the space used by any seed, a column per seed with
// the op it chose there ("·" for none), and the consensus column ("op (k/n)", with ", tie" where
// no op has a majority and the seeds' mean α decided).
TextTable consensusTable(const StudySummary &summary, bool reduction);
// The final metrics as "mean ± std" rows.
TextTable metricsTable(const StudySummary &summary);

} // namespace gdas::model
