#include "RunEnvironment.h"

#include "RunDirectoryObserver.h"
#include "engine/data/Batcher.h"
#include "engine/distributed/DistributedContext.h"
#include "engine/distributed/GradientAverager.h"
#include "engine/search/DeviceSelection.h"

#include <spdlog/logger.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <torch/version.h>

#include <atomic>
#include <exception>

namespace gdas::engine {

namespace {

std::string uniqueLoggerName()
{
    static std::atomic<int> counter{0};
    return "run-" + std::to_string(++counter);
}

} // namespace

RunEnvironment::RunEnvironment() : m_job(distributedInfoFromEnvironment()) {}

RunEnvironment::~RunEnvironment() = default;

void RunEnvironment::refuseOccupiedFolder(const std::string &runDir, model::RunKind kind) const
{
    if (m_job.writesRunDirectory())
        refuseOccupiedRunFolder(runDir, kind);
}

BatcherOptions RunEnvironment::batcherOptions(int batchSize, bool channelsLast) const
{
    BatcherOptions options;
    options.batchSize = batchSize;
    options.channelsLast = channelsLast;
    options.pinMemory = m_device.is_cuda();
    if (m_dist) {
        // Global batch B: each rank takes its B / world rows of every batch (see docs/ENGINE.md).
        options.shardIndex = m_dist->rank();
        options.shardCount = m_dist->worldSize();
    }
    return options;
}

void RunEnvironment::chooseDevice(const std::string &request)
{
    m_device = selectDevice(request);
    if (m_job.active() && m_device.is_cuda() && request.find(':') == std::string::npos)
        m_device = selectDevice("cuda:" + std::to_string(m_job.localRank));
}

void RunEnvironment::start(int threads, bool deterministic, std::chrono::seconds timeout)
{
    applyCpuThreads(threads);
    if (m_device.is_cuda())
        configureCuda(deterministic);
    if (m_job.active()) {
        m_dist = std::make_unique<DistributedContext>(m_job, m_device, timeout);
        m_averager = std::make_unique<GradientAverager>(*m_dist);
    }
}

void RunEnvironment::openRunDirectory(const std::string &runDir, const std::string &logPattern)
{
    if (!m_job.writesRunDirectory())
        return;
    m_writer = std::make_unique<RunWriter>(runDir);
    m_runDirectory = std::make_unique<RunDirectoryObserver>(*m_writer);
    m_logger = std::make_shared<spdlog::logger>(uniqueLoggerName(), std::make_shared<spdlog::sinks::basic_file_sink_mt>(
                                                                        m_writer->path("log.txt"), /*truncate=*/false));
    m_logger->set_pattern(logPattern);
    m_logger->flush_on(spdlog::level::info);
}

void RunEnvironment::writeConfig(nlohmann::json config) const
{
    if (!m_writer)
        return;
    config["program_version"] = GDAS_VERSION;
    config["libtorch_version"] = TORCH_VERSION;
    config["world_size"] = m_job.worldSize;
    m_writer->writeConfig(config);
}

void RunEnvironment::setLogListener(std::function<void(const std::string &)> listener)
{
    m_logListener = std::move(listener);
}

void RunEnvironment::log(const std::string &line)
{
    if (m_logger)
        m_logger->info(line);
    if (m_logListener)
        m_logListener(line);
}

void RunEnvironment::status(model::RunStatus status, const std::string &message)
{
    if (m_writer)
        m_writer->appendStatus(status, message);
}

void RunEnvironment::recordFailure(const std::string &message)
{
    log("failed: " + message);
    try {
        status(model::RunStatus::Failed, message);
    } catch (const std::exception &) {
        // The disk may be the problem; the outcome still carries the message.
    }
}

std::optional<std::string> failureOf(const std::function<void()> &body)
{
    try {
        body();
    } catch (const c10::Error &e) {
        return e.what_without_backtrace(); // LibTorch's what() appends a C++ stack trace
    } catch (const std::exception &e) {
        return e.what();
    }
    return std::nullopt;
}

} // namespace gdas::engine
