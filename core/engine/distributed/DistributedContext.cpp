#include "DistributedContext.h"

#include "TensorCoalescing.h"
#include "engine/EngineError.h"

#include <torch/torch.h>

#if defined(GDAS_HAVE_GLOO) || defined(GDAS_HAVE_NCCL)
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#endif
#ifdef GDAS_HAVE_GLOO
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#endif
#ifdef GDAS_HAVE_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif
#ifdef GDAS_TORCH_CUDA
#include <c10/cuda/CUDAFunctions.h>
#endif

#include <cstdlib>

namespace gdas::engine {

namespace {

std::string firstLine(const std::exception &e)
{
    std::string text = e.what();
    if (const auto *c10error = dynamic_cast<const c10::Error *>(&e))
        text = c10error->what_without_backtrace();
    const auto end = text.find('\n');
    return end == std::string::npos ? text : text.substr(0, end);
}

bool isLoopback(const std::string &address)
{
    return address == "localhost" || address.rfind("127.", 0) == 0 || address == "::1";
}

// The two collectives a data-parallel step needs, over whichever backend was built. The base
// class of process groups changed between LibTorch 1.13 (ProcessGroup) and 2.x (Backend); a
// template over the concrete group keeps this file free of that difference.
class Collectives {
public:
    virtual ~Collectives() = default;
    virtual void allreduceSum(std::vector<at::Tensor> &tensors) = 0;
    virtual void broadcast(std::vector<at::Tensor> &tensors, int root) = 0;
};

#if defined(GDAS_HAVE_GLOO) || defined(GDAS_HAVE_NCCL)
template <class Group>
class GroupCollectives final : public Collectives {
public:
    explicit GroupCollectives(c10::intrusive_ptr<Group> group) : m_group(std::move(group)) {}
    void allreduceSum(std::vector<at::Tensor> &tensors) override
    {
        c10d::AllreduceOptions options;
        options.reduceOp = c10d::ReduceOp::SUM;
        // NCCL: wait() makes the current stream wait, the host goes on; Gloo: the host waits.
        m_group->allreduce(tensors, options)->wait();
    }
    void broadcast(std::vector<at::Tensor> &tensors, int root) override
    {
        c10d::BroadcastOptions options;
        options.rootRank = root;
        m_group->broadcast(tensors, options)->wait();
    }

private:
    c10::intrusive_ptr<Group> m_group;
};
#endif

} // namespace

struct DistributedContext::Impl {
    DistributedInfo info;
    std::chrono::seconds timeout{0};
    std::string backend;
#if defined(GDAS_HAVE_GLOO) || defined(GDAS_HAVE_NCCL)
    c10::intrusive_ptr<c10d::Store> store;
#endif
    std::unique_ptr<Collectives> collectives;

