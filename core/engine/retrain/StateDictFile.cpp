#include "StateDictFile.h"

#include "engine/EngineError.h"
#include "engine/run/RunWriter.h"

#include <ATen/core/Dict.h>
#include <torch/serialize.h>
#include <torch/utils.h>

#include <map>
#include <sstream>

namespace gdas::engine {

namespace {

void collect(const torch::nn::Module &module, const std::string &prefix, StateDict &out)
{
    for (const auto &item : module.named_parameters(/*recurse=*/false))
        out.emplace_back(prefix + item.key(), item.value().detach());
    for (const auto &item : module.named_buffers(/*recurse=*/false))
        out.emplace_back(prefix + item.key(), item.value().detach());
    for (const auto &child : module.named_children())
        collect(*child.value(), prefix + child.key() + ".", out);
}

std::string shapeText(const torch::Tensor &t)
{
    std::ostringstream s;
    s << t.sizes();
    return s.str();
}

} // namespace

StateDict stateDictOf(const torch::nn::Module &module)
{
    StateDict out;
    collect(module, "", out);
    return out;
}

void writeStateDictFile(const StateDict &dict, const std::string &path)
{
    c10::Dict<std::string, at::Tensor> pickled;
    for (const auto &[name, tensor] : dict)
        pickled.insert(name, tensor.detach().to(torch::kCPU).contiguous().clone());
    const std::vector<char> bytes = torch::pickle_save(c10::IValue(pickled));
    writeFileAtomically(path, std::string(bytes.begin(), bytes.end()));
}

StateDict readStateDictFile(const std::string &path)
{
    const std::string text = readWholeFile(path);
    c10::IValue value;
    try {
        value = torch::pickle_load(std::vector<char>(text.begin(), text.end()));
    } catch (const c10::Error &e) {
        throw InputError(path + ": not a PyTorch weights file: " + e.what_without_backtrace());
    }
    if (!value.isGenericDict())
        throw InputError(path + ": holds a " + value.tagKind() + ", not a dict of tensors");
    StateDict out;
    for (const auto &entry : value.toGenericDict()) {
        if (!entry.key().isString() || !entry.value().isTensor())
            throw InputError(path + ": an entry is not a name -> tensor pair");
        out.emplace_back(entry.key().toStringRef(), entry.value().toTensor());
    }
    return out;
}

void loadStateDict(torch::nn::Module &module, const StateDict &dict, const std::string &source)
{
    std::map<std::string, torch::Tensor> given(dict.begin(), dict.end());
    torch::NoGradGuard noGrad;
    for (auto &[name, target] : stateDictOf(module)) {
        const auto it = given.find(name);
        if (it == given.end())
            throw InputError(source + ": no '" + name + "' (the weights are of another network)");
        if (!it->second.sizes().equals(target.sizes()))
            throw InputError(source + ": '" + name + "' has shape " + shapeText(it->second) + ", the network's is " +
                             shapeText(target));
        target.copy_(it->second);
        given.erase(it);
    }
    if (!given.empty())
        throw InputError(source + ": unexpected '" + given.begin()->first + "' (the weights are of another network)");
}

} // namespace gdas::engine
