// Class-per-folder image sets: the listing (no decoding), the cache of decoded images and the
// parallel decode that fills it. The cache file (one per folder and image size) holds both splits:
//
//   "GDASIMG1" | u32 version | u64 key | u32 side, channels, classes | classes x (u32 length, name)
//   | channels x f32 mean, channels x f32 std | u64 train count, test count
//   | u32 labels (train, then test) | u8 pixels [N, C, side, side] (train, then test)
//
// in the machine's byte order. The key hashes the layout, the side, the class names and every
// file's relative path, size, modification time (ns) and label: a file added, removed, renamed,
// rewritten or touched gives another key, and the folder is decoded again.
#include "ImageDataset.h"
#include "UserFolders.h"

#include "engine/EngineError.h"
#include "engine/ImageFolder.h"

#include <torch/torch.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace gdas::engine {

namespace {

namespace fs = std::filesystem;

constexpr char kCacheMagic[8] = {'G', 'D', 'A', 'S', 'I', 'M', 'G', '1'};
constexpr std::uint32_t kCacheVersion = 1;
constexpr int kHeldOutEvery = 10; // "classes" layout: every 10th file of a class is a test image

struct FileEntry {
    std::string path;     // as opened
    std::string relative; // to the root, for the cache key
    std::uint64_t size = 0;
    std::int64_t mtime = 0; // ns since the epoch of the file clock
    std::int32_t label = 0;
};

struct Listing {
    ImageFolderScan scan;
    std::vector<FileEntry> train; // in serving order: classes interleaved
    std::vector<FileEntry> test;
};

bool hidden(const fs::path &path)
{
    const std::string name = path.filename().string();
    return !name.empty() && name[0] == '.';
}

bool imageName(const fs::path &path)
{
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".jpe";
}

[[noreturn]] void cannotList(const fs::path &dir, const std::error_code &ec)
{
    throw InputError(dir.string() + ": cannot list the folder (" + ec.message() + ")");
}

// The sub-folders of `dir` (not hidden), sorted by name; counts the other entries as skipped.
std::vector<std::string> subfolders(const fs::path &dir, ImageFolderScan &scan)
{
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec)
        cannotList(dir, ec);
    std::vector<std::string> names;
    for (; it != fs::directory_iterator(); it.increment(ec)) {
        if (ec)
            cannotList(dir, ec);
        std::error_code statError;
        if (it->is_directory(statError) && !hidden(it->path())) {
            names.push_back(it->path().filename().string());
        } else {
            ++scan.skippedFiles;
            if (scan.firstSkipped.empty())
                scan.firstSkipped = it->path().string();
        }
    }
    if (ec)
        cannotList(dir, ec);
    std::sort(names.begin(), names.end());
    return names;
}

// The image files under a class folder (recursively, hidden entries left out), sorted by path.
std::vector<FileEntry> classFiles(const fs::path &classDir, const fs::path &root, ImageFolderScan &scan,
                                  const std::atomic<bool> *cancel)
{
    std::vector<FileEntry> files;
    std::error_code ec;
    fs::recursive_directory_iterator it(classDir, ec);
    if (ec)
        cannotList(classDir, ec);
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec)
            cannotList(it->path().parent_path(), ec);
        const fs::directory_entry &entry = *it;
        if (cancel && *cancel)
            throw InputError(root.string() + ": listing cancelled");
        if (hidden(entry.path())) {
            if (entry.is_directory(ec))
                it.disable_recursion_pending();
            ec.clear();
            ++scan.skippedFiles;
            if (scan.firstSkipped.empty())
                scan.firstSkipped = entry.path().string();
            continue;
        }
        std::error_code statError;
        if (entry.is_directory(statError))
            continue;
        if (!entry.is_regular_file(statError) || !imageName(entry.path())) {
            ++scan.skippedFiles;
            if (scan.firstSkipped.empty())
                scan.firstSkipped = entry.path().string();
            continue;
        }
        FileEntry file;
        file.path = entry.path().string();
        file.relative = entry.path().lexically_relative(root).string();
        // One stat for both (std::filesystem would make two): the listing of a large folder is
        // what a cached run waits for.
        struct stat info {};
        if (::stat(file.path.c_str(), &info) != 0)
            throw InputError(file.path + ": cannot read its size and time (" + std::strerror(errno) + ")");
        file.size = std::uint64_t(info.st_size);
        file.mtime = std::int64_t(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec;
        files.push_back(std::move(file));
    }
    if (ec)
        cannotList(classDir, ec);
    std::sort(files.begin(), files.end(),
              [](const FileEntry &a, const FileEntry &b) { return a.relative < b.relative; });
    return files;
}

