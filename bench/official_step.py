#!/usr/bin/env python3
"""Times one step of the official code, the other side of bench/compare-official.

Nothing of the official code is copied here: it is imported from the folders that
GDAS_REF_AUTODL (D-X-Y/AutoDL-Projects) and GDAS_REF_DARTS (quark0/darts) name, and
the few things that stop it from running on a CPU with Debian's python3-torch 1.13 are
patched at run time (see /work/shared/TOOLCHAIN.md):

- torchvision is not packaged: empty stand-in modules satisfy imports that the timed code
  never uses;
- Tensor.cuda() (and darts' torch.cuda.FloatTensor in drop_path) stay on the CPU;
- the accuracy helpers' `correct[:k].view(-1)` fails on 1.13: run as `.reshape(-1)`.

Cases (same names as `gdas bench`):
  darts-gdas, darts-darts    DARTS space, C=16, N=2 (configs/search-archs/*-NASNet-CIFAR)
  nb201-gdas, nb201-darts    NAS-Bench-201, C=16, N=5
  eval                       darts cnn/model.py NetworkCIFAR, C=36, 20 cells, auxiliary head
                             (weight 0.4), drop-path 0.2, genotype DARTS (= DARTS_V2), the
                             training step of cnn/train.py

The search cases run the official loop body itself: `search_func` of
exps/NAS-Bench-201-algos/GDAS.py (DARTS-V1.py for the darts cases), fed by a loader that
yields the same random batches and notes when each step asks for its batch, so one step is
the time between two requests (weights step + arch step + the bookkeeping of the loop).
`--tuned` adds the official code's two cheap levers: channels-last weights and inputs, and
no weight gradients in the arch step (the weights stop requiring gradients while the arch
optimiser's step runs: a_optimizer.zero_grad() switches them off, w_optimizer.zero_grad()
on again).

`--device cuda` runs the search cases on the GPU as the official script does: the network in
torch.nn.DataParallel, cuDNN deterministic with autotuning off (GDAS.py's main); with --tuned,
cuDNN autotuning on as well. Each step's time then ends when the GPU has finished its work (the
loop reads its losses back every step; the runner synchronises before each stamp too).

Prints one JSON object on its last line: per-step times, their median, peak RSS (and on a GPU
the peak of the memory PyTorch allocated there).
"""

import argparse
import importlib.util
import inspect
import json
import os
import resource
import statistics
import sys
import time
import types


def fail(message):
    print("official_step.py: " + message, file=sys.stderr)
    sys.exit(2)


def stub_modules(names):
    """Empty modules for packages that the timed code imports but never calls."""
    for name in names:
        if name in sys.modules:
            continue
        module = types.ModuleType(name)
        module.__path__ = []  # a package, so submodules can be stubbed below it
        sys.modules[name] = module
        parent, _, child = name.rpartition(".")
        if parent:
            setattr(sys.modules[parent], child, module)


