#pragma once

#include "benchmark/Results.h"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace gdas::model {
struct Genotype;
}

namespace gdas::benchmark {

// ---- The importer ---------------------------------------------------------------------------

struct ImportOptions {
    bool overwrite = false; // replace an existing database file
    // Called after each architecture file: (architectures read, architectures listed).
    std::function<void(std::size_t, std::size_t)> progress;
};

struct ImportSummary {
    std::size_t listed = 0;        // entries of meta_archs
    std::size_t architectures = 0; // architecture files read into the database
    std::size_t missing = 0;       // listed architectures without a file (not evaluated)
    double seconds = 0.0;
};

// Reads a NATS-Bench topology "simple" folder (NATS-tss-v1_0-3ffb9-simple, or the folder that
// tools/benchmark/pth_to_pickle.py writes from a NAS-Bench-201 .pth) into a new SQLite file
// with the schema of docs/BENCHMARK.md. Refuses an existing `databaseFile` unless
// options.overwrite; writes a temporary file next to it and renames it into place only when
// every file was read, so a failed import leaves whatever was there. Throws BenchmarkError
// naming the bad file and the problem.
ImportSummary importNatsTopology(const std::string &sourceFolder, const std::string &databaseFile,
                                 const ImportOptions &options = {});

// ---- The lookup -----------------------------------------------------------------------------

// A database written by importNatsTopology, opened read-only. Not shared between threads.
class BenchmarkDatabase {
public:
    // Throws BenchmarkError when `path` is missing, not SQLite, or not this schema.
    explicit BenchmarkDatabase(const std::string &path);
    ~BenchmarkDatabase();
    BenchmarkDatabase(const BenchmarkDatabase &) = delete;
    BenchmarkDatabase &operator=(const BenchmarkDatabase &) = delete;

    const std::string &path() const { return m_path; }
    std::size_t architectureCount() const;
    // A value of the meta table ("source", "imported_at", ...); empty when absent.
    std::string meta(const std::string &key) const;

    // The benchmark's numbers for a NAS-Bench-201 cell; nullopt when the database does not hold
    // it. Throws model::GenotypeError for a genotype of another space (or an invalid one).
    std::optional<ArchitectureResults> find(const model::Genotype &genotype) const;
    // The same by the NAS-Bench-201 string, exactly as the benchmark writes it.
    std::optional<ArchitectureResults> find(const std::string &nb201String) const;

    // Per data set (benchmarkDatasets() order, then any other), the architecture with the
    // highest test accuracy after `epochs` (12 or 200) epochs; data sets without such numbers
    // are left out.
    std::vector<BestArchitecture> best(int epochs = 200) const;

private:
    std::string m_path;
    sqlite3 *m_db = nullptr;
};

} // namespace gdas::benchmark