// Classes interleaved (a, b, c, a, b, c, ...) so that the first N images, which --train-limit
// keeps, hold every class about equally.
std::vector<FileEntry> interleave(std::vector<std::vector<FileEntry>> perClass)
{
    std::vector<FileEntry> out;
    std::size_t total = 0;
    for (const auto &files : perClass)
        total += files.size();
    out.reserve(total);
    for (std::size_t k = 0; out.size() < total; ++k)
        for (auto &files : perClass)
            if (k < files.size())
                out.push_back(std::move(files[k]));
    return out;
}

const char *kLayoutHelp = " (expected one sub-folder per class holding PNG or JPEG files, or train/ and test/ "
                          "(or val/) each holding such class folders)";

Listing listFolder(const std::string &rootName, int samplesPerClass, const std::atomic<bool> *cancel = nullptr)
{
    Listing listing;
    ImageFolderScan &scan = listing.scan;
    scan.root = rootName;
    const fs::path root(rootName);
    std::error_code ec;
    const fs::file_status status = fs::status(root, ec);
    if (ec && ec != std::errc::no_such_file_or_directory)
        throw InputError(rootName + ": cannot open the image folder (" + ec.message() + ")");
    if (!fs::exists(status))
        throw InputError(rootName + ": image folder not found");
    if (!fs::is_directory(status))
        throw InputError(rootName + ": not a folder" + kLayoutHelp);

    fs::path trainDir = root;
    fs::path testDir;
    scan.layout = "classes";
    const fs::path trainCandidate = root / "train";
    if (fs::is_directory(trainCandidate, ec)) {
        ImageFolderScan ignored;
        if (!subfolders(trainCandidate, ignored).empty()) {
            trainDir = trainCandidate;
            for (const char *name : {"test", "val"}) {
                if (fs::is_directory(root / name, ec)) {
                    testDir = root / name;
                    scan.layout = std::string("train/") + name;
                    break;
                }
            }
            if (testDir.empty())
                scan.layout = "train";
        }
    }

    const std::vector<std::string> classNames = subfolders(trainDir, scan);
    if (classNames.empty()) {
        std::string hint;
        if (scan.skippedFiles > 0 && imageName(fs::path(scan.firstSkipped)))
            hint = "; the images lie directly in it: put them in one sub-folder per class";
        throw InputError(trainDir.string() + ": no class folders" + hint + kLayoutHelp);
    }
    if (classNames.size() == 1)
        throw InputError(trainDir.string() + ": only one class folder (" + classNames.front() +
                         "); a classifier needs at least two classes");

    std::vector<std::vector<FileEntry>> trainPerClass(classNames.size());
    std::vector<std::vector<FileEntry>> testPerClass(classNames.size());
    for (std::size_t k = 0; k < classNames.size(); ++k) {
        const fs::path classDir = trainDir / classNames[k];
        std::vector<FileEntry> files = classFiles(classDir, root, scan, cancel);
        if (files.empty())
            throw InputError(classDir.string() + ": empty class folder (no .png, .jpg or .jpeg files); add images or "
                                                 "remove the folder");
        for (auto &file : files)
            file.label = std::int32_t(k);
        if (testDir.empty() && scan.layout == "classes") {
            for (std::size_t i = 0; i < files.size(); ++i)
                (i % kHeldOutEvery == kHeldOutEvery - 1 ? testPerClass[k] : trainPerClass[k]).push_back(files[i]);
        } else {
            trainPerClass[k] = std::move(files);
        }
    }
    if (scan.layout == "train") {
        // train/ alone: hold out a tenth as in the flat layout.
        for (std::size_t k = 0; k < classNames.size(); ++k) {
            std::vector<FileEntry> all = std::move(trainPerClass[k]);
            trainPerClass[k].clear();
            for (std::size_t i = 0; i < all.size(); ++i)
                (i % kHeldOutEvery == kHeldOutEvery - 1 ? testPerClass[k] : trainPerClass[k]).push_back(all[i]);
        }
    }
    if (!testDir.empty()) {
        ImageFolderScan testScan;
        for (const std::string &name : subfolders(testDir, testScan)) {
            const auto found = std::find(classNames.begin(), classNames.end(), name);
            if (found == classNames.end())
                throw InputError((testDir / name).string() + ": class \"" + name +
                                 "\" is not among the training classes in " + trainDir.string());
            const std::size_t k = std::size_t(found - classNames.begin());
            std::vector<FileEntry> files = classFiles(testDir / name, root, scan, cancel);
            if (files.empty())
                throw InputError(
                    (testDir / name).string() +
                    ": empty class folder (no .png, .jpg or .jpeg files); add images or remove the folder");
            for (auto &file : files)
                file.label = std::int32_t(k);
            testPerClass[k] = std::move(files);
        }
        scan.skippedFiles += testScan.skippedFiles;
        if (scan.firstSkipped.empty())
            scan.firstSkipped = testScan.firstSkipped;
    }

    for (std::size_t k = 0; k < classNames.size(); ++k) {
        ImageFolderClass cls;
        cls.name = classNames[k];
        cls.trainImages = std::int64_t(trainPerClass[k].size());
        cls.testImages = std::int64_t(testPerClass[k].size());
        for (int i = 0; i < samplesPerClass && i < int(trainPerClass[k].size()); ++i)
            cls.sampleFiles.push_back(trainPerClass[k][std::size_t(i)].path);
        scan.trainImages += cls.trainImages;
        scan.testImages += cls.testImages;
        scan.classes.push_back(std::move(cls));
    }
    listing.train = interleave(std::move(trainPerClass));
    listing.test = interleave(std::move(testPerClass));
    return listing;
}

