#include "engine/Distributed.h"

#include "engine/EngineError.h"

#include <cerrno>
#include <climits>
#include <cstdlib>

namespace gdas::engine {

namespace {

int parseInt(const char *name, const char *text, long low, long high)
{
    const std::string value = text;
    errno = 0;
    char *end = nullptr;
    const long parsed = std::strtol(text, &end, 10);
    if (value.empty() || end == text || *end != '\0' || errno == ERANGE || parsed < low || parsed > high)
        throw InputError(std::string("environment variable ") + name + "='" + value + "' is not an integer in " +
                         std::to_string(low) + ".." + std::to_string(high));
    return static_cast<int>(parsed);
}

} // namespace

DistributedInfo distributedInfoFrom(const std::function<const char *(const char *)> &lookup)
{
    DistributedInfo info;
    const char *world = lookup("WORLD_SIZE");
    if (!world)
        return info;
    info.worldSize = parseInt("WORLD_SIZE", world, 1, 1 << 20);
    if (info.worldSize == 1)
        return info;
    const char *rank = lookup("RANK");
    if (!rank)
        throw InputError("WORLD_SIZE=" + std::string(world) +
                         " but RANK is not set: start every process with RANK, WORLD_SIZE, MASTER_ADDR and "
                         "MASTER_PORT (torchrun sets them)");
    info.rank = parseInt("RANK", rank, 0, info.worldSize - 1);
    if (const char *local = lookup("LOCAL_RANK"))
        info.localRank = parseInt("LOCAL_RANK", local, 0, INT_MAX);
    if (const char *addr = lookup("MASTER_ADDR")) {
        if (std::string(addr).empty())
            throw InputError("environment variable MASTER_ADDR is empty");
        info.masterAddr = addr;
    }
    if (const char *port = lookup("MASTER_PORT"))
        info.masterPort = parseInt("MASTER_PORT", port, 1, 65535);
    return info;
}

DistributedInfo distributedInfoFromEnvironment()
{
    return distributedInfoFrom([](const char *name) { return std::getenv(name); });
}

} // namespace gdas::engine
