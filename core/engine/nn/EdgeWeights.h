#pragma once

#include "engine/nn/Operations.h"
#include "engine/nn/Supernet.h"

#include <torch/types.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <vector>

namespace gdas::model {
struct SearchSpace;
}

namespace gdas::engine {

// The candidate ops of every edge of a search cell (both spaces), registered under the cell's
// "edges" as the official cells name them (edges.<edge>.<op>), with the edges into each node and
// a count of each op's executions.
struct SearchEdges {
    std::vector<std::vector<Operation>> ops; // [edge][op]
    std::vector<bool> opIsNone;              // [op]
    std::vector<std::vector<int>> incoming;  // [node] -> edges into it
    std::vector<std::vector<int>> outgoing;  // [node] -> edges out of it
    std::vector<std::int64_t> calls;         // [edge * ops + op], since construction or resetCalls()

    SearchEdges() = default;
    // Every op of every edge with `channels` in and out, each edge with stride(edge).
    SearchEdges(torch::nn::Module &cell, const model::SearchSpace &space, int channels, bool affine,
                const std::function<int(int edge)> &stride);

    // Op `op` of edge `edge` on `input`, counted.
    torch::Tensor run(int edge, int op, SharedRelu &input)
    {
        count(edge, op);
        return operation(edge, op)->run(input);
    }
    Operation &operation(int edge, int op) { return ops[static_cast<std::size_t>(edge)][static_cast<std::size_t>(op)]; }
    void count(int edge, int op)
    {
        ++calls[static_cast<std::size_t>(edge) * opIsNone.size() + static_cast<std::size_t>(op)];
    }
    void resetCalls() { std::fill(calls.begin(), calls.end(), 0); }
    // Whether the op sampled (index[edge]) on some edge out of `node` begins with a ReLU that
    // it does not apply as it loads x, the node's state (OperationImpl::rectifiesOnLoad).
    bool sampledReadsRelu(int node, const std::vector<std::int64_t> &index, const torch::Tensor &x);
};

// One cell type's architecture weights, sliced once per forward pass and shared by every cell of
// that type, so each cell only picks ready 0-dim tensors.
struct EdgeWeights {
    int ops = 0;
    // GDAS: the sampled op per edge. Empty: relaxed (DARTS first-order), every op runs.
    std::vector<std::int64_t> index;
    // GDAS: w[e][index[e]] per edge. Relaxed: w[e][k] at [e * ops + k].
    std::vector<torch::Tensor> weight;
    // NAS-Bench-201 GDAS: per node, the sum of the unsampled weights of its incoming edges
    // (forward value 0). The official forward_gdas adds them so that the gradient of every α
    // entry, not only the sampled one, sees the node's output. Undefined elsewhere.
    std::vector<torch::Tensor> unsampledSum;
    // GDAS on the CPU: every selected weight is exactly 1 in value (as the sampler's one-hot rows
    // are), so a sampled op's output enters its node's sum as it is (see addSelected).
    bool unitSelected = false;
    // Every unsampled entry is exactly 0 in value (checked on the CPU; as the sampler's rows are),
    // so each unsampledSum is 0 and adding it changes no value (see addUnsampled).
    bool unsampledZero = false;

    bool sampled() const { return !index.empty(); }
    const torch::Tensor &selected(int edge) const { return weight[static_cast<std::size_t>(edge)]; }
    const torch::Tensor &at(int edge, int op) const { return weight[static_cast<std::size_t>(edge * ops + op)]; }

    // sum += out * selected(edge) for the sampled op of `edge`. `owned` tells whether `sum` is a
    // tensor of the node's own that may be added to in place (false after the first term when
    // that term is the op's output itself). With unitSelected the product is not computed: the
    // output enters the sum as it is (x * 1 is x, bit for bit), and the backward passes the
    // node's gradient on unchanged and gives w the gradient Σ grad·out, as the product's would
    // be. That saves a multiplication and a copy of every sampled output, and in the backward
    // a multiplication per edge.
    void addSelected(torch::Tensor &sum, bool &owned, const torch::Tensor &out, int edge) const;

    // NAS-Bench-201 GDAS: sum += unsampledSum[node]. With unsampledZero the addition is not
    // computed: `sum` stays as it is and the backward gives the unsampled weights the gradient the
    // addition would (nothing at all where they need none, as in the weights step). `owned` as
    // for addSelected.
    void addUnsampled(torch::Tensor &sum, bool owned, int node) const;

    // The state `node` for the edges out of it, from its sum of incoming terms (addUnsampled
    // added here; a cell's input nodes have none). Sampled, where an op sampled on one of those
    // edges begins with a ReLU, the ReLU is made with the node as one autograd node
    // (nodeWithRelu), which also gives an unsampled term its gradient when unsampledZero; else
    // the state's ReLU is SharedRelu's lazy one.
    SharedRelu node(torch::Tensor sum, bool owned, int node, SearchEdges &edges) const;

    // sum += op(input) * selected(edge) for the sampled op `op` of `edge`, as addSelected. With
    // unitSelected and an op that ends in a BatchNorm the normalisation goes straight into the
    // sum (batchNormIntoSum, where it applies): the op's output is never written on its own.
    void addSampled(torch::Tensor &sum, bool &owned, SearchEdges &edges, int edge, int op, SharedRelu &input) const;

    // The sum over the edges `incoming` into one node, `input(edge)` giving the state an edge
    // reads (the edge loop of both search cells). Sampled: each edge's op, through addSampled; a
    // sampled 'none' outputs exact zeros, so w * 0 adds nothing and sends zero gradient into w:
    // it is skipped without changing any result. Relaxed: Σ w[e][k] · op_k(x) over the ops that
    // are not 'none'; the first product is a fresh tensor, so later terms accumulate into it in
    // place (mul's backward keeps its inputs, not its output). Undefined when nothing was added
    // (every edge sampled 'none'); `owned` as for addSelected.
    template <typename Input>
    torch::Tensor sumIncoming(const std::vector<int> &incoming, SearchEdges &edges, Input &&input, bool &owned) const
    {
        torch::Tensor sum;
        owned = false;
        for (const int edge : incoming) {
            if (sampled()) {
                const auto op = static_cast<int>(index[static_cast<std::size_t>(edge)]);
                if (!edges.opIsNone[static_cast<std::size_t>(op)])
                    addSampled(sum, owned, edges, edge, op, input(edge));
                continue;
            }
            for (int op = 0; op < ops; ++op) {
                if (edges.opIsNone[static_cast<std::size_t>(op)])
                    continue;
                const auto out = edges.run(edge, op, input(edge));
                if (sum.defined())
                    sum.addcmul_(out, at(edge, op));
                else
                    sum = out.mul(at(edge, op));
                owned = true;
            }
        }
        return sum;
    }

    // Checks the shapes against `space` (throws std::invalid_argument naming `what`).
    static EdgeWeights prepare(const CellWeights &cell, const model::SearchSpace &space, bool withUnsampledSums,
                               const char *what);
};

} // namespace gdas::engine