// ---- cache -------------------------------------------------------------------------------

struct Fnv64 {
    std::uint64_t value = 0xcbf29ce484222325ull;
    void add(const void *data, std::size_t size)
    {
        const auto *bytes = static_cast<const std::uint8_t *>(data);
        for (std::size_t i = 0; i < size; ++i) {
            value ^= bytes[i];
            value *= 0x100000001b3ull;
        }
    }
    void add(const std::string &s)
    {
        add(s.data(), s.size());
        add("\0", 1);
    }
    template <typename T>
    void addValue(T v)
    {
        add(&v, sizeof v);
    }
};

std::uint64_t listingKey(const Listing &listing, int side)
{
    Fnv64 h;
    h.add("gdas image folder");
    h.addValue(kCacheVersion);
    h.addValue(std::int32_t(side));
    h.add(listing.scan.layout);
    for (const auto &cls : listing.scan.classes)
        h.add(cls.name);
    for (const auto *files : {&listing.train, &listing.test}) {
        h.addValue(std::uint64_t(files->size()));
        for (const auto &f : *files) {
            h.add(f.relative);
            h.addValue(f.size);
            h.addValue(f.mtime);
            h.addValue(f.label);
        }
    }
    return h.value;
}

std::string cachePath(const std::string &root, int side)
{
    std::error_code ec;
    fs::path canonical = fs::weakly_canonical(fs::absolute(root, ec), ec);
    if (canonical.empty())
        canonical = root;
    Fnv64 h;
    h.add(canonical.string());
    char name[64];
    std::snprintf(name, sizeof name, "%016llx-%d.gdasimg", static_cast<unsigned long long>(h.value), side);
    return (fs::path(imageFolderCacheDir()) / name).string();
}

struct Decoded {
    int channels = 0;
    std::vector<std::string> classNames;
    std::vector<float> mean, std;
    torch::Tensor trainImages, testImages; // uint8 [N, C, side, side]
    torch::Tensor trainLabels, testLabels; // int64 [N]
};

template <typename T>
bool readValue(std::istream &in, T &value)
{
    return bool(in.read(reinterpret_cast<char *>(&value), sizeof value));
}

template <typename T>
void writeValue(std::ostream &out, const T &value)
{
    out.write(reinterpret_cast<const char *>(&value), sizeof value);
}

