// LibTorch before Qt: Qt's `slots` keyword breaks ATen headers.
#include <torch/torch.h>

#include "engine/EngineError.h"
#include "engine/data/Batcher.h"
#include "engine/data/ImageDataset.h"

#include <QElapsedTimer>
#include <QFile>
#include <QtTest>

#include "support/Prerequisite.h"
#include <set>

using namespace gdas::engine;

namespace {

// Random pixels (no symmetry, so flips and shifts are visible) and label = image index, so a
// batch's labels say which images it holds.
ImageDataset indexedDataset(std::int64_t count, int channels, int side)
{
    ImageDataset data;
    data.name = "indexed";
    data.source = "indexed test set";
    torch::manual_seed(1234);
    data.images = torch::randint(0, 256, {count, channels, side, side}, torch::kUInt8);
    data.labels = torch::arange(count, torch::kInt64);
    data.classes = int(count);
    // Means no pixel value p / 255 hits exactly, so no normalised pixel is 0 by accident.
    for (int c = 0; c < channels; ++c) {
        data.mean.push_back(0.4137f + 0.05f * float(c));
        data.std.push_back(0.25f + 0.01f * float(c));
    }
    return data;
}

std::vector<std::int64_t> allIndices(std::int64_t count)
{
    std::vector<std::int64_t> indices(static_cast<std::size_t>(count));
    std::iota(indices.begin(), indices.end(), std::int64_t(0));
    return indices;
}

torch::Tensor normalised(const ImageDataset &data, const torch::Tensor &rows)
{
    const auto mean = torch::tensor(data.mean).view({1, -1, 1, 1});
    const auto std = torch::tensor(data.std).view({1, -1, 1, 1});
    return (data.images.index_select(0, rows).to(torch::kFloat32) / 255.0 - mean) / std;
}

bool sameBatch(const Batch &a, const Batch &b)
{
    return torch::equal(a.labels, b.labels) && torch::equal(a.images, b.images);
}

std::vector<std::int64_t> toVector(const torch::Tensor &t)
{
    const auto c = t.contiguous();
    return {c.data_ptr<std::int64_t>(), c.data_ptr<std::int64_t>() + c.numel()};
}

} // namespace

