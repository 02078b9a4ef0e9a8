#include "OutputFolder.h"

#include "RunRecord.h"
#include "TimeStamp.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace fs = std::filesystem;

namespace gdas::model {

namespace {

constexpr const char *kAsidePrefix = "previous-";

bool statusFinished(const fs::path &metrics)
{
    // The last status row decides; a finished run's last one says "finished".
    const std::string statusRow = std::string("\"type\":\"") + metric::kStatus + "\"";
    const std::string finishedWord = "\"status\":\"" + std::string(toString(RunStatus::Finished)) + "\"";
    std::ifstream in(metrics, std::ios::binary);
    std::string line;
    bool finished = false;
    while (std::getline(in, line)) {
        if (line.find(statusRow) == std::string::npos)
            continue;
        finished = line.find(finishedWord) != std::string::npos;
    }
    return finished;
}

} // namespace

FolderContents inspectOutputFolder(const std::string &directory)
{
    FolderContents c;
    std::error_code ec;
    const fs::file_status st = fs::status(directory, ec);
    if (ec || !fs::exists(st))
        return c;
    c.exists = true;
    c.isDirectory = fs::is_directory(st);
    if (!c.isDirectory)
        return c;
    fs::directory_iterator it(directory, ec);
    if (ec)
        throw OutputFolderError(directory + ": cannot list the folder (" + ec.message() + ")");
    for (const fs::directory_entry &e : it) {
        const std::string name = e.path().filename().string();
        std::error_code dirError;
        const bool aside = name.rfind(kAsidePrefix, 0) == 0 && e.is_directory(dirError);
        (aside ? c.asideNames : c.names).push_back(name);
    }
    std::sort(c.names.begin(), c.names.end());
    std::sort(c.asideNames.begin(), c.asideNames.end());
    const auto has = [&](const char *name) { return std::binary_search(c.names.begin(), c.names.end(), name); };
    c.holdsRun = has("config.json");
    c.holdsFinishedRun =
        c.holdsRun &&
        (has("genotype.json") || (has("metrics.jsonl") && statusFinished(fs::path(directory) / "metrics.jsonl")));
    return c;
}

std::string describeOccupiedFolder(const std::string &directory, const FolderContents &contents)
{
    if (!contents.occupied())
        return {};
    if (!contents.isDirectory)
        return directory + " is a file, not a folder";
    std::string what = contents.holdsFinishedRun ? "a finished run"
                       : contents.holdsRun       ? "a run that has not finished"
                                                 : "files that are not a run";
    std::string list;
    const std::size_t shown = std::min<std::size_t>(contents.names.size(), 4);
    for (std::size_t i = 0; i < shown; ++i)
        list += (i ? ", " : "") + contents.names[i];
    if (contents.names.size() > shown)
        list += " and " + std::to_string(contents.names.size() - shown) + " more";
    return directory + " is not empty: it holds " + what + " (" + list + ")";
}

std::string moveContentsAside(const std::string &directory)
{
    const FolderContents contents = inspectOutputFolder(directory);
    if (!contents.exists || !contents.isDirectory)
        throw OutputFolderError(directory + ": not a folder, nothing to move aside");
    if (contents.names.empty())
        throw OutputFolderError(directory + ": nothing to move aside");
    const std::string base = kAsidePrefix + timeStampNow("%Y%m%d-%H%M%S", TimeZone::Local);
    fs::path target = fs::path(directory) / base;
    for (int n = 2; fs::exists(target); ++n)
        target = fs::path(directory) / (base + "-" + std::to_string(n));
    std::error_code ec;
    fs::create_directory(target, ec);
    if (ec)
        throw OutputFolderError(target.string() + ": cannot create (" + ec.message() + "); nothing was moved");
    for (const std::string &name : contents.names) {
        fs::rename(fs::path(directory) / name, target / name, ec);
        if (ec)
            throw OutputFolderError((fs::path(directory) / name).string() + ": cannot move into " + target.string() +
                                    " (" + ec.message() + "); what was moved before it is there, nothing was deleted");
    }
    return target.string();
}

std::string freshFolderName(const std::string &directory)
{
    std::string candidate = directory;
    while (!candidate.empty() && candidate.size() > 1 && candidate.back() == '/')
        candidate.pop_back();
    const std::string base = candidate;
    for (int n = 2; inspectOutputFolder(candidate).occupied(); ++n)
        candidate = base + "-" + std::to_string(n);
    return candidate;
}

void refuseExistingFile(const std::string &path, bool overwrite, const std::string &flag)
{
    std::error_code ec;
    if (overwrite || !fs::exists(path, ec))
        return;
    if (fs::is_directory(path, ec))
        throw OutputFolderError(path + " is a folder; name a file to write");
    throw OutputFolderError(path + " exists; choose another file name, or add " + flag + " to replace it");
}

} // namespace gdas::model
