#pragma once

#include "model/AlphaTable.h"
#include "model/Genotype.h"
#include "model/RunRecord.h"
#include "model/SearchSpace.h"

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

// Values shaped like a real run's, built in the tests so that no test depends on a run directory.
namespace gdas::widgets::testdata {

// Softmaxed α in which the genotype's own (op, input) pairs lead their edges by `lead` logits.
inline model::AlphaTable alphasFavouring(const model::Genotype &genotype, bool reduction, double lead = 2.5,
                                         unsigned seed = 7)
{
    const model::SearchSpace &space = model::SearchSpace::of(genotype.space);
    const model::CellGenotype &cell = reduction ? genotype.reduce : genotype.normal;
    std::mt19937 rng(seed);
    std::normal_distribution<double> noise(0.0, 0.3);
    const int firstNode = space.inputNodes;
    std::vector<float> probs;
    for (const model::CellEdge &edge : space.edges) {
        std::vector<double> logits(space.ops.size());
        for (double &l : logits)
            l = noise(rng);
        const std::size_t node = static_cast<std::size_t>(edge.to - firstNode);
        if (node < cell.size())
            for (const model::GenotypeOp &op : cell[node])
                if (op.input == edge.from && space.opIndex(op.op) >= 0)
                    logits[static_cast<std::size_t>(space.opIndex(op.op))] += lead;
        double sum = 0;
        for (double l : logits)
            sum += std::exp(l);
        for (double l : logits)
            probs.push_back(static_cast<float>(std::exp(l) / sum));
    }
    return model::AlphaTable(space, probs);
}

// A search's metrics: `epochs` × `stepsPerEpoch` step rows (every key of a search) and one
// epoch row per epoch, with falling losses and rising accuracies.
inline std::vector<model::MetricRow> searchRows(int epochs, int stepsPerEpoch, int firstEpoch = 0)
{
    std::vector<model::MetricRow> rows;
    for (int e = firstEpoch; e < firstEpoch + epochs; ++e) {
        for (int s = 0; s < stepsPerEpoch; ++s) {
            const std::int64_t g = static_cast<std::int64_t>(e) * stepsPerEpoch + s;
            const double progress = static_cast<double>(g) / (stepsPerEpoch * 50.0);
            model::MetricRow row;
            row.type = "step";
            row.epoch = e;
            row.step = s;
            row.globalStep = g;
            row.values = {{"w_loss", 2.3 * std::exp(-2.0 * progress) + 0.2 + 0.05 * std::sin(g * 0.37)},
                          {"a_loss", 2.3 * std::exp(-1.6 * progress) + 0.35 + 0.06 * std::cos(g * 0.29)},
                          {"w_top1", 90.0 - 80.0 * std::exp(-2.5 * progress)},
                          {"a_top1", 85.0 - 75.0 * std::exp(-2.0 * progress)},
                          {"tau", 10.0 - 9.9 * std::min(1.0, e / 49.0)},
                          {"lr", 0.001 + 0.012 * (1.0 + std::cos(M_PI * std::min(1.0, e / 49.0)))},
                          {"time", 0.5}};
            rows.push_back(row);
        }
        model::MetricRow epochRow;
        epochRow.type = "epoch";
        epochRow.epoch = e;
        epochRow.values = {{"seconds", 12.5}};
        rows.push_back(epochRow);
    }
    return rows;
}

} // namespace gdas::widgets::testdata
