#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gdas::benchmark {

// The four NAS-Bench-201 data sets, in the order the benchmark lists them.
const std::vector<std::string> &benchmarkDatasets();

// One architecture on one data set, as the official API reports it with is_random=False:
// each number is the mean over the seeds the benchmark trained (docs/BENCHMARK.md).
// Accuracies in percent after the last epoch of the 12-epoch and of the 200-epoch schedule;
// absent where the benchmark has no such number (cifar10 has no validation split).
struct DatasetResults {
    std::string dataset;
    std::optional<double> validAccuracy12;
    std::optional<double> testAccuracy12;
    std::optional<double> validAccuracy200;
    std::optional<double> testAccuracy200;
    std::optional<double> paramsMb; // parameters in millions ("MB" in the benchmark)
    std::optional<double> flopsM;   // FLOPs in millions
    std::vector<int> seeds12;
    std::vector<int> seeds200;
};

struct ArchitectureResults {
    int index = -1;   // the architecture's index in the benchmark (0..15624)
    std::string arch; // NAS-Bench-201 string: |op~0|+|op~0|op~1|+|op~0|op~1|op~2|
    std::vector<DatasetResults> datasets;

    const DatasetResults *dataset(std::string_view name) const;
};

// The best architecture of one data set: the highest test accuracy after `epochs` epochs
// (ties: the lowest index).
struct BestArchitecture {
    std::string dataset;
    int epochs = 200;
    int index = -1;
    std::string arch;
    double testAccuracy = 0.0;
    std::optional<double> validAccuracy;
};

} // namespace gdas::benchmark