def load_file(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def with_reshape(function):
    """The same function, compiled from its own source with `.view(-1)` read as `.reshape(-1)`."""
    source = inspect.getsource(function).replace(".view(-1)", ".reshape(-1)")
    namespace = dict(function.__globals__)
    exec(compile(source, inspect.getsourcefile(function), "exec"), namespace)
    return namespace[function.__name__]


def keep_on_cpu(torch):
    torch.Tensor.cuda = lambda self, *args, **kwargs: self
    torch.nn.Module.cuda = lambda self, *args, **kwargs: self


class TimedLoader:
    """What search_func iterates: the same batches every step; notes when each is asked for."""

    def __init__(self, batches, steps, profiler=None, synchronize=None):
        self.batches = batches
        self.steps = steps
        self.profiler = profiler
        self.synchronize = synchronize
        self.stamps = []

    def __len__(self):
        return self.steps

    def __iter__(self):
        for index in range(self.steps):
            if self.profiler:
                self.profiler.before_step(index)
            if self.synchronize:
                self.synchronize()
            self.stamps.append((time.perf_counter(), time.process_time()))
            yield self.batches


class QuietLogger:
    def log(self, *args, **kwargs):
        pass


class ProfileWriter:
    """Runs torch.autograd.profiler over the timed steps (those after the warm-up); writes
    its ranges as `gdas bench --profile` does: one JSON object per push and per pop."""

    def __init__(self, torch, path, warmup):
        self.torch, self.path, self.warmup, self.profile = torch, path, warmup, None

    def before_step(self, index):
        if index == self.warmup and self.profile is None:
            self.profile = self.torch.autograd.profiler.profile(record_shapes=True)
            self.profile.__enter__()

    def write(self):
        self.profile.__exit__(None, None, None)
        records = []
        for e in self.profile.function_events:
            shapes = [list(s) for s in (e.input_shapes or [])]
            records.append((e.time_range.start, 0, -e.time_range.end,
                            {"k": "push", "n": e.name, "us": e.time_range.start, "t": e.thread, "s": shapes}))
            records.append((e.time_range.end, 1, -e.time_range.start,
                            {"k": "pop", "n": e.name, "us": e.time_range.end, "t": e.thread}))
        # Pops before pushes at the same instant; outer ranges open first and close last.
        records.sort(key=lambda r: (r[0], -r[1] if r[1] else 0, r[2] if r[1] == 0 else -r[2]))
        with open(self.path, "w") as f:
            for record in records:
                f.write(json.dumps(record[3]) + "\n")


def count_macs(args, torch):
    model = build_search_model(args, torch)[0]
    total = [0]

    def conv_hook(module, inputs, output):
        kernel = module.kernel_size[0] * module.kernel_size[1]
        total[0] += output.numel() * (module.in_channels // module.groups) * kernel

    def linear_hook(module, inputs, output):
        total[0] += output.numel() * module.in_features

    for m in model.modules():
        if isinstance(m, torch.nn.Conv2d):
            m.register_forward_hook(conv_hook)
        elif isinstance(m, torch.nn.Linear):
            m.register_forward_hook(linear_hook)
    model.train()
    images = torch.randn(args.batch, 3, 32, 32)
    with torch.no_grad():
        for _ in range(args.count_macs):
            model(images)
    print(json.dumps({"name": args.case, "forward_macs_per_image":
                      total[0] / (args.count_macs * args.batch), "samples": args.count_macs}))


def build_search_model(args, torch):
    """The official search network of the case, and the modules that build its loop."""
    root = os.environ.get("GDAS_REF_AUTODL")
    if not root or not os.path.isdir(os.path.join(root, "xautodl")):
        fail("GDAS_REF_AUTODL must name a checkout of D-X-Y/AutoDL-Projects")
    sys.path.insert(0, root)
    import xautodl  # noqa: F401  (the real package; two of its subpackages are stubbed)

    stub_modules(["torchvision", "torchvision.transforms", "torchvision.datasets",
                  "xautodl.datasets", "xautodl.procedures", "nas_201_api"])
    # The experiment script imports these names; the timed function uses none of them.
    sys.modules["xautodl.datasets"].get_datasets = None
    sys.modules["xautodl.datasets"].get_nas_search_loaders = None
    for name in ["prepare_seed", "prepare_logger", "save_checkpoint", "copy_checkpoint",
                 "get_optim_scheduler"]:
        setattr(sys.modules["xautodl.procedures"], name, None)
    sys.modules["nas_201_api"].NASBench201API = None
    if args.device == "cpu":
        keep_on_cpu(torch)

    from xautodl.config_utils import dict2config
    from xautodl.models import get_cell_based_tiny_net, get_search_spaces

    optimizers = load_file("official_optimizers",
                           os.path.join(root, "xautodl", "procedures", "optimizers.py"))
    space_name, algorithm = args.case.split("-")
    script = "GDAS.py" if algorithm == "gdas" else "DARTS-V1.py"
    loop = load_file("official_loop_" + algorithm,
                     os.path.join(root, "exps", "NAS-Bench-201-algos", script))
    loop.obtain_accuracy = with_reshape(loop.obtain_accuracy)

    torch.manual_seed(args.seed)
    space = get_search_spaces("cell", "darts" if space_name == "darts" else "nas-bench-201")
    if space_name == "darts":
        # configs/search-archs/GDAS-NASNet-CIFAR.config and DARTS-NASNet-CIFAR.config
        model_config = {"super_type": "nasnet-super",
                        "name": "GDAS" if algorithm == "gdas" else "DARTS",
                        "C": 16, "N": 2, "steps": 4, "multiplier": 4, "stem_multiplier": 3}
    else:
        model_config = {"name": "GDAS" if algorithm == "gdas" else "DARTS-V1",
                        "C": 16, "N": 5, "max_nodes": 4}
    model_config.update({"num_classes": 10, "space": space, "affine": False,
                         "track_running_stats": True})
    model = get_cell_based_tiny_net(dict2config(model_config, None))
    if algorithm == "gdas":
        model.set_tau(10.0)
    return model, loop, optimizers, dict2config, algorithm


def pair_samples(args, torch, model):
    """Forward pass k (warm-up included) runs after torch.manual_seed(sample_seed + k), so its
    Gumbel noise, drawn by the official forward, is what `gdas bench --sample-seed` draws for its
    pass k: both sides sample the same cells. Each pass's argmax(log_softmax(alpha) + g) per edge
    is drawn once more beforehand (then the seed is set again) and kept in args.samples."""
    real_forward = model.forward
    alphas = model.get_alphas()  # the normal cell's, then the reduction cell's
    args.samples = []

    def paired_forward(inputs):
        seed = args.sample_seed + len(args.samples)
        torch.manual_seed(seed)
        row = []
        with torch.no_grad():
            for alpha in alphas:
                gumbels = -torch.empty_like(alpha).exponential_().log()
                row.extend((alpha.log_softmax(dim=1) + gumbels).argmax(1).tolist())
        args.samples.append(row)
        torch.manual_seed(seed)
        return real_forward(inputs)

    model.forward = paired_forward


def search_case(args, torch, profiler=None):
    model, loop, optimizers, dict2config, algorithm = build_search_model(args, torch)
    # configs/nas-benchmark/algos/GDAS.config and DARTS-V1.config; the optimisers of the scripts.
    optim_config = dict2config({"scheduler": "cos", "LR": 0.025, "eta_min": 0.001, "epochs": 250,
                                "warmup": 0, "optim": "SGD", "decay": 0.0005, "momentum": 0.9,
                                "nesterov": True, "criterion": "Softmax"}, None)
    w_optimizer, scheduler, criterion = optimizers.get_optim_scheduler(model.get_weights(),
                                                                        optim_config)
    a_optimizer = torch.optim.Adam(model.get_alphas(), lr=3e-4, betas=(0.5, 0.999),
                                   weight_decay=1e-3)

    def batch():
        images = torch.randn(args.batch, 3, 32, 32)
        if args.tuned:
            images = images.contiguous(memory_format=torch.channels_last)
        return images, torch.randint(0, 10, (args.batch,))

    (wi, wt), (ai, at) = batch(), batch()
    synchronize = None
    if args.device == "cuda":
        # GDAS.py's main: cuDNN on, deterministic, no autotuning; the network in DataParallel.
        torch.backends.cudnn.enabled = True
        torch.backends.cudnn.benchmark = bool(args.tuned)
        torch.backends.cudnn.deterministic = not args.tuned
        model = model.cuda()
        wi, wt, ai, at = wi.cuda(), wt.cuda(), ai.cuda(), at.cuda()
        synchronize = torch.cuda.synchronize
    if args.tuned:
        model = model.to(memory_format=torch.channels_last)
        weights = model.get_weights()
        plain_a_zero, plain_w_zero = a_optimizer.zero_grad, w_optimizer.zero_grad

        def arch_zero_grad(*a, **k):
            for p in weights:
                p.requires_grad_(False)
            return plain_a_zero(*a, **k)

        def weights_zero_grad(*a, **k):
            for p in weights:
                p.requires_grad_(True)
            return plain_w_zero(*a, **k)

        a_optimizer.zero_grad, w_optimizer.zero_grad = arch_zero_grad, weights_zero_grad

    if args.sample_seed is not None and algorithm == "gdas":
        if args.device != "cpu":
            fail("--sample-seed pairs CPU draws; on a GPU the official code draws its noise there")
        pair_samples(args, torch, model)
    network = torch.nn.DataParallel(model) if args.device == "cuda" else model
    loader = TimedLoader((wi, wt, ai, at), args.warmup + args.steps, profiler, synchronize)
    extra = () if algorithm == "gdas" else (5.0,)  # DARTS-V1's gradient_clip
    loop.search_func(loader, network, criterion, scheduler, w_optimizer, a_optimizer, "000/250",
                     10 ** 9, QuietLogger(), *extra)
    if synchronize:
        synchronize()
    stamps = loader.stamps + [(time.perf_counter(), time.process_time())]
    times = [(b[0] - a[0], b[1] - a[1]) for a, b in zip(stamps, stamps[1:])]
    return times[args.warmup:]


def eval_case(args, torch, profiler=None):
    root = os.environ.get("GDAS_REF_DARTS")
    if not root or not os.path.isfile(os.path.join(root, "cnn", "model.py")):
        fail("GDAS_REF_DARTS must name a checkout of quark0/darts")
    sys.path.insert(0, os.path.join(root, "cnn"))
    stub_modules(["torchvision", "torchvision.transforms", "torchvision.datasets"])
    keep_on_cpu(torch)
    torch.cuda.FloatTensor = torch.FloatTensor  # utils.drop_path draws its mask with it
    import genotypes
    import utils
    import model as darts_model

    accuracy = with_reshape(utils.accuracy)
    torch.manual_seed(args.seed)
    quiet = open(os.devnull, "w")
    real_stdout, sys.stdout = sys.stdout, quiet  # Cell's constructor prints channel counts
    try:
        model = darts_model.NetworkCIFAR(36, 10, 20, True, genotypes.DARTS)
    finally:
        sys.stdout = real_stdout
    model.drop_path_prob = 0.2
    criterion = torch.nn.CrossEntropyLoss()
    # cnn/train.py's optimiser and defaults: lr 0.025, momentum 0.9, weight decay 3e-4,
    # auxiliary weight 0.4, gradient clip 5.
    optimizer = torch.optim.SGD(model.parameters(), 0.025, momentum=0.9, weight_decay=3e-4)
    images = torch.randn(args.batch, 3, 32, 32)
    target = torch.randint(0, 10, (args.batch,))
    if args.tuned:
        model = model.to(memory_format=torch.channels_last)
        images = images.contiguous(memory_format=torch.channels_last)
    model.train()
    times = []
    for step in range(args.warmup + args.steps):
        if profiler:
            profiler.before_step(step)
        start, cpu_start = time.perf_counter(), time.process_time()
        # The body of cnn/train.py's train(); written out because that file does not parse
        # under Python 3 (`.cuda(async=True)`) and reads `loss.data[0]`.
        optimizer.zero_grad()
        logits, logits_aux = model(images)
        loss = criterion(logits, target)
        loss += 0.4 * criterion(logits_aux, target)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        optimizer.step()
        prec1, prec5 = accuracy(logits, target, topk=(1, 5))
        loss.item(), prec1.item(), prec5.item()
        times.append((time.perf_counter() - start, time.process_time() - cpu_start))
    return times[args.warmup:]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--case", required=True,
                        choices=["darts-gdas", "darts-darts", "nb201-gdas", "nb201-darts", "eval"])
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--device", choices=["cpu", "cuda"], default="cpu",
                        help="cuda: the search cases on the GPU, as the official script runs them")
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sample-seed", type=int,
                        help="GDAS: seed torch with this + k before forward pass k, as `gdas bench "
                             "--sample-seed` seeds its noise, so both sides sample the same cells; the "
                             "JSON lists each pass's sampled ops")
    parser.add_argument("--tuned", action="store_true",
                        help="channels-last, and no weight gradients in the arch step")
    parser.add_argument("--profile", help="profile the timed steps into this file, in the format of "
                                          "`gdas bench --profile` (bench/breakdown.py reads both)")
    parser.add_argument("--count-macs", type=int, default=0, metavar="N",
                        help="instead of timing: multiply-adds of N sampled forward passes of the "
                             "search network, their mean per image (convolutions and linear layers)")
    args = parser.parse_args()

    import torch
    torch.set_num_threads(args.threads)
    if args.count_macs:
        args.warmup, args.steps = 0, 0
    profiler = ProfileWriter(torch, args.profile, args.warmup) if args.profile else None
    if args.count_macs:
        count_macs(args, torch)
        return
    if args.device == "cuda" and not torch.cuda.is_available():
        fail("--device cuda: this torch (%s) sees no CUDA device" % torch.__version__)
    if args.case == "eval":
        if args.device != "cpu":
            fail("the eval case runs on the CPU only")
        times = eval_case(args, torch, profiler)
    else:
        times = search_case(args, torch, profiler)
    if profiler:
        profiler.write()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"name": args.case, "side": "official-tuned" if args.tuned else "official",
                      "batch": args.batch, "threads": torch.get_num_threads(),
                      "torch": torch.__version__, "step_seconds": [t[0] for t in times],
                      "step_seconds_median": statistics.median(t[0] for t in times),
                      "cpu_seconds_median": statistics.median(t[1] for t in times),
                      "peak_rss_mib": peak_kib / 1024.0, "device": args.device,
                      **({"gpu": torch.cuda.get_device_name(),
                          "peak_gpu_allocated_mib": torch.cuda.max_memory_allocated() / 2 ** 20}
                         if args.device == "cuda" else {}),
                      **({"samples": args.samples} if getattr(args, "samples", None) else {})}))


if __name__ == "__main__":
    main()