// The split asked for from a cache file whose key matches; false when there is none, it is
// stale or it is unreadable (then the folder is decoded again and the file replaced).
bool readCache(const std::string &path, std::uint64_t key, int side, std::size_t classes, bool train, Decoded &out)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return false;
    char magic[8];
    std::uint32_t version = 0, fileSide = 0, channels = 0, fileClasses = 0;
    std::uint64_t fileKey = 0;
    if (!in.read(magic, 8) || std::memcmp(magic, kCacheMagic, 8) != 0 || !readValue(in, version) ||
        version != kCacheVersion || !readValue(in, fileKey) || fileKey != key || !readValue(in, fileSide) ||
        !readValue(in, channels) || !readValue(in, fileClasses) || int(fileSide) != side ||
        (channels != 1 && channels != 3) || fileClasses != classes)
        return false;
    for (std::uint32_t k = 0; k < fileClasses; ++k) {
        std::uint32_t length = 0;
        if (!readValue(in, length) || length > 4096)
            return false;
        std::string name(length, '\0');
        if (!in.read(name.data(), length))
            return false;
        out.classNames.push_back(std::move(name));
    }
    out.channels = int(channels);
    out.mean.resize(channels);
    out.std.resize(channels);
    std::uint64_t trainCount = 0, testCount = 0;
    if (!in.read(reinterpret_cast<char *>(out.mean.data()), std::streamsize(channels * sizeof(float))) ||
        !in.read(reinterpret_cast<char *>(out.std.data()), std::streamsize(channels * sizeof(float))) ||
        !readValue(in, trainCount) || !readValue(in, testCount))
        return false;
    const std::uint64_t count = train ? trainCount : testCount;
    const std::uint64_t imageBytes = std::uint64_t(channels) * std::uint64_t(side) * std::uint64_t(side);
    const std::streamoff labelsStart = in.tellg();
    const std::streamoff pixelsStart = labelsStart + std::streamoff((trainCount + testCount) * 4);
    std::vector<std::uint32_t> labels(count);
    in.seekg(labelsStart + std::streamoff(train ? 0 : trainCount * 4));
    if (!in.read(reinterpret_cast<char *>(labels.data()), std::streamsize(count * 4)))
        return false;
    auto images = torch::empty({std::int64_t(count), std::int64_t(channels), side, side}, torch::kUInt8);
    in.seekg(pixelsStart + std::streamoff(train ? 0 : trainCount * imageBytes));
    if (!in.read(reinterpret_cast<char *>(images.data_ptr<std::uint8_t>()), std::streamsize(count * imageBytes)))
        return false;
    auto labelTensor = torch::empty({std::int64_t(count)}, torch::kInt64);
    auto *label = labelTensor.data_ptr<std::int64_t>();
    for (std::uint64_t i = 0; i < count; ++i) {
        if (labels[i] >= classes)
            return false;
        label[i] = labels[i];
    }
    (train ? out.trainImages : out.testImages) = images;
    (train ? out.trainLabels : out.testLabels) = labelTensor;
    return true;
}

// Written to a temporary file and renamed, so a reader never sees half a cache. Returns the
// reason when it could not be written (the run goes on without a cache).
std::string writeCache(const std::string &path, std::uint64_t key, int side, const Decoded &d)
{
    std::error_code ec;
    fs::create_directories(fs::path(path).parent_path(), ec);
    if (ec)
        return ec.message();
    const std::string temporary = path + ".tmp" + std::to_string(::getpid());
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out)
            return std::strerror(errno);
        out.write(kCacheMagic, 8);
        writeValue(out, kCacheVersion);
        writeValue(out, key);
        writeValue(out, std::uint32_t(side));
        writeValue(out, std::uint32_t(d.channels));
        writeValue(out, std::uint32_t(d.classNames.size()));
        for (const auto &name : d.classNames) {
            writeValue(out, std::uint32_t(name.size()));
            out.write(name.data(), std::streamsize(name.size()));
        }
        out.write(reinterpret_cast<const char *>(d.mean.data()), std::streamsize(d.mean.size() * sizeof(float)));
        out.write(reinterpret_cast<const char *>(d.std.data()), std::streamsize(d.std.size() * sizeof(float)));
        writeValue(out, std::uint64_t(d.trainLabels.size(0)));
        writeValue(out, std::uint64_t(d.testLabels.size(0)));
        for (const auto *labels : {&d.trainLabels, &d.testLabels}) {
            const auto *l = labels->data_ptr<std::int64_t>();
            std::vector<std::uint32_t> narrow(l, l + labels->size(0));
            out.write(reinterpret_cast<const char *>(narrow.data()), std::streamsize(narrow.size() * 4));
        }
        for (const auto *images : {&d.trainImages, &d.testImages})
            out.write(reinterpret_cast<const char *>(images->data_ptr<std::uint8_t>()),
                      std::streamsize(images->numel()));
        out.flush();
        if (!out) {
            const std::string reason = std::strerror(errno);
            out.close();
            fs::remove(temporary, ec);
            return reason;
        }
    }
    fs::rename(temporary, path, ec);
    if (ec) {
        std::error_code ignored;
        fs::remove(temporary, ignored);
        return ec.message();
    }
    return {};
}

