#pragma once

#include "model/Genotype.h"
#include "model/RunRecord.h"

#include <memory>
#include <optional>
#include <string>

namespace gdas::benchmark {
class BenchmarkDatabase;
}

namespace gdas::engine {

// Looks each epoch's NAS-Bench-201 cell up in a benchmark database (`gdas benchmark import`),
// as the official GDAS script for NAS-Bench-201 asks its API at every epoch.
class BenchmarkJudge {
public:
    // Opens the database; throws InputError naming the file when it cannot be read or holds no
    // numbers for `dataset`.
    BenchmarkJudge(const std::string &databaseFile, const std::string &dataset);
    ~BenchmarkJudge();
    BenchmarkJudge(const BenchmarkJudge &) = delete;
    BenchmarkJudge &operator=(const BenchmarkJudge &) = delete;

    // The 200-epoch accuracies of `genotype` (index -1 and no accuracies when the database does
    // not hold it). cifar10's validation accuracy is that of cifar10-valid, as the
    // NAS-Bench-201 paper's tables give it.
    model::BenchmarkScore score(const model::Genotype &genotype) const;
    const std::string &dataset() const { return m_dataset; }
    std::optional<double> bestTest() const { return m_bestTest; }

private:
    std::unique_ptr<benchmark::BenchmarkDatabase> m_db;
    std::string m_dataset;
    std::optional<double> m_bestTest;
};

} // namespace gdas::engine
