// gdas-kernel-bench: our 1x1 convolutions (core/engine/nn/Pointwise.*), 3x3 ones
// (core/engine/nn/Winograd3x3.*), depthwise ones (core/engine/nn/DepthwiseConv2d.*) and
// BatchNorm in training (core/engine/nn/ChannelsLastBatchNorm.*) and 3x3 pooling
// (core/engine/nn/Pooling3x3.*) against LibTorch's (oneDNN) on the search and evaluation networks' shapes, one call at a time, warm caches. Prints one JSON
// object per shape: the best of `--reps` calls in ms, ours and LibTorch's, for the forward, the
// input gradient and the weight + bias gradients (BatchNorm: the statistics, the forward, and the
// forward with the input gradient; pooling: the forward and the input gradient of the average and
// the maximum). docs/ENGINE.md ("Round 5", "Round 26", "Round 28") quotes it.
// With --cold, every call starts with its tensors out of the caches, as in a search step, where
// each layer's input was written a while ago and its output lands in memory nobody touched since
// (a 3x3 convolution took about 1.3 times its warm time there, docs/ENGINE.md "Round 19"): 128 MiB
// are written before each call, and the median of the calls is printed instead of the best.
// With --own-depthwise, "ours" is our depthwise kernel for every depthwise forward (and input
// gradient) it applies to, not only where depthwiseForward picks it as the faster one.
//
//   cmake --build build/release --target gdas-kernel-bench
//   build/release/bench/gdas-kernel-bench [--threads N] [--reps N] [--kernels all|1x1|3x3|dw|bn|pool] [--cold]
//       [--own-depthwise]

#include "engine/nn/ChannelsLastBatchNorm.h"
#include "engine/nn/DepthwiseConv2d.h"
#include "engine/nn/Pointwise.h"
#include "engine/nn/Pooling3x3.h"
#include "engine/nn/Winograd3x3.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

// --cold: written through before every timed call (four times a large L3), so that the call
// finds none of its tensors in the caches, and the lines it evicts are dirty, as a step's are.
std::vector<unsigned char> g_flush;

void evictCaches()
{
    volatile unsigned char *bytes = g_flush.data();
    for (std::size_t i = 0; i < g_flush.size(); i += 64)
        bytes[i] = static_cast<unsigned char>(bytes[i] + 1);
}

