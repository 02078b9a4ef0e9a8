#include "StudyCsv.h"

#include "GenotypeFiles.h"
#include "MetricsCsv.h"

#include <cmath>
#include <map>
#include <optional>
#include <set>

namespace gdas::app {

namespace {

struct EpochRow {
    const model::MetricRow *metrics = nullptr;
    const model::EpochRecord *epoch = nullptr;
};

QString number(double value) { return std::isfinite(value) ? QString::number(value, 'g', 10) : QString(); }

} // namespace

QString studyCsv(const model::StudyRecord &study)
{
    std::set<std::string> keys;
    bool benchmark = false;
    for (const model::StudySeed &seed : study.seeds) {
        for (const model::MetricRow &row : seed.record.metrics)
            if (row.type == model::metric::kEpoch)
                for (const auto &entry : row.values)
                    keys.insert(entry.first);
        for (const model::EpochRecord &e : seed.record.epochs)
            benchmark = benchmark || e.benchmark.has_value();
    }

    QString text = QStringLiteral("seed,epoch");
    for (const std::string &key : keys)
        text += QLatin1Char(',') + csvField(QString::fromStdString(key));
    if (benchmark)
        text += QStringLiteral(",%1,%2").arg(QLatin1String(model::metric::kBenchValid),
                                             QLatin1String(model::metric::kBenchTest));
    text += QStringLiteral(",genotype\n");

    for (const model::StudySeed &seed : study.seeds) {
        std::map<int, EpochRow> rows;
        for (const model::MetricRow &row : seed.record.metrics)
            if (row.type == model::metric::kEpoch)
                rows[row.epoch].metrics = &row;
        for (const model::EpochRecord &e : seed.record.epochs)
            rows[e.epoch].epoch = &e;
        for (const auto &[epoch, row] : rows) {
            text += QString::number(seed.seed) + QLatin1Char(',') + QString::number(epoch);
            for (const std::string &key : keys) {
                text += QLatin1Char(',');
                if (row.metrics && row.metrics->has(key))
                    text += number(row.metrics->value(key));
            }
            if (benchmark) {
                std::optional<double> valid, test;
                if (row.epoch && row.epoch->benchmark && row.epoch->benchmark->index >= 0) {
                    valid = row.epoch->benchmark->valid;
                    test = row.epoch->benchmark->test;
                }
                text += QLatin1Char(',') + (valid ? number(*valid) : QString());
                text += QLatin1Char(',') + (test ? number(*test) : QString());
            }
            text += QLatin1Char(',');
            if (row.epoch && !row.epoch->genotype.normal.empty()) {
                try {
                    text += csvField(
                        QString::fromStdString(model::format(row.epoch->genotype, nativeFormat(row.epoch->genotype))));
                } catch (const std::exception &) {
                    // A cell no format can write stays empty; the numbers are the point.
                }
            }
            text += QLatin1Char('\n');
        }
    }
    return text;
}

} // namespace gdas::app
