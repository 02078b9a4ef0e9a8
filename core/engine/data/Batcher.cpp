#include "Batcher.h"

#include "SplitMix64.h"
#include "engine/EngineError.h"

#include <torch/torch.h>

#include <algorithm>
#include <climits>
#include <exception>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>

namespace gdas::engine {

namespace {

// Tags keep the streams of shuffling, augmenting and splitting apart for the same seed.
constexpr std::uint64_t kOrderTag = 0x4F52444552ull;     // "ORDER"
constexpr std::uint64_t kAugmentTag = 0x4155474D454Eull; // "AUGMEN"
constexpr std::uint64_t kSplitTag = 0x53504C4954ull;     // "SPLIT"

void shuffleInPlace(std::vector<std::int64_t> &values, std::uint64_t seed)
{
    SplitMix64 random(seed);
    for (std::size_t i = values.size(); i > 1; --i)
        std::swap(values[i - 1], values[random.below(i)]);
}

} // namespace

struct Batcher::Impl {
    struct Prepared {
        Batch batch;
        std::exception_ptr error;
    };

    // Fixed after construction; read by both threads without locking.
    torch::Tensor images; // uint8 [N, C, H, W]
    torch::Tensor labels; // int64 [N]
    std::vector<std::int64_t> indices;
    BatcherOptions options;
    int padding = 0;
    torch::Tensor scale; // [1, C, 1, 1]: 1 / (255 std)
    torch::Tensor shift; // [1, C, 1, 1]: -mean / std
    std::int64_t perEpoch = 0;

    // The order of the epoch asked last; make() from any thread may look it up.
    mutable std::mutex orderMutex;
    mutable int orderEpoch = INT_MIN;
    mutable std::shared_ptr<const std::vector<std::int64_t>> order;

    // Prefetch state, guarded by `mutex`.
    std::mutex mutex;
    std::condition_variable workerWake;
    std::condition_variable batchReady;
    bool stopping = false;
    bool started = false;
    std::uint64_t generation = 0; // bumped by startEpoch so stale work in flight is dropped
    int epoch = 0;
    std::int64_t nextToServe = 0;
    std::int64_t nextToMake = 0;
    std::deque<Prepared> ready; // batches nextToServe, nextToServe + 1, ...
    std::thread worker;