// ---- decoding ----------------------------------------------------------------------------

int decoderThreads(std::size_t files)
{
    const unsigned hardware = std::max(1u, std::thread::hardware_concurrency());
    return int(std::max<std::size_t>(1, std::min<std::size_t>(hardware, files / 16)));
}

Decoded decodeAll(const Listing &listing, int side, int &threadsUsed)
{
    std::vector<const FileEntry *> files;
    for (const auto &f : listing.train)
        files.push_back(&f);
    for (const auto &f : listing.test)
        files.push_back(&f);
    std::vector<DecodedImage> images(files.size());
    std::mutex errorMutex;
    std::vector<std::pair<std::size_t, std::string>> errors;
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t i = next++; i < files.size(); i = next++) {
            try {
                images[i] = decodeImageFile(files[i]->path, side);
            } catch (const std::exception &e) {
                std::lock_guard<std::mutex> lock(errorMutex);
                errors.emplace_back(i, e.what());
            }
        }
    };
    threadsUsed = decoderThreads(files.size());
    std::vector<std::thread> pool;
    for (int t = 1; t < threadsUsed; ++t)
        pool.emplace_back(work);
    work();
    for (auto &thread : pool)
        thread.join();
    if (!errors.empty()) {
        std::sort(errors.begin(), errors.end());
        std::string message = errors.front().second;
        if (errors.size() > 1) {
            message += "; " + std::to_string(errors.size() - 1) + " more file" + (errors.size() > 2 ? "s" : "") +
                       " could not be read, e.g. ";
            for (std::size_t i = 1; i < errors.size() && i < 4; ++i)
                message += (i > 1 ? ", " : "") + files[errors[i].first]->path;
        }
        throw InputError(message);
    }

    Decoded d;
    d.channels = 1;
    for (const auto &image : images)
        d.channels = std::max(d.channels, image.channels);
    for (const auto &cls : listing.scan.classes)
        d.classNames.push_back(cls.name);
    const std::int64_t plane = std::int64_t(side) * side;
    auto assemble = [&](std::size_t first, std::size_t count, torch::Tensor &out, torch::Tensor &labels) {
        out = torch::empty({std::int64_t(count), d.channels, side, side}, torch::kUInt8);
        labels = torch::empty({std::int64_t(count)}, torch::kInt64);
        auto *pixel = out.data_ptr<std::uint8_t>();
        auto *label = labels.data_ptr<std::int64_t>();
        for (std::size_t i = 0; i < count; ++i) {
            DecodedImage &image = images[first + i];
            std::uint8_t *target = pixel + std::int64_t(i) * d.channels * plane;
            for (int c = 0; c < d.channels; ++c)
                std::memcpy(target + c * plane, image.pixels.data() + (image.channels == 1 ? 0 : c * plane),
                            std::size_t(plane));
            label[i] = files[first + i]->label;
            std::vector<std::uint8_t>().swap(image.pixels); // keep the peak near one copy
        }
    };
    assemble(0, listing.train.size(), d.trainImages, d.trainLabels);
    assemble(listing.train.size(), listing.test.size(), d.testImages, d.testLabels);

    // Normalisation statistics of the training split, per channel, in [0,1] units, from exact
    // integer sums (a float64 copy of the pixels would need 8 times their memory).
    const std::int64_t count = d.trainImages.size(0);
    const auto *pixel = d.trainImages.data_ptr<std::uint8_t>();
    for (int c = 0; c < d.channels; ++c) {
        std::uint64_t sum = 0, squares = 0;
        for (std::int64_t i = 0; i < count; ++i) {
            const std::uint8_t *p = pixel + (i * d.channels + c) * plane;
            for (std::int64_t j = 0; j < plane; ++j) {
                sum += p[j];
                squares += std::uint64_t(p[j]) * p[j];
            }
        }
        const double n = double(count) * double(plane);
        const double mean = n > 0 ? double(sum) / n : 0.0;
        const double variance = n > 1 ? (double(squares) - double(sum) * mean) / (n - 1) : 0.0;
        d.mean.push_back(float(mean / 255.0));
        d.std.push_back(std::max(1e-3f, float(std::sqrt(std::max(0.0, variance)) / 255.0)));
    }
    return d;
}

