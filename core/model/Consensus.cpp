#include "Consensus.h"

#include "GenotypeFormats.h"

#include <algorithm>
#include <map>
#include <numeric>

namespace gdas::model {

namespace {

// The node numbers of a cell's entries: DARTS intermediate node k is node k+2; NAS-Bench-201's
// entry k is node k+1.
int firstNode(const SearchSpace &space) { return space.inputNodes; }

CellConsensus cellConsensus(const SearchSpace &space, const std::vector<const CellGenotype *> &cells,
                            const std::vector<const AlphaTable *> &alphas)
{
    const int n = static_cast<int>(cells.size());
    CellConsensus c;
    // votes[edge][op]
    std::vector<std::vector<int>> votes(static_cast<std::size_t>(space.edgeCount()),
                                        std::vector<int>(static_cast<std::size_t>(space.opCount()), 0));
    // Ops outside the searched candidates (library cells) are counted by name apart.
    std::vector<std::map<std::string, int>> otherVotes(static_cast<std::size_t>(space.edgeCount()));
    for (const CellGenotype *cell : cells) {
        for (std::size_t k = 0; k < cell->size(); ++k) {
            const int to = static_cast<int>(k) + firstNode(space);
            for (const GenotypeOp &op : (*cell)[k]) {
                const int edge = space.edgeIndex(to, op.input);
                if (edge < 0)
                    throw GenotypeError("node " + std::to_string(to) + " has an input " + std::to_string(op.input) +
                                        " that is not an edge of the " + space.name + " space");
                const int column = space.opIndex(op.op);
                if (column >= 0)
                    ++votes[edge][column];
                else
                    ++otherVotes[edge][op.op];
            }
        }
    }

    // Mean final α per (edge, op) over the seeds whose table has the space's shape.
    std::vector<double> meanAlpha(static_cast<std::size_t>(space.edgeCount() * space.opCount()), 0.0);
    int alphaCount = 0;
    for (const AlphaTable *t : alphas) {
        if (!t || t->rows() != space.edgeCount() || t->cols() != space.opCount() || t->ops != space.ops)
            continue;
        ++alphaCount;
        for (std::size_t i = 0; i < meanAlpha.size(); ++i)
            meanAlpha[i] += t->probs[i];
    }
    for (double &a : meanAlpha)
        a = alphaCount > 0 ? a / alphaCount : 0.0;

    std::vector<float> shares;
    shares.reserve(static_cast<std::size_t>(space.edgeCount() * space.opCount()));
    for (int e = 0; e < space.edgeCount(); ++e) {
        EdgeVotes ev;
        ev.edge = space.edges[e];
        if (alphaCount > 0)
            ev.meanProbability.assign(meanAlpha.begin() + static_cast<std::ptrdiff_t>(e) * space.opCount(),
                                      meanAlpha.begin() + static_cast<std::ptrdiff_t>(e + 1) * space.opCount());
        for (int o = 0; o < space.opCount(); ++o) {
            if (votes[e][o] > 0)
                ev.ops.emplace_back(space.ops[o], votes[e][o]);
            shares.push_back(n > 0 ? static_cast<float>(votes[e][o]) / static_cast<float>(n) : 0.0f);
        }
        for (const auto &[op, count] : otherVotes[e])
            ev.ops.emplace_back(op, count);
        // Most votes first; ties: the higher mean α, then not 'none', then the order above (the
        // space's op order, then other ops by name).
        const auto alphaOf = [&](const std::string &op) {
            const int column = space.opIndex(op);
            return column >= 0 && !ev.meanProbability.empty() ? ev.meanProbability[column] : -1.0;
        };
        std::stable_sort(ev.ops.begin(), ev.ops.end(), [&](const auto &a, const auto &b) {
            if (a.second != b.second)
                return a.second > b.second;
            const double pa = alphaOf(a.first), pb = alphaOf(b.first);
            if (pa != pb)
                return pa > pb;
            return (a.first != "none") && (b.first == "none");
        });
        c.edges.push_back(std::move(ev));
    }
    c.shares = AlphaTable(space, std::move(shares));

    const bool nb201 = space.kind == SpaceKind::NasBench201;
    for (int k = 0; k < space.intermediateNodes; ++k) {
        const int to = k + firstNode(space);
        std::vector<const EdgeVotes *> incoming;
        for (const EdgeVotes &ev : c.edges)
            if (ev.edge.to == to && !ev.ops.empty())
                incoming.push_back(&ev);
        if (!nb201) {
            // The two inputs with the most votes for their leading op; ties: the earlier input.
            // Ties: the higher mean α of the leading op, then the earlier input.
            const auto leadingAlpha = [&](const EdgeVotes *ev) {
                const int column = space.opIndex(ev->ops.front().first);
                return column >= 0 && !ev->meanProbability.empty() ? ev->meanProbability[column] : -1.0;
            };
            std::stable_sort(incoming.begin(), incoming.end(), [&](const EdgeVotes *a, const EdgeVotes *b) {
                if (a->votes() != b->votes())
                    return a->votes() > b->votes();
                return leadingAlpha(a) > leadingAlpha(b);
            });
            if (incoming.size() > 2)
                incoming.resize(2);
        } else {
            std::sort(incoming.begin(), incoming.end(),
                      [](const EdgeVotes *a, const EdgeVotes *b) { return a->edge.from < b->edge.from; });
        }
        std::vector<GenotypeOp> node;
        std::vector<double> agree;
        for (const EdgeVotes *ev : incoming) {
            node.push_back(GenotypeOp{ev->ops.front().first, ev->edge.from});
            agree.push_back(n > 0 ? static_cast<double>(ev->votes()) / n : 0.0);
        }
        if (node.empty())
            break; // cells with fewer nodes than the space (none a search makes)
        c.cell.push_back(std::move(node));
        c.agreement.push_back(std::move(agree));
    }
    return c;
}

} // namespace

double CellConsensus::meanAgreement() const
{
    double sum = 0.0;
    int count = 0;
    for (const auto &node : agreement)
        for (double a : node) {
            sum += a;
            ++count;
        }
    return count > 0 ? sum / count : 0.0;
}

Consensus consensusOf(const std::vector<Genotype> &genotypes, const std::vector<SeedAlphas> &alphas)
{
    if (genotypes.empty())
        throw GenotypeError("a consensus needs at least one genotype");
    const SpaceKind kind = genotypes.front().space;
    std::vector<const CellGenotype *> normals;
    std::vector<const CellGenotype *> reduces;
    std::vector<const AlphaTable *> normalAlphas;
    std::vector<const AlphaTable *> reduceAlphas;
    for (std::size_t i = 0; i < genotypes.size(); ++i) {
        const Genotype &g = genotypes[i];
        if (g.space != kind)
            throw GenotypeError("genotype " + std::to_string(i + 1) + " is of the " + std::string(toString(g.space)) +
                                " space, the first of the " + std::string(toString(kind)) + " space");
        g.validate();
        normals.push_back(&g.normal);
        if (i < alphas.size())
            normalAlphas.push_back(&alphas[i].normal);
        if (!g.reduce.empty()) {
            reduces.push_back(&g.reduce);
            if (i < alphas.size())
                reduceAlphas.push_back(&alphas[i].reduce);
        }
    }
    const SearchSpace &space = SearchSpace::of(kind);
    Consensus c;
    c.seeds = static_cast<int>(genotypes.size());
    c.normal = cellConsensus(space, normals, normalAlphas);
    c.genotype.space = kind;
    c.genotype.name = "consensus";
    c.genotype.normal = c.normal.cell;
    if (kind == SpaceKind::Darts) {
        // Shares of a reduction cell count every seed, those without one (GDAS-FRC) too.
        if (!reduces.empty()) {
            c.reduce = cellConsensus(space, reduces, reduceAlphas);
            if (reduces.size() != genotypes.size()) {
                const float scale = static_cast<float>(reduces.size()) / static_cast<float>(genotypes.size());
                for (float &p : c.reduce.shares.probs)
                    p *= scale;
                for (auto &node : c.reduce.agreement)
                    for (double &a : node)
                        a *= scale;
            }
            c.genotype.reduce = c.reduce.cell;
        }
        // The concat lists every searched cell has: all intermediate nodes.
        const auto concat = [](const CellGenotype &cell) {
            std::vector<int> nodes(cell.size());
            std::iota(nodes.begin(), nodes.end(), 2);
            return nodes;
        };
        c.genotype.normalConcat = concat(c.genotype.normal);
        if (!c.genotype.reduce.empty())
            c.genotype.reduceConcat = concat(c.genotype.reduce);
    }
    c.genotype.validate();
    return c;
}

} // namespace gdas::model
