#include "Checkpoint.h"

#include "RunWriter.h"
#include "engine/EngineError.h"

#include <filesystem>
#include <sstream>

namespace gdas::engine {

void saveArchiveAtomically(torch::serialize::OutputArchive &archive, const std::string &path)
{
    std::ostringstream buffer;
    archive.save_to(buffer);
    writeFileAtomically(path, buffer.str());
}

void loadArchive(torch::serialize::InputArchive &archive, const std::string &path)
{
    if (!std::filesystem::exists(path))
        throw InputError(path + ": no checkpoint there");
    try {
        archive.load_from(path);
    } catch (const c10::Error &e) {
        throw InputError(path + ": not a readable checkpoint (truncated or corrupt): " + e.what_without_backtrace());
    }
}

c10::IValue readValue(torch::serialize::InputArchive &archive, const std::string &key, const std::string &path)
{
    c10::IValue value;
    if (!archive.try_read(key, value))
        throw InputError(path + ": checkpoint has no '" + key + "' (written by another program or version?)");
    return value;
}

torch::Tensor readTensor(torch::serialize::InputArchive &archive, const std::string &key, const std::string &path,
                         bool isBuffer)
{
    torch::Tensor tensor;
    if (!archive.try_read(key, tensor, isBuffer))
        throw InputError(path + ": checkpoint has no '" + key + "' (written by another program or version?)");
    return tensor;
}

} // namespace gdas::engine
