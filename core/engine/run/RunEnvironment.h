#pragma once

#include "RunWriter.h"
#include "engine/Distributed.h"

#include <torch/types.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace spdlog {
class logger;
}

namespace gdas::engine {

class DistributedContext;
struct BatcherOptions;
class GradientAverager;
class RunDirectoryObserver;

// What every run shares, search or retraining: where this process stands in the job (one
// process, or a rank of a torchrun job), the device, the distributed context, and on the rank
// that writes the run directory (rank 0) its writer, its observer and log.txt; the log, the
// status rows and the failure. The sessions keep their loops.
class RunEnvironment {
public:
    RunEnvironment(); // reads the job from the environment (RANK, WORLD_SIZE, ...)
    ~RunEnvironment();
    RunEnvironment(const RunEnvironment &) = delete;
    RunEnvironment &operator=(const RunEnvironment &) = delete;

    const DistributedInfo &job() const { return m_job; }
    // Before a new run: throws InputError when the run folder is occupied (rank 0 checks; see
    // refuseOccupiedRunFolder).
    void refuseOccupiedFolder(const std::string &runDir, model::RunKind kind) const;
    // "cpu", "cuda", "cuda:N" or "auto"; in a data-parallel job "cuda" and "auto" mean this rank's
    // own GPU (torchrun starts one process per GPU). Throws InputError for a missing device.
    void chooseDevice(const std::string &request);
    // LibTorch's CPU threads and the CUDA settings; in a data-parallel job, joins it (waiting at
    // most `timeout` at every collective).
    void start(int threads, bool deterministic, std::chrono::seconds timeout);

    const torch::Device &device() const { return m_device; }
    DistributedContext *dist() const { return m_dist.get(); }       // null: one process
    GradientAverager *averager() const { return m_averager.get(); } // null: one process
    int worldSize() const { return m_job.worldSize; }
    // A batcher of `batchSize` rows for this process: page-locked for a CUDA device and, in a
    // data-parallel job, serving this rank's shard of every batch.
    BatcherOptions batcherOptions(int batchSize, bool channelsLast) const;

    // Rank 0: creates the run directory, its writer and observer and log.txt (lines formatted
    // by spdlog's `logPattern`); other ranks write nothing.
    void openRunDirectory(const std::string &runDir, const std::string &logPattern);
    RunWriter *writer() const { return m_writer.get(); } // null: not rank 0
    RunDirectoryObserver *runDirectory() const { return m_runDirectory.get(); }

    // config.json (rank 0 only): `config` and the versions that produced the run
    // ("program_version", "libtorch_version") and the job's size ("world_size", a record only:
    // a resume takes any size).
    void writeConfig(nlohmann::json config) const;

    // Where log() lines go besides log.txt (the session's observers' onLog).
    void setLogListener(std::function<void(const std::string &)> listener);
    void log(const std::string &line);
    // A status row of metrics.jsonl (nothing on a rank that does not write the run directory).
    void status(model::RunStatus status, const std::string &message = {});
    // Logs "failed: <message>" and writes the "failed" status row; a disk that is the problem
    // does not hide the message, which the caller's outcome carries.
    void recordFailure(const std::string &message);

private:
    DistributedInfo m_job;
    torch::Device m_device{torch::kCPU};
    std::unique_ptr<DistributedContext> m_dist;
    std::unique_ptr<GradientAverager> m_averager;
    std::unique_ptr<RunWriter> m_writer;
    std::unique_ptr<RunDirectoryObserver> m_runDirectory;
    std::shared_ptr<spdlog::logger> m_logger;
    std::function<void(const std::string &)> m_logListener;
};

// Runs `body`; returns the message of an exception it threw (LibTorch's without the C++ stack
// trace its what() appends), nothing when it returned.
std::optional<std::string> failureOf(const std::function<void()> &body);

} // namespace gdas::engine
