#include "engine/search/BenchmarkJudge.h"

#include "benchmark/BenchmarkDatabase.h"
#include "benchmark/BenchmarkError.h"
#include "engine/EngineError.h"

namespace gdas::engine {

BenchmarkJudge::BenchmarkJudge(const std::string &databaseFile, const std::string &dataset) : m_dataset(dataset)
{
    try {
        m_db = std::make_unique<benchmark::BenchmarkDatabase>(databaseFile);
        for (const benchmark::BestArchitecture &best : m_db->best(200))
            if (best.dataset == dataset)
                m_bestTest = best.testAccuracy;
    } catch (const benchmark::BenchmarkError &e) {
        throw InputError(e.what());
    }
    if (!m_bestTest)
        throw InputError(databaseFile + ": the benchmark holds no 200-epoch test accuracies on " + dataset);
}

BenchmarkJudge::~BenchmarkJudge() = default;

model::BenchmarkScore BenchmarkJudge::score(const model::Genotype &genotype) const
{
    model::BenchmarkScore s;
    s.dataset = m_dataset;
    s.bestTest = m_bestTest;
    std::optional<benchmark::ArchitectureResults> found;
    try {
        found = m_db->find(genotype);
    } catch (const benchmark::BenchmarkError &e) {
        throw InputError(e.what());
    }
    if (!found)
        return s;
    s.index = found->index;
    if (const benchmark::DatasetResults *d = found->dataset(m_dataset)) {
        s.test = d->testAccuracy200;
        s.valid = d->validAccuracy200;
    }
    if (m_dataset == "cifar10" && !s.valid)
        if (const benchmark::DatasetResults *v = found->dataset("cifar10-valid"))
            s.valid = v->validAccuracy200;
    return s;
}

} // namespace gdas::engine