    [[noreturn]] void fail(const std::string &operation, const std::exception &e) const;
    std::string where() const
    {
        return "rank " + std::to_string(info.rank) + " of " + std::to_string(info.worldSize) + " (" + backend +
               " via " + info.masterAddr + ":" + std::to_string(info.masterPort) + ")";
    }
};

void DistributedContext::Impl::fail(const std::string &operation, const std::exception &e) const
{
    throw RuntimeFailure("distributed " + where() + ": " + operation + " failed: " + firstLine(e) +
                         " (another rank exited, crashed or did not answer within " + std::to_string(timeout.count()) +
                         " s)");
}

bool DistributedContext::backendAvailable(const torch::Device &device)
{
#ifdef GDAS_HAVE_GLOO
    (void)device;
    return true; // Gloo takes CPU and (staging through the host) CUDA tensors
#elif defined(GDAS_HAVE_NCCL)
    return device.is_cuda();
#else
    (void)device;
    return false;
#endif
}

DistributedContext::DistributedContext(const DistributedInfo &info, const torch::Device &device,
                                       std::chrono::seconds timeout)
    : m_impl(std::make_unique<Impl>())
{
    auto &impl = *m_impl;
    impl.info = info;
    impl.timeout = timeout;
    if (timeout.count() <= 0)
        throw InputError("distributed timeout must be positive (got " + std::to_string(timeout.count()) + " s)");
    if (!info.active())
        throw InputError("a distributed context needs WORLD_SIZE > 1");
#if defined(GDAS_HAVE_NCCL)
    impl.backend = device.is_cuda() ? "nccl" : "gloo";
#else
    impl.backend = "gloo";
#endif
    if (!backendAvailable(device))
        throw InputError("WORLD_SIZE=" + std::to_string(info.worldSize) +
                         ": this build of gdas has no c10d backend for " + device.str() +
                         " (LibTorch without Gloo headers" +
                         (device.is_cuda() ? std::string(" or NCCL") : std::string()) + ")");
#ifdef GDAS_TORCH_CUDA
    // NCCL and stray allocations use the current device: make it this rank's, not cuda:0.
    if (device.is_cuda() && device.has_index())
        c10::cuda::set_device(device.index());
#endif
#if defined(GDAS_HAVE_GLOO) || defined(GDAS_HAVE_NCCL)
    const auto timeoutMs = std::chrono::duration_cast<std::chrono::milliseconds>(timeout);
    try {
        c10d::TCPStoreOptions options;
        options.port = static_cast<std::uint16_t>(info.masterPort);
        options.isServer = info.rank == 0;
        options.numWorkers = static_cast<std::size_t>(info.worldSize);
        options.waitWorkers = true; // rank 0 returns once every rank has connected (or times out)
        options.timeout = timeoutMs;
        impl.store = c10::make_intrusive<c10d::TCPStore>(info.masterAddr, options);
    } catch (const std::exception &e) {
        impl.fail("joining the rendezvous store", e);
    }
    try {
#ifdef GDAS_HAVE_NCCL
        if (impl.backend == "nccl") {
            auto options = c10d::ProcessGroupNCCL::Options::create();
            options->timeout = timeoutMs;
            impl.collectives = std::make_unique<GroupCollectives<c10d::ProcessGroupNCCL>>(
                c10::make_intrusive<c10d::ProcessGroupNCCL>(impl.store, info.rank, info.worldSize, options));
        }
#endif
#ifdef GDAS_HAVE_GLOO
        if (impl.backend == "gloo") {
            auto options = c10d::ProcessGroupGloo::Options::create(timeoutMs);
            // Which interface carries the traffic: GLOO_SOCKET_IFNAME as PyTorch honours it, the
            // loopback device for a job on one machine, else this host's resolved address.
            if (const char *ifname = std::getenv("GLOO_SOCKET_IFNAME"); ifname && *ifname)
                options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(ifname));
            else if (isLoopback(info.masterAddr))
                options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
            else
                options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
            impl.collectives = std::make_unique<GroupCollectives<c10d::ProcessGroupGloo>>(
                c10::make_intrusive<c10d::ProcessGroupGloo>(impl.store, info.rank, info.worldSize, options));
        }
#endif
    } catch (const std::exception &e) {
        impl.fail("creating the " + impl.backend + " process group", e);
    }
#endif
}

DistributedContext::~DistributedContext() = default;

std::unique_ptr<DistributedContext> DistributedContext::fromEnvironment(const torch::Device &device,
                                                                        std::chrono::seconds timeout)
{
    const DistributedInfo info = distributedInfoFromEnvironment();
    if (!info.active())
        return nullptr;
    return std::make_unique<DistributedContext>(info, device, timeout);
}

const DistributedInfo &DistributedContext::info() const { return m_impl->info; }
int DistributedContext::rank() const { return m_impl->info.rank; }
int DistributedContext::worldSize() const { return m_impl->info.worldSize; }
std::string DistributedContext::backendName() const { return m_impl->backend; }
std::string DistributedContext::describe() const { return m_impl->where(); }

void DistributedContext::allreduceSum(torch::Tensor &tensor, const std::string &what)
{
    if (!tensor.is_contiguous())
        throw std::invalid_argument("allreduceSum(" + what + "): the tensor must be contiguous");
    std::vector<at::Tensor> tensors{tensor};
    try {
        m_impl->collectives->allreduceSum(tensors);
    } catch (const std::exception &e) {
        m_impl->fail("all-reduce of " + what, e);
    }
}

void DistributedContext::allreduceSum(const std::vector<torch::Tensor> &tensors, const std::string &what)
{
    if (tensors.empty())
        return;
    auto groups = coalesce(tensors);
    for (auto &group : groups)
        allreduceSum(group.flat, what);
    scatterBack(groups);
}

void DistributedContext::broadcastFromRank0(const std::vector<torch::Tensor> &tensors, const std::string &what)
{
    if (tensors.empty())
        return;
    auto groups = coalesce(tensors);
    for (auto &group : groups) {
        std::vector<at::Tensor> flat{group.flat};
        try {
            m_impl->collectives->broadcast(flat, 0);
        } catch (const std::exception &e) {
            m_impl->fail("broadcast of " + what + " from rank 0", e);
        }
    }
    scatterBack(groups);
}

} // namespace gdas::engine
