#include "RunWriter.h"

#include "engine/EngineError.h"
#include "model/OutputFolder.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace gdas::engine {

namespace {

// A run name typed in another encoding (--name, the workbench) must not make every later
// write of the run fail: such bytes are written as U+FFFD.
constexpr auto kReplaceInvalidUtf8 = nlohmann::json::error_handler_t::replace;

std::string osError() { return std::strerror(errno); }

// Keeps the complete lines of `path` for which `keep(json)` is true; rewrites atomically.
template <typename Keep>
void filterLines(const std::string &path, Keep keep)
{
    if (!fs::exists(path))
        return;
    std::string text = readWholeFile(path);
    std::string out;
    std::size_t pos = 0;
    bool changed = false;
    while (pos < text.size()) {
        const std::size_t end = text.find('\n', pos);
        if (end == std::string::npos) { // torn line from a crash mid-write
            changed = true;
            break;
        }
        const std::string line = text.substr(pos, end - pos);
        pos = end + 1;
        nlohmann::json row = nlohmann::json::parse(line, nullptr, false);
        if (!row.is_discarded() && keep(row))
            out += line + '\n';
        else
            changed = true;
    }
    if (changed)
        writeFileAtomically(path, out);
}

} // namespace

std::string readWholeFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError(path + ": cannot open (" + osError() + ")");
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad())
        throw InputError(path + ": read error");
    return ss.str();
}

void writeFileAtomically(const std::string &path, const std::string &data, const std::string &temporarySuffix)
{
    const std::string tmp = path + temporarySuffix;
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        throw RuntimeFailure(tmp + ": cannot create (" + osError() + ")");
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            const std::string err = osError();
            ::close(fd);
            ::unlink(tmp.c_str());
            throw RuntimeFailure(path + ": write failed (" + err + "); the previous file is kept");
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const std::string err = osError();
        ::unlink(tmp.c_str());
        throw RuntimeFailure(path + ": write failed (" + err + "); the previous file is kept");
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        const std::string err = osError();
        ::unlink(tmp.c_str());
        throw RuntimeFailure(path + ": rename failed (" + err + ")");
    }
}

void refuseOccupiedRunFolder(const std::string &directory, model::RunKind kind)
{
    model::FolderContents contents;
    try {
        contents = model::inspectOutputFolder(directory);
    } catch (const model::OutputFolderError &e) {
        throw InputError(e.what());
    }
    if (!contents.occupied())
        return;
    std::string message = model::describeOccupiedFolder(directory, contents) + ". Nothing was written. ";
    if (!contents.isDirectory)
        throw InputError(message + "Choose another --out.");
    if (contents.holdsRun)
        message +=
            std::string(contents.holdsFinishedRun ? "Extend that run with `gdas " : "Continue that run with `gdas ") +
            std::string(model::toString(kind)) + " --resume " + directory +
            (contents.holdsFinishedRun ? " --epochs N`" : "`") + ", choose another --out";
    else
        message += "Choose another --out";
    throw InputError(message + ", or add --move-aside to move what is there into a dated sub-folder of it first.");
}

RunWriter::RunWriter(std::string directory) : m_dir(std::move(directory))
{
    std::error_code ec;
    fs::create_directories(m_dir, ec);
    if (ec)
        throw RuntimeFailure(m_dir + ": cannot create the run directory (" + ec.message() + ")");
}

RunWriter::~RunWriter()
{
    if (m_metrics)
        std::fclose(m_metrics);
    if (m_epochs)
        std::fclose(m_epochs);
}

std::string RunWriter::path(const std::string &file) const { return (fs::path(m_dir) / file).string(); }

void RunWriter::writeConfig(const nlohmann::json &config)
{
    writeFileAtomically(path("config.json"), config.dump(2, ' ', false, kReplaceInvalidUtf8) + "\n");
}

std::string RunWriter::recordLearningRateScale(double factor, double total, int epoch, long long step)
{
    const std::string configPath = path("config.json");
    nlohmann::json config = nlohmann::json::parse(readWholeFile(configPath), nullptr, false);
    if (!config.is_object())
        throw InputError(configPath + ": not a JSON object");
    config["lr_scale"] = total;
    if (!config.contains("lr_scale_changes") || !config["lr_scale_changes"].is_array())
        config["lr_scale_changes"] = nlohmann::json::array();
    config["lr_scale_changes"].push_back({{"epoch", epoch}, {"step", step}, {"factor", factor}});
    writeConfig(config);
    std::ostringstream message;
    message << "learning rates scaled by " << factor << " from epoch " << epoch << " step " << step << " on (" << total
            << " x the configured ones)";
    appendStatus(model::RunStatus::Running, message.str());
    return message.str();
}

void RunWriter::writeGenotype(const std::string &json) { writeFileAtomically(path("genotype.json"), json + "\n"); }

void RunWriter::appendLine(std::FILE *&file, const std::string &name, const std::string &text)
{
    const std::string p = path(name);
    if (!file) {
        file = std::fopen(p.c_str(), "ab");
        if (!file)
            throw RuntimeFailure(p + ": cannot open for appending (" + osError() + ")");
    }
    const std::string line = text + "\n";
    if (std::fwrite(line.data(), 1, line.size(), file) != line.size() || std::fflush(file) != 0) {
        const std::string err = osError();
        // A short write can leave half a line; the next open (resume) drops it.
        std::fclose(file);
        file = nullptr;
        throw RuntimeFailure(p + ": write failed (" + err + ")");
    }
}

void RunWriter::appendRow(const model::MetricRow &row)
{
    appendLine(m_metrics, "metrics.jsonl", model::metricRowToJson(row));
}

void RunWriter::appendEpochRecord(const model::EpochRecord &record)
{
    appendLine(m_epochs, "epochs.jsonl", model::epochRecordToJson(record));
}

void RunWriter::appendStatus(model::RunStatus status, const std::string &message)
{
    appendLine(m_metrics, "metrics.jsonl", model::statusRowToJson(status, message));
}

void RunWriter::appendMetric(const nlohmann::json &row)
{
    appendLine(m_metrics, "metrics.jsonl", row.dump(-1, ' ', false, kReplaceInvalidUtf8));
}

void RunWriter::appendEpoch(const nlohmann::json &row)
{
    appendLine(m_epochs, "epochs.jsonl", row.dump(-1, ' ', false, kReplaceInvalidUtf8));
}

void RunWriter::truncateAfter(int epochsDone, long long stepInEpoch)
{
    if (m_metrics) {
        std::fclose(m_metrics);
        m_metrics = nullptr;
    }
    if (m_epochs) {
        std::fclose(m_epochs);
        m_epochs = nullptr;
    }
    // Position of the checkpoint: epoch `epochsDone`, `stepInEpoch` steps into it.
    filterLines(path("metrics.jsonl"), [&](const nlohmann::json &row) {
        const std::string type = row.value("type", "");
        const int epoch = row.value("epoch", -1);
        if (type == "step")
            return epoch < epochsDone || (epoch == epochsDone && row.value("step", 0LL) < stepInEpoch);
        if (type == "epoch")
            return epoch < epochsDone;
        return true; // status rows tell the story of the run, keep them
    });
    filterLines(path("epochs.jsonl"), [&](const nlohmann::json &row) { return row.value("epoch", -1) < epochsDone; });
}

} // namespace gdas::engine
