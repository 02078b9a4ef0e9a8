#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace gdas::model {

// What a folder that a new run or an export would write into already holds. A run never writes
// into an occupied folder: it refuses, or (asked explicitly) moves the old contents aside into a
// dated sub-folder first. Nothing here deletes a file.
struct FolderContents {
    bool exists = false;
    bool isDirectory = false;
    std::vector<std::string> names;      // entry names, sorted, but for the moved-aside folders
    std::vector<std::string> asideNames; // sub-folders previous-*: earlier contents moved aside
    bool holdsRun = false;               // a config.json: a run directory (search or retrain)
    bool holdsFinishedRun = false;       // ... with a genotype.json or a "finished" status row

    bool occupied() const { return exists && (!isDirectory || !names.empty()); }
};

class OutputFolderError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

FolderContents inspectOutputFolder(const std::string &directory);

// One sentence for an occupied folder: which folder, what it holds (a run or other files, the
// first few names and how many more). Empty when the folder may be written.
std::string describeOccupiedFolder(const std::string &directory, const FolderContents &contents);

// Moves every entry of `directory` into a new sub-folder `previous-YYYYMMDD-HHMMSS` (a suffix
// -2, -3, ... when that exists) by rename, so nothing is copied or deleted; returns the
// sub-folder's path. Earlier previous-* sub-folders stay where they are, beside the new one: a
// folder that holds only those counts as free for a new run. Throws OutputFolderError naming the entry that could not be moved (the
// entries moved before it stay in the sub-folder, none is lost).
std::string moveContentsAside(const std::string &directory);

// `directory` itself when it may be written; otherwise the first of `directory-2`,
// `directory-3`, ... that does not exist or is an empty folder.
std::string freshFolderName(const std::string &directory);

// For single-file exports: throws OutputFolderError("PATH exists; ...") when `path` exists and
// `overwrite` is false. `flag` names the option that allows replacing it (e.g. "--overwrite").
void refuseExistingFile(const std::string &path, bool overwrite, const std::string &flag);

} // namespace gdas::model
