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
    torch::Tensor images;  // float32 [B, C, H, W], normalised (channels-last when asked)
    torch::Tensor labels;  // int64 [B]
};

struct BatcherOptions {
    int batchSize = 64;
    bool shuffle = true;
    bool augment = true;        // random crop (pad 4; pad 2 for 28x28) + horizontal flip
    int cutout = 0;             // cutout side, 0: off
    bool dropLast = true;
    bool channelsLast = false;  // return images in channels-last memory format
    int prefetch = 2;           // batches prepared ahead by the background thread
    std::uint64_t seed = 0;
};

// Serves batches of a subset (`indices`) of a dataset. Batch b of epoch e depends only on
// (seed, e, b): the order is a permutation drawn from (seed, e), the augmentation of each batch
// from (seed, e, b). So a run resumed at any step sees exactly the batches it would have seen.
// A background thread prepares the next batches while the model trains.
class Batcher {
public:
    Batcher(const ImageDataset &data, std::vector<std::int64_t> indices, BatcherOptions options);
    ~Batcher();
    Batcher(const Batcher &) = delete;
    Batcher &operator=(const Batcher &) = delete;

    std::int64_t batchesPerEpoch() const;
    // Starts serving epoch `epoch` from batch `firstBatch`; cancels any prefetch in flight.
    void startEpoch(int epoch, std::int64_t firstBatch = 0);
    // Next batch of the current epoch; throws std::out_of_range past the end.
    Batch next();

    // The same batch next() would give, computed on the calling thread (tests, evaluation).
    Batch make(int epoch, std::int64_t batch) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// The official 50/50 split of a training set into a weights half and an arch half
// (first half / second half of a seeded permutation).
struct SplitIndices {
    std::vector<std::int64_t> weights;
    std::vector<std::int64_t> arch;
};
SplitIndices splitHalves(std::int64_t size, std::uint64_t seed);

} // namespace gdas::engine