    std::shared_ptr<const std::vector<std::int64_t>> orderOf(int epochIndex) const;
    Batch make(int epochIndex, std::int64_t batch) const;
    void start(int epochIndex, std::int64_t firstBatch);
    void run();
};

std::shared_ptr<const std::vector<std::int64_t>> Batcher::Impl::orderOf(int epochIndex) const
{
    std::lock_guard<std::mutex> lock(orderMutex);
    if (!order || orderEpoch != epochIndex) {
        auto shuffled = std::make_shared<std::vector<std::int64_t>>(indices);
        if (options.shuffle)
            shuffleInPlace(*shuffled, mixSeed(mixSeed(options.seed, kOrderTag), std::uint64_t(epochIndex)));
        order = std::move(shuffled);
        orderEpoch = epochIndex;
    }
    return order;
}

Batch Batcher::Impl::make(int epochIndex, std::int64_t batch) const
{
    if (batch < 0 || batch >= perEpoch)
        throw std::out_of_range("Batcher: batch " + std::to_string(batch) + " of epoch " + std::to_string(epochIndex) +
                                " does not exist (" + std::to_string(perEpoch) + " batches per epoch)");
    torch::NoGradGuard noGrad;
    const auto epochOrder = orderOf(epochIndex);
    const std::int64_t first = batch * options.batchSize;
    const std::int64_t whole = std::min<std::int64_t>(options.batchSize, std::int64_t(epochOrder->size()) - first);
    // This shard's rows of the whole batch; the random draws of the other rows are still made
    // (and skipped) so that a row's augmentation does not depend on the shard count.
    const std::int64_t begin = whole * options.shardIndex / options.shardCount;
    const std::int64_t count = whole * (options.shardIndex + 1) / options.shardCount - begin;
    auto inShard = [&](std::int64_t row) { return row >= begin && row < begin + count; };
    // from_blob does not copy; epochOrder keeps the memory alive until index_select is done.
    const auto rows =
        torch::from_blob(const_cast<std::int64_t *>(epochOrder->data() + first + begin), {count}, torch::kInt64);

    Batch result;
    result.labels = labels.index_select(0, rows);
    auto pixels = images.index_select(0, rows).to(torch::kFloat32); // 0..255
    const std::int64_t height = pixels.size(2);
    const std::int64_t width = pixels.size(3);
    SplitMix64 random(
        mixSeed(mixSeed(mixSeed(options.seed, kAugmentTag), std::uint64_t(epochIndex)), std::uint64_t(batch)));

    if (options.augment) {
        // Random crop of the zero-padded image (torchvision's RandomCrop(padding) with fill 0),
        // done as one shifted copy per image into a zeroed batch; then horizontal flips.
        auto cropped = torch::zeros_like(pixels);
        std::vector<std::int64_t> flipped;
        for (std::int64_t row = 0; row < whole; ++row) {
            const bool flip = random.below(2) == 1;
            const auto dy = std::int64_t(random.below(std::uint64_t(2 * padding + 1))) - padding;
            const auto dx = std::int64_t(random.below(std::uint64_t(2 * padding + 1))) - padding;
            if (!inShard(row))
                continue;
            const std::int64_t i = row - begin;
            if (flip)
                flipped.push_back(i);
            const std::int64_t h = height - std::abs(dy);
            const std::int64_t w = width - std::abs(dx);
            if (h <= 0 || w <= 0)
                continue;
            cropped[i]
                .narrow(1, std::max<std::int64_t>(0, -dy), h)
                .narrow(2, std::max<std::int64_t>(0, -dx), w)
                .copy_(
                    pixels[i].narrow(1, std::max<std::int64_t>(0, dy), h).narrow(2, std::max<std::int64_t>(0, dx), w));
        }
        if (!flipped.empty()) {
            const auto which = torch::tensor(flipped, torch::kInt64);
            cropped.index_copy_(0, which, cropped.index_select(0, which).flip({3}));
        }
        pixels = cropped;
    }

    pixels.mul_(scale).add_(shift);

    if (options.cutout > 0) {
        const std::int64_t half = options.cutout / 2;
        for (std::int64_t row = 0; row < whole; ++row) {
            const auto cy = std::int64_t(random.below(std::uint64_t(height)));
            const auto cx = std::int64_t(random.below(std::uint64_t(width)));
            if (!inShard(row))
                continue;
            const std::int64_t i = row - begin;
            const std::int64_t y1 = std::clamp<std::int64_t>(cy - half, 0, height);
            const std::int64_t y2 = std::clamp<std::int64_t>(cy + half, 0, height);
            const std::int64_t x1 = std::clamp<std::int64_t>(cx - half, 0, width);
            const std::int64_t x2 = std::clamp<std::int64_t>(cx + half, 0, width);
            if (y2 > y1 && x2 > x1)
                pixels[i].narrow(1, y1, y2 - y1).narrow(2, x1, x2 - x1).zero_();
        }
    }

    result.images = options.channelsLast ? pixels.contiguous(at::MemoryFormat::ChannelsLast) : pixels;
    if (options.pinMemory) {
        // Done here, on the prefetch thread, so the training thread only queues the copy.
        result.images = result.images.pin_memory();
        result.labels = result.labels.pin_memory();
    }
    return result;
}

void Batcher::Impl::start(int epochIndex, std::int64_t firstBatch)
{
    ++generation;
    epoch = epochIndex;
    nextToServe = firstBatch;
    nextToMake = firstBatch;
    ready.clear();
    started = true;
    workerWake.notify_one();
}

void Batcher::Impl::run()
{
    // Grad mode is thread-local: this thread's tensor work must not record graphs. (Not
    // InferenceMode: inference tensors could not be saved for backward by the model.)
    torch::NoGradGuard noGrad;
    std::unique_lock<std::mutex> lock(mutex);
    for (;;) {
        workerWake.wait(lock, [this] {
            return stopping || (started && nextToMake < perEpoch && nextToMake - nextToServe < options.prefetch);
        });
        if (stopping)
            return;
        const std::uint64_t myGeneration = generation;
        const int myEpoch = epoch;
        const std::int64_t batch = nextToMake++;
        lock.unlock();
        Prepared item;
        try {
            item.batch = make(myEpoch, batch);
        } catch (...) {
            item.error = std::current_exception();
        }
        lock.lock();
        if (myGeneration != generation)
            continue;
        ready.push_back(std::move(item));
        batchReady.notify_all();
    }
}

Batcher::Batcher(const ImageDataset &data, std::vector<std::int64_t> indices, BatcherOptions options)
    : m_impl(std::make_unique<Impl>())
{
    const std::string where = "Batcher over " + (data.source.empty() ? data.name : data.source) + ": ";
    if (!data.images.defined() || data.images.dim() != 4 || data.images.scalar_type() != torch::kUInt8)
        throw InputError(where + "images must be a uint8 [N, C, H, W] tensor");
    if (!data.labels.defined() || data.labels.dim() != 1 || data.labels.size(0) != data.images.size(0))
        throw InputError(where + "labels must be a [N] tensor matching the images");
    const auto channels = std::size_t(data.images.size(1));
    if (data.mean.size() != channels || data.std.size() != channels)
        throw InputError(where + "mean/std need one value per channel (" + std::to_string(channels) + ")");
    if (options.batchSize <= 0)
        throw InputError(where + "batch size " + std::to_string(options.batchSize) + " must be positive");
    if (options.cutout < 0 || options.padding < -1 || options.prefetch < 0)
        throw InputError(where + "cutout, padding and prefetch must not be negative");
    if (options.shardCount < 1 || options.shardIndex < 0 || options.shardIndex >= options.shardCount)
        throw InputError(where + "shard " + std::to_string(options.shardIndex) + " of " +
                         std::to_string(options.shardCount) + " does not exist");
    for (const auto index : indices)
        if (index < 0 || index >= data.size())
            throw InputError(where + "index " + std::to_string(index) + " is outside 0.." +
                             std::to_string(data.size() - 1));

    auto &impl = *m_impl;
    impl.images = data.images.contiguous();
    impl.labels = data.labels.to(torch::kInt64);
    impl.indices = std::move(indices);
    impl.options = options;
    impl.padding = options.padding >= 0 ? options.padding : (data.images.size(2) >= 32 ? 4 : 2);
    auto mean = torch::tensor(data.mean, torch::kFloat32).view({1, -1, 1, 1});
    auto std = torch::tensor(data.std, torch::kFloat32).view({1, -1, 1, 1});
    impl.scale = 1.0 / (255.0 * std);
    impl.shift = -mean / std;
    const auto n = std::int64_t(impl.indices.size());
    impl.perEpoch = options.dropLast ? n / options.batchSize : (n + options.batchSize - 1) / options.batchSize;
    if (options.prefetch > 0)
        impl.worker = std::thread([&impl] { impl.run(); });
}

Batcher::~Batcher()
{
    if (m_impl->worker.joinable()) {
        {
            std::lock_guard<std::mutex> lock(m_impl->mutex);
            m_impl->stopping = true;
        }
        m_impl->workerWake.notify_one();
        m_impl->worker.join();
    }
}

std::int64_t Batcher::batchesPerEpoch() const { return m_impl->perEpoch; }

std::int64_t Batcher::size() const { return std::int64_t(m_impl->indices.size()); }

void Batcher::startEpoch(int epoch, std::int64_t firstBatch)
{
    if (firstBatch < 0 || firstBatch > m_impl->perEpoch)
        throw std::out_of_range("Batcher: cannot start epoch " + std::to_string(epoch) + " at batch " +
                                std::to_string(firstBatch) + " (" + std::to_string(m_impl->perEpoch) +
                                " batches per epoch)");
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    m_impl->start(epoch, firstBatch);
}

Batch Batcher::next()
{
    auto &impl = *m_impl;
    std::unique_lock<std::mutex> lock(impl.mutex);
    if (!impl.started)
        impl.start(0, 0);
    if (impl.nextToServe >= impl.perEpoch)
        throw std::out_of_range("Batcher: epoch " + std::to_string(impl.epoch) + " has no batch " +
                                std::to_string(impl.nextToServe) + " (" + std::to_string(impl.perEpoch) +
                                " batches per epoch)");
    if (!impl.worker.joinable()) {
        const int epoch = impl.epoch;
        const std::int64_t batch = impl.nextToServe++;
        lock.unlock();
        return impl.make(epoch, batch);
    }
    impl.batchReady.wait(lock, [&impl] { return !impl.ready.empty(); });
    Impl::Prepared item = std::move(impl.ready.front());
    impl.ready.pop_front();
    ++impl.nextToServe;
    lock.unlock();
    impl.workerWake.notify_one();
    if (item.error)
        std::rethrow_exception(item.error);
    return std::move(item.batch);
}

Batch Batcher::make(int epoch, std::int64_t batch) const { return m_impl->make(epoch, batch); }

SplitIndices splitHalves(std::int64_t size, std::uint64_t seed)
{
    if (size < 0)
        throw std::invalid_argument("splitHalves: negative size " + std::to_string(size));
    std::vector<std::int64_t> all(static_cast<std::size_t>(size));
    std::iota(all.begin(), all.end(), std::int64_t(0));
    shuffleInPlace(all, mixSeed(seed, kSplitTag));
    const auto half = all.begin() + size / 2;
    SplitIndices split;
    split.weights.assign(all.begin(), half);
    split.arch.assign(half, all.end());
    std::sort(split.weights.begin(), split.weights.end());
    std::sort(split.arch.begin(), split.arch.end());
    return split;
}

} // namespace gdas::engine