class TestBatcher : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shapes_data()
    {
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("side");
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("batchSize");
        QTest::addColumn<bool>("dropLast");
        QTest::addColumn<int>("batches");
        QTest::addColumn<int>("lastSize");
        QTest::newRow("3x32 drop last") << 3 << 32 << 100 << 16 << true << 6 << 16;
        QTest::newRow("3x32 keep last") << 3 << 32 << 100 << 16 << false << 7 << 4;
        QTest::newRow("1x28 exact") << 1 << 28 << 64 << 32 << false << 2 << 32;
        QTest::newRow("fewer than a batch, drop") << 1 << 28 << 10 << 16 << true << 0 << 0;
        QTest::newRow("fewer than a batch, keep") << 1 << 28 << 10 << 16 << false << 1 << 10;
    }

    void shapes()
    {
        QFETCH(int, channels);
        QFETCH(int, side);
        QFETCH(int, count);
        QFETCH(int, batchSize);
        QFETCH(bool, dropLast);
        QFETCH(int, batches);
        QFETCH(int, lastSize);
        const ImageDataset data = makeSynthetic(count, channels, side, 10, 5);
        BatcherOptions options;
        options.batchSize = batchSize;
        options.dropLast = dropLast;
        Batcher batcher(data, allIndices(count), options);
        QCOMPARE(batcher.batchesPerEpoch(), std::int64_t(batches));
        QCOMPARE(batcher.size(), std::int64_t(count));
        batcher.startEpoch(0);
        for (int b = 0; b < batches; ++b) {
            const Batch batch = batcher.next();
            const std::int64_t expected = b + 1 == batches ? lastSize : batchSize;
            QCOMPARE(batch.images.sizes().vec(), (std::vector<std::int64_t>{expected, channels, side, side}));
            QCOMPARE(batch.images.scalar_type(), torch::kFloat32);
            QCOMPARE(batch.labels.sizes().vec(), (std::vector<std::int64_t>{expected}));
            QCOMPARE(batch.labels.scalar_type(), torch::kInt64);
            QVERIFY(!batch.images.requires_grad());
        }
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, batcher.next());
    }

    void plainBatchIsNormalisedImage()
    {
        const ImageDataset data = indexedDataset(40, 3, 32);
        BatcherOptions options;
        options.batchSize = 8;
        options.augment = false;
        options.shuffle = false;
        const std::vector<std::int64_t> subset{5, 9, 2, 30, 31, 7, 0, 11, 12, 13};
        Batcher batcher(data, subset, options);
        const Batch batch = batcher.make(3, 0);
        const auto rows = torch::tensor(std::vector<std::int64_t>(subset.begin(), subset.begin() + 8));
        QVERIFY(torch::equal(batch.labels, rows));
        QVERIFY(torch::allclose(batch.images, normalised(data, rows), 1e-5, 1e-5));
    }

    void makeEqualsNext_data()
    {
        QTest::addColumn<int>("prefetch");
        QTest::newRow("no thread") << 0;
        QTest::newRow("prefetch 1") << 1;
        QTest::newRow("prefetch 3") << 3;
    }

    void makeEqualsNext()
    {
        QFETCH(int, prefetch);
        const ImageDataset data = makeSynthetic(96, 3, 32, 10, 9);
        BatcherOptions options;
        options.batchSize = 16;
        options.cutout = 8;
        options.prefetch = prefetch;
        options.seed = 77;
        Batcher batcher(data, allIndices(96), options);
        for (int epoch : {0, 1}) {
            batcher.startEpoch(epoch);
            for (std::int64_t b = 0; b < batcher.batchesPerEpoch(); ++b)
                QVERIFY2(sameBatch(batcher.next(), batcher.make(epoch, b)),
                         qPrintable(QStringLiteral("%1/%2").arg(epoch).arg(b)));
            QVERIFY_THROWS_EXCEPTION(std::out_of_range, batcher.next());
        }
    }

    void nextWithoutStartServesEpochZero()
    {
        const ImageDataset data = makeSynthetic(64, 1, 28, 10, 3);
        BatcherOptions options;
        options.batchSize = 16;
        Batcher batcher(data, allIndices(64), options);
        QVERIFY(sameBatch(batcher.next(), batcher.make(0, 0)));
    }

    void resumeIsExact()
    {
        const ImageDataset data = makeSynthetic(128, 3, 32, 10, 11);
        BatcherOptions options;
        options.batchSize = 16;
        options.seed = 5;
        options.cutout = 6;
        std::vector<Batch> uninterrupted;
        {
            Batcher batcher(data, allIndices(128), options);
            batcher.startEpoch(2);
            for (std::int64_t b = 0; b < batcher.batchesPerEpoch(); ++b)
                uninterrupted.push_back(batcher.next());
        }
        // A fresh batcher (a resumed run) started mid-epoch sees the same batches.
        Batcher resumed(data, allIndices(128), options);
        resumed.startEpoch(2, 5);
        for (std::size_t b = 5; b < uninterrupted.size(); ++b)
            QVERIFY(sameBatch(resumed.next(), uninterrupted[b]));
        // Restarting cancels what was prefetched and serves from the new position.
        resumed.startEpoch(2, 1);
        QVERIFY(sameBatch(resumed.next(), uninterrupted[1]));
        resumed.startEpoch(2, 0);
        QVERIFY(sameBatch(resumed.next(), uninterrupted[0]));
        QVERIFY(sameBatch(resumed.next(), uninterrupted[1]));
        // Starting at the end is allowed and leaves nothing to serve; beyond it is not.
        resumed.startEpoch(2, resumed.batchesPerEpoch());
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, resumed.next());
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, resumed.startEpoch(2, resumed.batchesPerEpoch() + 1));
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, resumed.make(2, resumed.batchesPerEpoch()));
    }

    void epochOrders()
    {
        const std::int64_t count = 120;
        const ImageDataset data = indexedDataset(count, 1, 28);
        BatcherOptions options;
        options.batchSize = 20;
        options.augment = false;
        options.seed = 3;
        const auto served = [&](const BatcherOptions &opts, int epoch) {
            Batcher batcher(data, allIndices(count), opts);
            batcher.startEpoch(epoch);
            std::vector<std::int64_t> order;
            for (std::int64_t b = 0; b < batcher.batchesPerEpoch(); ++b) {
                const auto labels = toVector(batcher.next().labels);
                order.insert(order.end(), labels.begin(), labels.end());
            }
            return order;
        };
        const auto epoch0 = served(options, 0);
        const auto epoch1 = served(options, 1);
        QCOMPARE(std::set<std::int64_t>(epoch0.begin(), epoch0.end()).size(), std::size_t(count));
        QCOMPARE(std::set<std::int64_t>(epoch1.begin(), epoch1.end()).size(), std::size_t(count));
        QVERIFY(epoch0 != epoch1);
        QCOMPARE(served(options, 0), epoch0);
        BatcherOptions otherSeed = options;
        otherSeed.seed = 4;
        QVERIFY(served(otherSeed, 0) != epoch0);
        BatcherOptions inOrder = options;
        inOrder.shuffle = false;
        QCOMPARE(served(inOrder, 0), allIndices(count));
        QCOMPARE(served(inOrder, 1), allIndices(count));
    }

    void augmentationCropsAndFlips_data()
    {
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("side");
        QTest::addColumn<int>("padding");
        QTest::newRow("3x32, pad 4") << 3 << 32 << 4;
        QTest::newRow("1x28, pad 2") << 1 << 28 << 2;
    }

    // Every augmented image must be one of the (2p+1)^2 crops of the zero-padded image, flipped
    // or not; across a batch both flips and shifts must occur.
    void augmentationCropsAndFlips()
    {
        QFETCH(int, channels);
        QFETCH(int, side);
        QFETCH(int, padding);
        const ImageDataset data = indexedDataset(64, channels, side);
        BatcherOptions options;
        options.batchSize = 64;
        options.seed = 8;
        Batcher batcher(data, allIndices(64), options);
        const Batch batch = batcher.make(0, 0);
        const auto mean = torch::tensor(data.mean).view({-1, 1, 1});
        const auto std = torch::tensor(data.std).view({-1, 1, 1});
        int flips = 0;
        int shifts = 0;
        for (std::int64_t i = 0; i < 64; ++i) {
            const std::int64_t index = batch.labels[i].item<std::int64_t>();
            const auto padded = torch::constant_pad_nd(data.images[index].to(torch::kFloat32),
                                                       {padding, padding, padding, padding}, 0.0);
            bool found = false;
            for (int dy = 0; dy <= 2 * padding && !found; ++dy) {
                for (int dx = 0; dx <= 2 * padding && !found; ++dx) {
                    const auto crop = padded.narrow(1, dy, side).narrow(2, dx, side);
                    for (bool flip : {false, true}) {
                        const auto candidate = ((flip ? crop.flip({2}) : crop) / 255.0 - mean) / std;
                        if (torch::allclose(batch.images[i], candidate, 1e-5, 1e-5)) {
                            found = true;
                            flips += flip ? 1 : 0;
                            shifts += (dy != padding || dx != padding) ? 1 : 0;
                            break;
                        }
                    }
                }
            }
            QVERIFY2(found, qPrintable(QStringLiteral("image %1 is no crop/flip of its source").arg(i)));
        }
        QVERIFY2(flips > 16 && flips < 48, qPrintable(QString::number(flips)));
        QVERIFY2(shifts > 48, qPrintable(QString::number(shifts)));
    }

    void cutoutZeroesASquare()
    {
        const int side = 32;
        const int cutout = 8;
        const ImageDataset data = indexedDataset(64, 3, side);
        BatcherOptions options;
        options.batchSize = 64;
        options.augment = false;
        options.shuffle = false;
        options.cutout = cutout;
        Batcher batcher(data, allIndices(64), options);
        const Batch batch = batcher.make(0, 0);
        options.cutout = 0;
        const auto reference = Batcher(data, allIndices(64), options).make(0, 0).images;
        int fullSquares = 0;
        for (std::int64_t i = 0; i < 64; ++i) {
            const auto changed = (batch.images[i] != reference[i]);
            // Outside the square nothing changed; inside, every channel is exactly 0.
            QVERIFY(torch::equal(changed[0], changed[1]) && torch::equal(changed[0], changed[2]));
            QVERIFY(torch::all(batch.images[i].masked_select(changed) == 0).item<bool>());
            const auto where = changed[0].nonzero();
            QVERIFY(where.size(0) > 0);
            const auto low = std::get<0>(where.min(0));
            const auto high = std::get<0>(where.max(0));
            const std::int64_t height = high[0].item<std::int64_t>() - low[0].item<std::int64_t>() + 1;
            const std::int64_t width = high[1].item<std::int64_t>() - low[1].item<std::int64_t>() + 1;
            QVERIFY(height <= cutout && width <= cutout);
            QCOMPARE(where.size(0), height * width); // a filled rectangle
            fullSquares += (height == cutout && width == cutout) ? 1 : 0;
        }
        QVERIFY(fullSquares > 16); // most centres lie away from the border
    }

    void channelsLast()
    {
        const ImageDataset data = makeSynthetic(32, 3, 32, 10, 4);
        BatcherOptions options;
        options.batchSize = 16;
        Batcher plain(data, allIndices(32), options);
        options.channelsLast = true;
        Batcher last(data, allIndices(32), options);
        const Batch a = plain.make(1, 1);
        const Batch b = last.make(1, 1);
        QVERIFY(a.images.is_contiguous());
        QVERIFY(b.images.is_contiguous(at::MemoryFormat::ChannelsLast));
        QVERIFY(!b.images.is_contiguous());
        QVERIFY(torch::equal(a.images, b.images));
        last.startEpoch(1, 1);
        QVERIFY(last.next().images.is_contiguous(at::MemoryFormat::ChannelsLast));
    }

    void destroyWhilePrefetching()
    {
        const ImageDataset data = makeSynthetic(512, 3, 32, 10, 4);
        BatcherOptions options;
        options.batchSize = 32;
        options.prefetch = 4;
        for (int round = 0; round < 5; ++round) {
            Batcher batcher(data, allIndices(512), options);
            batcher.startEpoch(round);
            batcher.next();
        }
        Batcher neverStarted(data, allIndices(512), options);
        QCOMPARE(neverStarted.batchesPerEpoch(), std::int64_t(16));
    }

    void workerErrorReachesNext()
    {
        ImageDataset data = makeSynthetic(64, 3, 32, 10, 4);
        BatcherOptions options;
        options.batchSize = 64;
        options.prefetch = 2;
        Batcher batcher(data, allIndices(64), options);
        // The batcher shares the (already contiguous) image tensor; shrinking it makes the
        // background thread's index_select fail, and next() must hand that error over.
        data.images.resize_({1, 3, 32, 32});
        batcher.startEpoch(0);
        QVERIFY_THROWS_EXCEPTION(c10::Error, batcher.next());
    }

    void rejectsBadSetup()
    {
        const ImageDataset data = makeSynthetic(16, 3, 32, 10, 4);
        BatcherOptions options;
        QVERIFY_THROWS_EXCEPTION(InputError, Batcher(data, {0, 16}, options));
        options.batchSize = 0;
        QVERIFY_THROWS_EXCEPTION(InputError, Batcher(data, {0, 1}, options));
        ImageDataset noStats = data;
        noStats.std.clear();
        QVERIFY_THROWS_EXCEPTION(InputError, Batcher(noStats, {0, 1}, BatcherOptions{}));
    }

    void splitHalves_data()
    {
        QTest::addColumn<qint64>("sizeRow");
        QTest::newRow("empty") << qint64(0);
        QTest::newRow("one") << qint64(1);
        QTest::newRow("odd") << qint64(11);
        QTest::newRow("cifar") << qint64(50000);
    }

    void splitHalves()
    {
        QFETCH(qint64, sizeRow);
        const std::int64_t size = sizeRow;
        const SplitIndices split = gdas::engine::splitHalves(size, 7);
        QCOMPARE(std::int64_t(split.weights.size()), size / 2);
        QCOMPARE(std::int64_t(split.arch.size()), size - size / 2);
        std::vector<std::int64_t> all = split.weights;
        all.insert(all.end(), split.arch.begin(), split.arch.end());
        std::sort(all.begin(), all.end());
        QCOMPARE(all, allIndices(size)); // disjoint and covering
        QVERIFY(std::is_sorted(split.weights.begin(), split.weights.end()));
        const SplitIndices again = gdas::engine::splitHalves(size, 7);
        QCOMPARE(again.weights, split.weights);
        if (size >= 11) {
            QVERIFY(gdas::engine::splitHalves(size, 8).weights != split.weights);
            // A seeded permutation, not the file order.
            QVERIFY(split.weights != std::vector<std::int64_t>(all.begin(), all.begin() + size / 2));
        }
    }

    // Not a pass/fail check: the numbers the data layer costs, printed for the report.
    void timing_data()
    {
        QTest::addColumn<QString>("dataset");
        QTest::newRow("synthetic 3x32x32") << QStringLiteral("synthetic");
        QTest::newRow("fashion-mnist 1x28x28") << QStringLiteral("fashion-mnist");
    }

    void timing()
    {
        QFETCH(QString, dataset);
        ImageDataset data;
        if (dataset == QLatin1String("synthetic")) {
            data = makeSynthetic(10000, 3, 32, 10, 1);
        } else {
            if (!QFile::exists(QStringLiteral("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")))
                GDAS_MISSING_PREREQUISITE("Debian's dataset-fashion-mnist is not installed");
            QElapsedTimer load;
            load.start();
            data = readFashionMnist("/usr/share/datasets/fashion-mnist", true);
            qInfo("load Fashion-MNIST train: %lld ms", static_cast<long long>(load.elapsed()));
        }
        BatcherOptions options;
        options.batchSize = 64;
        options.cutout = 16;
        options.prefetch = 2;
        Batcher batcher(data, allIndices(data.size()), options);
        const int batches = 100;
        batcher.startEpoch(0);
        QElapsedTimer timer;
        timer.start();
        for (int b = 0; b < batches; ++b)
            QCOMPARE(batcher.next().images.size(0), std::int64_t(64));
        const double threaded = double(timer.nsecsElapsed()) / 1e6 / batches;
        timer.restart();
        for (int b = 0; b < batches; ++b)
            batcher.make(1, b);
        const double inline_ = double(timer.nsecsElapsed()) / 1e6 / batches;
        qInfo("%s batch 64 (crop+flip+cutout): %.3f ms/batch via prefetch thread, %.3f ms/batch via make()",
              qPrintable(dataset), threaded, inline_);
    }
};

QTEST_GUILESS_MAIN(TestBatcher)
#include "tst_batcher.moc"
