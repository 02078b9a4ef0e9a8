#pragma once
// Study folders and search run directories written the way `gdas study` / `gdas search
// --benchmark` write them, through the model's own writers (studyPlanToJson, metricRowToJson,
// statusRowToJson, epochRecordToJson, toJson(genotype)), with numbers a test can predict.

#include "model/GenotypeFormats.h"
#include "model/RunRecord.h"
#include "model/Study.h"

#include <QDir>
#include <QFile>
#include <QString>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace study_fixture {

using namespace gdas;

// Three NAS-Bench-201 cells one op apart from the first: a consensus of the three is the first,
// with 2 of 3 seeds on edges 2←1 (avg_pool_3x3) and 3←2 (skip_connect), 3 of 3 elsewhere.
inline const char *kCell1 =
    "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";
inline const char *kCell2 =
    "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";
inline const char *kCell3 =
    "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|";

inline constexpr double kBestTest = 94.37;

inline void writeFile(const QString &path, const std::string &text, QIODevice::OpenMode mode = QIODevice::Truncate)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | mode) || f.write(text.data(), static_cast<qint64>(text.size())) < 0)
        throw std::runtime_error("cannot write " + path.toStdString());
}

// The values of seed number `k` (0-based position in the study) at epoch `e`:
//   a_top1 = 10(e+1) + 2k, a_loss = 2 - 0.1e + 0.01k, w_top1 = 20 + 10e + k, w_loss = 1.5 - 0.1e,
//   benchmark test = 60 + 5e + k (cifar10, no validation split), except that the cell of epoch 1
//   (0-based) of seed k = 1 is not in the benchmark.
inline model::MetricRow epochRow(int k, int e)
{
    model::MetricRow row;
    row.type = model::metric::kEpoch;
    row.epoch = e;
    row.values = {{model::metric::kATop1, 10.0 * (e + 1) + 2.0 * k},
                  {model::metric::kALoss, 2.0 - 0.1 * e + 0.01 * k},
                  {model::metric::kWTop1, 20.0 + 10.0 * e + k},
                  {model::metric::kWLoss, 1.5 - 0.1 * e},
                  {model::metric::kTime, 5.0 * (e + 1)}};
    return row;
}

inline model::EpochRecord epochRecord(int k, int e, const model::Genotype &cell, bool benchmark)
{
    const model::SearchSpace &space = model::SearchSpace::of(cell.space);
    model::EpochRecord r;
    r.epoch = e;
    r.tau = 10.0 - e;
    r.normal =
        model::AlphaTable(space, std::vector<float>(static_cast<std::size_t>(space.edgeCount() * space.opCount()),
                                                    1.0f / static_cast<float>(space.opCount())));
    if (space.hasReductionCell)
        r.reduce = r.normal;
    r.genotype = cell;
    if (benchmark) {
        model::BenchmarkScore b;
        b.dataset = "cifar10";
        b.bestTest = kBestTest;
        if (!(k == 1 && e == 1)) {
            b.index = 100 * k + e;
            b.test = 60.0 + 5.0 * e + k;
        }
        r.benchmark = b;
    }
    return r;
}

// A search run directory of `epochs` epochs (of `planned`), finished (with genotype.json) or
// still running.
inline void writeSearchRun(const QString &dir, int k, const model::Genotype &cell, int epochs, int planned,
                           bool finished, bool benchmark)
{
    if (!QDir().mkpath(dir))
        throw std::runtime_error("cannot create " + dir.toStdString());
    const std::string space = cell.space == model::SpaceKind::Darts ? "darts" : "nas-bench-201";
    writeFile(QDir(dir).filePath("config.json"), "{\"kind\":\"search\",\"name\":\"seed-run-" + std::to_string(k) +
                                                     "\",\"space\":\"" + space +
                                                     "\",\"algorithm\":\"gdas\",\"epochs\":" + std::to_string(planned) +
                                                     ",\"seed\":" + std::to_string(k + 1) + "}\n");
    std::string metrics = model::statusRowToJson(model::RunStatus::Running) + "\n";
    std::string epochLines;
    for (int e = 0; e < epochs; ++e) {
        metrics += model::metricRowToJson(epochRow(k, e)) + "\n";
        epochLines += model::epochRecordToJson(epochRecord(k, e, cell, benchmark)) + "\n";
    }
    if (finished)
        metrics += model::statusRowToJson(model::RunStatus::Finished) + "\n";
    writeFile(QDir(dir).filePath("metrics.jsonl"), metrics);
    writeFile(QDir(dir).filePath("epochs.jsonl"), epochLines);
    if (finished)
        writeFile(QDir(dir).filePath("genotype.json"), model::toJson(cell));
}

// study.json for `seeds` with the given space.
inline void writePlan(const QString &dir, const std::vector<std::uint64_t> &seeds, const std::string &space, int epochs)
{
    if (!QDir().mkpath(dir))
        throw std::runtime_error("cannot create " + dir.toStdString());
    model::StudyPlan plan;
    plan.name = "three-seeds";
    plan.seeds = seeds;
    plan.searchJson = "{\"space\":\"" + space + "\",\"epochs\":" + std::to_string(epochs) + "}";
    writeFile(QDir(dir).filePath(QString::fromLatin1(model::kStudyFile)), model::studyPlanToJson(plan));
}

inline QString seedDir(const QString &study, std::uint64_t seed)
{
    return QDir(study).filePath(QString::fromStdString(model::seedDirectoryName(seed)));
}

// Seeds 1, 2, 3 of NAS-Bench-201, three epochs each, all finished with kCell1..3.
inline void writeThreeSeedStudy(const QString &dir, bool benchmark = true)
{
    writePlan(dir, {1, 2, 3}, "nas-bench-201", 3);
    const char *cells[] = {kCell1, kCell2, kCell3};
    for (int k = 0; k < 3; ++k)
        writeSearchRun(seedDir(dir, static_cast<std::uint64_t>(k + 1)), k, model::parseGenotype(cells[k]), 3, 3, true,
                       benchmark);
}

} // namespace study_fixture