std::string secondsText(double seconds)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.2f s", seconds);
    return text;
}

} // namespace

std::string imageFolderCacheDir()
{
    const std::string folder = xdgUserFolder("GDAS_CACHE_DIR", "XDG_CACHE_HOME", ".cache", "image-folders");
    return folder.empty() ? (fs::temp_directory_path() / "gdas-workbench-image-folders").string() : folder;
}

ImageFolderScan scanImageFolder(const std::string &root, int samplesPerClass, const std::atomic<bool> *cancel)
{
    return listFolder(root, samplesPerClass, cancel).scan;
}

ImageDataset readImageFolder(const std::string &dir, int side, bool train)
{
    if (dir.empty())
        throw InputError(std::string("the folder data set needs a folder (--data-dir DIR)") + kLayoutHelp);
    if (side < 4 || side > 1024)
        throw InputError(dir + ": image size " + std::to_string(side) + " is outside 4..1024");
    const auto start = std::chrono::steady_clock::now();
    const Listing listing = listFolder(dir, 0);
    if (!train && listing.test.empty())
        throw InputError(dir + ": no test images (" +
                         (listing.scan.layout == "classes" || listing.scan.layout == "train"
                              ? std::string("every 10th image of each class is held out, so a class needs 10 images "
                                            "to give one; add images or a test/ folder")
                              : "the " + listing.scan.layout.substr(6) + "/ folder holds no images") +
                         ")");
    const std::uint64_t key = listingKey(listing, side);
    const std::string cache = cachePath(dir, side);

    Decoded d;
    std::string how;
    if (readCache(cache, key, side, listing.scan.classes.size(), train, d)) {
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        how = "read from the cache " + cache + " in " + secondsText(seconds);
    } else {
        int threads = 1;
        d = decodeAll(listing, side, threads);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const std::string problem = writeCache(cache, key, side, d);
        how = "decoded " + std::to_string(listing.train.size() + listing.test.size()) + " files in " +
              secondsText(seconds) + " on " + std::to_string(threads) + " thread" + (threads > 1 ? "s" : "") +
              (problem.empty() ? ", cached in " + cache
                               : "; the cache " + cache + " could not be written (" + problem + ")");
    }

    const ImageFolderScan &scan = listing.scan;
    ImageDataset data;
    data.name = "folder";
    data.source = dir;
    data.images = train ? d.trainImages : d.testImages;
    data.labels = train ? d.trainLabels : d.testLabels;
    data.classes = int(scan.classes.size());
    data.mean = d.mean;
    data.std = d.std;
    data.classNames = d.classNames;
    std::string names;
    for (std::size_t k = 0; k < d.classNames.size() && k < 20; ++k)
        names += (k ? ", " : "") + d.classNames[k];
    if (d.classNames.size() > 20)
        names += " and " + std::to_string(d.classNames.size() - 20) + " more";
    data.notes = "image folder " + dir + " (" + scan.layout + "): " + std::to_string(data.classes) + " classes (" +
                 names + "), " + std::to_string(scan.trainImages) + " training / " + std::to_string(scan.testImages) +
                 " test images at " + std::to_string(side) + "x" + std::to_string(side) + "x" +
                 std::to_string(d.channels) + "; " + how;
    if (scan.skippedFiles > 0)
        data.notes += "; " + std::to_string(scan.skippedFiles) + " other file" + (scan.skippedFiles > 1 ? "s" : "") +
                      " skipped (not .png/.jpg/.jpeg, e.g. " + scan.firstSkipped + ")";
    return data;
}

} // namespace gdas::engine