// The best of `reps` calls in ms (warm), or with --cold their median, each call cold.
template <typename F>
double bestMilliseconds(int reps, F &&call)
{
    std::vector<double> times;
    for (int i = 0; i < reps + 3; ++i) { // three untimed calls first
        if (!g_flush.empty())
            evictCaches();
        const auto start = std::chrono::steady_clock::now();
        call();
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        if (i >= 3)
            times.push_back(ms);
    }
    std::sort(times.begin(), times.end());
    return g_flush.empty() ? times.front() : times[times.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    int threads = 2, reps = 26;
    const char *kernels = "all";
    bool cold = false, ownDepthwise = false;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--cold") == 0) { // the flags without a value
            cold = true;
            continue;
        }
        if (std::strcmp(argv[i], "--own-depthwise") == 0) {
            ownDepthwise = true;
            continue;
        }
        if (i + 1 >= argc)
            break;
        if (std::strcmp(argv[i], "--threads") == 0)
            threads = std::atoi(argv[i + 1]);
        else if (std::strcmp(argv[i], "--kernels") == 0)
            kernels = argv[i + 1];
        else if (std::strcmp(argv[i], "--reps") == 0)
            reps = std::atoi(argv[i + 1]);
        ++i;
    }
    const bool pointwise = std::strcmp(kernels, "all") == 0 || std::strcmp(kernels, "1x1") == 0;
    const bool winograd = std::strcmp(kernels, "all") == 0 || std::strcmp(kernels, "3x3") == 0;
    const bool depthwise = std::strcmp(kernels, "all") == 0 || std::strcmp(kernels, "dw") == 0;
    const bool batchNorm = std::strcmp(kernels, "all") == 0 || std::strcmp(kernels, "bn") == 0;
    const bool pooling = std::strcmp(kernels, "all") == 0 || std::strcmp(kernels, "pool") == 0;
    if (threads < 1 || reps < 1 || (!pointwise && !winograd && !depthwise && !batchNorm && !pooling)) {
        std::fprintf(
            stderr,
            "usage: gdas-kernel-bench [--threads N>=1] [--reps N>=1] [--kernels all|1x1|3x3|dw|bn|pool] [--cold] "
            "[--own-depthwise]\n");
        return 2;
    }
    if (cold)
        g_flush.assign(std::size_t{128} << 20, 0);
    const char *coldText = cold ? "true" : "false";
    torch::set_num_threads(threads);
    struct Shape {
        int batch, in, out, side;
    };
    const std::vector<Shape> shapes = {{64, 16, 16, 32},
                                       {64, 32, 32, 16},
                                       {64, 64, 64, 8},
                                       {64, 48, 16, 32},
                                       {64, 64, 32, 32},
                                       {64, 128, 64, 16},
                                       {64, 128, 32, 16},
                                       // the evaluation network's (C=36, batch 32)
                                       {32, 36, 36, 32},
                                       {32, 72, 72, 16},
                                       {32, 144, 144, 8},
                                       {32, 144, 72, 32}};
    for (const auto &s : pointwise ? shapes : std::vector<Shape>{}) {
        const auto x = torch::randn({s.batch, s.in, s.side, s.side}).contiguous(at::MemoryFormat::ChannelsLast);
        const auto w = torch::randn({s.out, s.in, 1, 1});
        const auto b = torch::randn({s.out});
        const auto g = torch::randn({s.batch, s.out, s.side, s.side}).contiguous(at::MemoryFormat::ChannelsLast);
        const std::vector<std::int64_t> biasSize{s.out};
        const auto libtorchBackward = [&](bool input) {
            at::convolution_backward(g, x, w, biasSize, {1, 1}, {0, 0}, {1, 1}, false, {0, 0}, 1,
                                     {input, !input, !input});
        };
        using gdas::engine::pointwiseForward;
        using gdas::engine::pointwiseInputGradient;
        using gdas::engine::pointwiseParameterGradients;
        std::printf(
            "{\"shape\": \"%dx%dx%dx%d\", \"out_channels\": %d, \"threads\": %d, \"cold\": %s, \"ours_applies\": %s, "
            "\"forward_ms\": [%.3f, %.3f], \"input_gradient_ms\": [%.3f, %.3f], "
            "\"weight_bias_gradients_ms\": [%.3f, %.3f], \"pairs\": \"[ours, LibTorch]\"}\n",
            s.batch, s.in, s.side, s.side, s.out, threads, coldText,
            gdas::engine::pointwiseApplies(x, w) ? "true" : "false",
            bestMilliseconds(reps, [&] { pointwiseForward(x, w, b); }),
            bestMilliseconds(reps, [&] { at::conv2d(x, w, b); }),
            bestMilliseconds(reps, [&] { pointwiseInputGradient(g, w); }),
            bestMilliseconds(reps, [&] { libtorchBackward(true); }),
            bestMilliseconds(reps, [&] { pointwiseParameterGradients(g, x, w, true, true); }),
            bestMilliseconds(reps, [&] { libtorchBackward(false); }));
        std::fflush(stdout);
    }
    // The 3x3, stride-1 convolutions of NAS-Bench-201's cells (with their bias, as its search
    // builds them) and of its residual blocks: our Winograd kernels against oneDNN's direct ones.
    const std::vector<Shape> shapes3x3 = {{64, 16, 16, 32}, {64, 32, 32, 16}, {64, 64, 64, 8}};
    for (const auto &s : winograd ? shapes3x3 : std::vector<Shape>{}) {
        const auto x = torch::randn({s.batch, s.in, s.side, s.side}).contiguous(at::MemoryFormat::ChannelsLast);
        const auto w = torch::randn({s.out, s.in, 3, 3});
        const auto b = torch::randn({s.out});
        const auto g = torch::randn({s.batch, s.out, s.side, s.side}).contiguous(at::MemoryFormat::ChannelsLast);
        const std::vector<std::int64_t> biasSize{s.out};
        const auto libtorchBackward = [&](bool input) {
            at::convolution_backward(g, x, w, biasSize, {1, 1}, {1, 1}, {1, 1}, false, {0, 0}, 1,
                                     {input, !input, !input});
        };
        std::printf(
            "{\"shape\": \"%dx%dx%dx%d\", \"kernel\": \"3x3\", \"out_channels\": %d, \"threads\": %d, \"cold\": %s, "
            "\"ours_applies\": %s, \"forward_ms\": [%.3f, %.3f], \"input_gradient_ms\": [%.3f, %.3f], "
            "\"weight_bias_gradients_ms\": [%.3f, %.3f], \"pairs\": \"[ours, LibTorch]\"}\n",
            s.batch, s.in, s.side, s.side, s.out, threads, coldText,
            gdas::engine::winogradApplies(x, w, {1, 1}, {1, 1}, {1, 1}, 1) ? "true" : "false",
            bestMilliseconds(reps, [&] { gdas::engine::winogradForward(x, w, b); }),
            bestMilliseconds(reps, [&] { at::conv2d(x, w, b, 1, 1); }),
            bestMilliseconds(reps, [&] { gdas::engine::winogradInputGradient(g, w); }),
            bestMilliseconds(reps, [&] { libtorchBackward(true); }),
            bestMilliseconds(reps, [&] { gdas::engine::winogradParameterGradients(g, x, w, true, true); }),
            bestMilliseconds(reps, [&] { libtorchBackward(false); }));
        std::fflush(stdout);
    }
    // The separable and dilated convolutions' depthwise halves (stride 1, undilated: our kernel's
    // share of them): the search cells' 16, 32 and 64 channels, the evaluation network's 36, 72
    // and 144. The input gradient is the forward of the flipped kernel on the output gradient.
    struct DepthwiseShape {
        int batch, channels, side, kernel;
    };
    const std::vector<DepthwiseShape> depthwiseShapes = {{64, 16, 32, 3}, {64, 16, 32, 5}, {64, 32, 16, 3},
                                                         {64, 32, 16, 5}, {64, 64, 8, 3},  {64, 64, 8, 5},
                                                         {64, 36, 32, 3}, {64, 72, 16, 3}, {64, 144, 8, 3}};
    gdas::engine::setDepthwiseForwardEverywhere(ownDepthwise);
    for (const auto &s : depthwise ? depthwiseShapes : std::vector<DepthwiseShape>{}) {
        const auto x = torch::randn({s.batch, s.channels, s.side, s.side}).contiguous(at::MemoryFormat::ChannelsLast);
        const auto w = torch::randn({s.channels, 1, s.kernel, s.kernel});
        const auto g = torch::randn(x.sizes()).contiguous(at::MemoryFormat::ChannelsLast);
        const int padding = (s.kernel - 1) / 2;
        using gdas::engine::depthwiseConvBackward;
        using gdas::engine::depthwiseForward;
        std::printf(
            "{\"shape\": \"%dx%dx%dx%d\", \"kernel\": \"depthwise %dx%d\", \"threads\": %d, \"cold\": %s, "
            "\"own_kernel_everywhere\": %s, \"forward_ms\": [%.3f, %.3f], \"input_gradient_ms\": [%.3f, %.3f], "
            "\"weight_gradient_ms\": [%.3f, %.3f], \"pairs\": \"[ours, LibTorch]\"}\n",
            s.batch, s.channels, s.side, s.side, s.kernel, s.kernel, threads, coldText, ownDepthwise ? "true" : "false",
            bestMilliseconds(reps, [&] { depthwiseForward(x, w, 1, padding, 1); }),
            bestMilliseconds(reps, [&] { at::conv2d(x, w, {}, 1, padding, 1, s.channels); }),
            bestMilliseconds(reps, [&] { depthwiseConvBackward(x, w, g, 1, padding, 1, true, false); }),
            bestMilliseconds(reps,
                             [&] {
                                 at::convolution_backward(g, x, w, c10::nullopt, {1, 1}, {padding, padding}, {1, 1},
                                                          false, {0, 0}, s.channels, {true, false, false});
                             }),
            bestMilliseconds(reps, [&] { depthwiseConvBackward(x, w, g, 1, padding, 1, false, true); }),
            bestMilliseconds(reps, [&] {
                at::convolution_backward(g, x, w, c10::nullopt, {1, 1}, {padding, padding}, {1, 1}, false, {0, 0},
                                         s.channels, {false, true, false});
            }));
        std::fflush(stdout);
    }
    // BatchNorm in training (batch statistics, running statistics updated), the search networks'
    // (no affine parameters) and the evaluation network's shapes: the statistics alone (ours: two
    // passes with double sums), the forward, and the forward with the input gradient, ours
    // against LibTorch's.
    struct NormShape {
        int batch, channels, side;
    };
    const std::vector<NormShape> normShapes = {{64, 16, 32}, {64, 32, 16}, {64, 64, 8},
                                               {32, 36, 32}, {32, 72, 16}, {32, 144, 8}};
    for (const auto &s : batchNorm ? normShapes : std::vector<NormShape>{}) {
        const auto x = torch::randn({s.batch, s.channels, s.side, s.side}).contiguous(at::MemoryFormat::ChannelsLast);
        const auto g = torch::randn(x.sizes()).contiguous(at::MemoryFormat::ChannelsLast);
        const auto xGrad = x.detach().requires_grad_(true);
        torch::nn::BatchNorm2d bn(torch::nn::BatchNorm2dOptions(s.channels).affine(false));
        bn->train();
        auto mean = torch::zeros({s.channels});
        auto var = torch::ones({s.channels});
        const auto oursStatistics = [&] { gdas::engine::channelsLastMeanVariance(x); };
        const auto theirsStatistics = [&] { at::var_mean(x, {0, 2, 3}, false); };
        const auto ours = [&] {
            torch::NoGradGuard noGrad;
            gdas::engine::channelsLastBatchNorm(x, bn);
        };
        const auto theirs = [&] {
            torch::NoGradGuard noGrad;
            at::batch_norm(x, {}, {}, mean, var, true, 0.1, 1e-5, false);
        };
        // The forward and the input gradient through autograd (the backward's sums, then its map).
        const auto oursBoth = [&] {
            gdas::engine::channelsLastBatchNorm(xGrad, bn).backward(g);
            xGrad.mutable_grad() = torch::Tensor();
        };
        const auto theirsBoth = [&] {
            at::batch_norm(xGrad, {}, {}, mean, var, true, 0.1, 1e-5, false).backward(g);
            xGrad.mutable_grad() = torch::Tensor();
        };
        std::printf("{\"shape\": \"%dx%dx%dx%d\", \"kernel\": \"batch norm\", \"threads\": %d, \"cold\": %s, "
                    "\"statistics_ms\": [%.3f, %.3f], \"forward_ms\": [%.3f, %.3f], "
                    "\"forward_and_input_gradient_ms\": [%.3f, %.3f], \"pairs\": \"[ours, LibTorch]\"}\n",
                    s.batch, s.channels, s.side, s.side, threads, coldText, bestMilliseconds(reps, oursStatistics),
                    bestMilliseconds(reps, theirsStatistics), bestMilliseconds(reps, ours),
                    bestMilliseconds(reps, theirs), bestMilliseconds(reps, oursBoth),
                    bestMilliseconds(reps, theirsBoth));
        std::fflush(stdout);
    }
    // 3x3 pooling, padding 1 (the search cells' avg_pool_3x3 without the padding in the average,
    // and max_pool_3x3), stride 1 on the three stages' shapes and stride 2 as a reduction cell's
    // edge: the forward and the input gradient, ours against ATen's (whose max-pool gradient is
    // given the indices its forward found: ours finds the maxima again).
    struct PoolShape {
        int batch, channels, side, stride;
    };
    const std::vector<PoolShape> poolShapes = {{64, 16, 32, 1}, {64, 32, 16, 1}, {64, 64, 8, 1}, {64, 16, 32, 2}};
    for (const auto &s : pooling ? poolShapes : std::vector<PoolShape>{}) {
        const auto x = torch::randn({s.batch, s.channels, s.side, s.side}).contiguous(at::MemoryFormat::ChannelsLast);
        const int out = (s.side - 1) / s.stride + 1;
        const auto g = torch::randn({s.batch, s.channels, out, out}).contiguous(at::MemoryFormat::ChannelsLast);
        const auto indices = std::get<1>(at::max_pool2d_with_indices(x, {3, 3}, {s.stride, s.stride}, {1, 1}));
        using gdas::engine::pool3x3Backward;
        using gdas::engine::pool3x3Forward;
        std::printf(
            "{\"shape\": \"%dx%dx%dx%d\", \"kernel\": \"pool 3x3, stride %d\", \"threads\": %d, \"cold\": %s, "
            "\"ours_applies\": %s, \"average_forward_ms\": [%.3f, %.3f], \"average_input_gradient_ms\": [%.3f, %.3f], "
            "\"max_forward_ms\": [%.3f, %.3f], \"max_input_gradient_ms\": [%.3f, %.3f], "
            "\"pairs\": \"[ours, LibTorch]\"}\n",
            s.batch, s.channels, s.side, s.side, s.stride, threads, coldText,
            gdas::engine::pooling3x3UsesOwnKernels(x) ? "true" : "false",
            bestMilliseconds(reps, [&] { pool3x3Forward(x, s.stride, false, {}, false); }),
            bestMilliseconds(reps,
                             [&] {
                                 at::avg_pool2d(x, {3, 3}, {s.stride, s.stride}, {1, 1}, false, false);
                             }),
            bestMilliseconds(reps, [&] { pool3x3Backward(x, g, s.stride, false); }),
            bestMilliseconds(
                reps,
                [&] {
                    at::avg_pool2d_backward(g, x, {3, 3}, {s.stride, s.stride}, {1, 1}, false, false, c10::nullopt);
                }),
            bestMilliseconds(reps, [&] { pool3x3Forward(x, s.stride, true, {}, false); }),
            bestMilliseconds(reps,
                             [&] {
                                 at::max_pool2d(x, {3, 3}, {s.stride, s.stride}, {1, 1});
                             }),
            bestMilliseconds(reps, [&] { pool3x3Backward(x, g, s.stride, true); }), bestMilliseconds(reps, [&] {
                at::max_pool2d_with_indices_backward(g, x, {3, 3}, {s.stride, s.stride}, {1, 1}, {1, 1}, false,
                                                     indices);
            }));
        std::fflush(stdout);
    }
    return 0;
}
