#pragma once

#include "ImageDataset.h"

#include <torch/types.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace gdas::engine {

struct Batch {
    torch::Tensor images; // float32 [B, C, H, W], normalised (channels-last when asked)
    torch::Tensor labels; // int64 [B]
};

struct BatcherOptions {
    int batchSize = 64;
    bool shuffle = true;
    bool augment = true; // random crop (zero padding, see `padding`) + horizontal flip
    int padding = -1;    // crop padding in pixels; -1: 4 for sides >= 32, else 2 (28x28, 16x16)
    // Cutout side, 0: off. Applied after normalisation as DARTS/GDAS do (a side x side square,
    // centred at a random pixel and clipped at the border, set to 0), independently of `augment`.
    int cutout = 0;
    bool dropLast = true;
    bool channelsLast = false; // return images in channels-last memory format
    int prefetch = 2;          // batches prepared ahead by the background thread
    std::uint64_t seed = 0;
    // Data parallelism: serve only slice `shardIndex` of `shardCount` of each batch, rows
    // [i*n/k, (i+1)*n/k) of the whole batch, augmentation included, so that any number of
    // ranks together sees exactly the batches one process sees.
    int shardIndex = 0;
    int shardCount = 1;
    bool pinMemory = false; // page-locked batches, for asynchronous copies to a CUDA device
};

// Serves batches of a subset (`indices`) of a dataset. Batch b of epoch e depends only on
// (seed, e, b): the order is a permutation drawn from (seed, e), the augmentation of each batch
// from (seed, e, b). So a run resumed at any step sees exactly the batches it would have seen.
// A background thread prepares the next batches while the model trains (prefetch = 0: next()
// computes each batch itself). The batcher keeps its own references to the dataset's tensors.
class Batcher {
public:
    Batcher(const ImageDataset &data, std::vector<std::int64_t> indices, BatcherOptions options);
    ~Batcher();
    Batcher(const Batcher &) = delete;
    Batcher &operator=(const Batcher &) = delete;

    std::int64_t batchesPerEpoch() const;
    std::int64_t size() const; // how many indices it serves from (before dropLast)
    // Starts serving epoch `epoch` from batch `firstBatch` (0..batchesPerEpoch()); cancels any
    // prefetch in flight.
    void startEpoch(int epoch, std::int64_t firstBatch = 0);
    // Next batch of the current epoch (epoch 0 if startEpoch was never called); throws
    // std::out_of_range past the end, and rethrows what preparing the batch threw.
    Batch next();

    // The same batch next() would give, computed on the calling thread (tests, evaluation).
    Batch make(int epoch, std::int64_t batch) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// The 50/50 split of a training set into a weights half and an arch half. DARTS takes the first
// and second half of CIFAR-10's training set; GDAS (xautodl, configs/nas-benchmark/cifar-split.txt)
// uses two disjoint random halves stored as sorted index lists. Here: the first floor(size/2)
// and the rest of a permutation seeded by `seed`, each half returned sorted (the Batcher
// shuffles), so the split never depends on how the files happen to be ordered.
struct SplitIndices {
    std::vector<std::int64_t> weights;
    std::vector<std::int64_t> arch;
};
SplitIndices splitHalves(std::int64_t size, std::uint64_t seed);

} // namespace gdas::engine
