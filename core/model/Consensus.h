#pragma once

#include "AlphaTable.h"
#include "Genotype.h"

#include <string>
#include <utility>
#include <vector>

namespace gdas::model {

// What several searches of one space agree on: per edge of the space, the ops the seeds' cells
// put there and how many seeds did, and the cell that follows the majority.
struct EdgeVotes {
    CellEdge edge;
    // (op, seeds whose cell uses that op on this edge), most votes first; ties in the space's op
    // order. Empty when no seed's cell uses the edge.
    std::vector<std::pair<std::string, int>> ops;
    // The mean over the seeds of each op's final α probability on this edge (the space's op
    // order; empty when the seeds' α were not given): what breaks a tie of votes.
    std::vector<double> meanProbability;
    int votes() const { return ops.empty() ? 0 : ops.front().second; } // of the leading op
    // The leading op shares its votes with another: no majority on this edge.
    bool tied() const { return ops.size() > 1 && ops[0].second == ops[1].second; }
};

struct CellConsensus {
    std::vector<EdgeVotes> edges; // every edge of the space, in its order
    // The majority cell. NAS-Bench-201: each edge's most chosen op. DARTS space: per node the
    // two inputs whose leading op has the most votes (ties: the earlier input), with that op --
    // the DARTS rule of deriving a cell, votes in place of α.
    CellGenotype cell;
    // In the shape of `cell`: the share of seeds (0..1) whose cell holds that (op, input).
    std::vector<std::vector<double>> agreement;
    // Rows = the space's edges, columns = its ops: the share of seeds that chose that op on that
    // edge -- drawn by the cell view like α, so edge width shows agreement.
    AlphaTable shares;

    double meanAgreement() const; // over the ops of `cell`; 0 for an empty cell
};

struct Consensus {
    int seeds = 0;
    CellConsensus normal;
    CellConsensus reduce; // empty where no seed's cell has a reduction cell
    Genotype genotype;    // the consensus cells as a genotype (named "consensus")
};

// One seed's final softmaxed α (the last line of its epochs.jsonl), for breaking ties.
struct SeedAlphas {
    AlphaTable normal;
    AlphaTable reduce;
};

// Throws GenotypeError when `genotypes` is empty, mixes spaces, or holds an invalid genotype.
// Ties of votes -- on an edge between ops, in the DARTS space between a node's inputs -- go to
// the higher mean final α probability over the seeds when `alphas` (one per genotype, same
// order; tables whose shape is not the space's are left out) is given, then to an op other
// than 'none' (which would drop the edge), then to the space's op order and the earlier input.
Consensus consensusOf(const std::vector<Genotype> &genotypes, const std::vector<SeedAlphas> &alphas = {});

} // namespace gdas::model
