#pragma once

#include <functional>
#include <string>

namespace gdas::engine {

// Where this process stands in a data-parallel job, as torchrun (or any launcher that sets the
// same variables) describes it: RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT.
struct DistributedInfo {
    int rank = 0;
    int worldSize = 1;
    int localRank = 0; // selects cuda:LOCAL_RANK when the device is "cuda"/"auto"
    std::string masterAddr = "127.0.0.1";
    int masterPort = 29500;
    bool active() const { return worldSize > 1; }
    bool writesRunDirectory() const { return rank == 0; }
};

// Reads the variables through `lookup` (nullptr: unset). WORLD_SIZE unset or 1: a single
// process (the other variables are then ignored). Throws InputError naming the variable and its
// value when one is malformed or out of range, or when WORLD_SIZE > 1 and RANK is missing.
DistributedInfo distributedInfoFrom(const std::function<const char *(const char *)> &lookup);
// The same from this process's environment.
DistributedInfo distributedInfoFromEnvironment();

} // namespace gdas::engine
