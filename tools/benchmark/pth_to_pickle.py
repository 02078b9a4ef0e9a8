#!/usr/bin/env python3
"""Turns a NAS-Bench-201 .pth (NAS-Bench-201-v1_0-e61699.pth, NAS-Bench-201-v1_1-096897.pth) into
the NATS-Bench topology "simple" folder layout that `gdas benchmark import` reads:

    OUT/meta.pickle.pbz2          {'meta_archs': [...], 'total_archs': N,
                                   'arch2infos': None, 'evaluated_indexes': set()}
    OUT/{index:06d}.pickle.pbz2   OrderedDict {'12': ArchResults state, '200': ArchResults state}

each a bz2-compressed protocol-4 pickle of plain Python data (dict, list, tuple, str, int, float,
bool, None, OrderedDict). Needs Python's torch (Debian: python3-torch) to read the .pth, which
torch.save wrote; nothing else. docs/BENCHMARK.md says which keys are read and where the
reference code defines them.

The .pth (nas_201_api/api_201.py, NASBench201API.__init__) is a dict with 'meta_archs' (the
architecture strings by index), 'arch2infos' ({index: {'less': ..., 'full': ...}}, where 'less'
is the 12-epoch schedule and 'full' the 200-epoch one, each an ArchResults.state_dict()) and
'evaluated_indexes'. NATS-Bench names the same schedules '12' and '200'.

The same tool also splits NATS-Bench's single-file benchmark (NATS-tss-v1_0-3ffb9.pickle.pbz2,
arch2infos {index: {'12': ..., '200': ...}}) when given that file; reading it needs numpy.

Usage: pth_to_pickle.py NAS-Bench-201-v1_1-096897.pth OUT_FOLDER [--overwrite]
"""

import argparse
import bz2
import collections
import os
import pickle
import sys
import tempfile


class ConversionError(Exception):
    pass


def plain(value, where):
    """The value as plain Python data; tensors and numpy scalars become floats or ints."""
    if value is None:
        return None
    # numpy.float64 is a float subclass that pickles as a numpy scalar: store the plain type
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, collections.OrderedDict):
        return collections.OrderedDict((plain(k, where), plain(v, "{}[{!r}]".format(where, k))) for k, v in value.items())
    if isinstance(value, dict):
        return {plain(k, where): plain(v, "{}[{!r}]".format(where, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v, "{}[{}]".format(where, i)) for i, v in enumerate(value)]
    if isinstance(value, tuple):
        return tuple(plain(v, "{}[{}]".format(where, i)) for i, v in enumerate(value))
    if isinstance(value, (set, frozenset)):
        return {plain(v, where) for v in value}
    # numpy scalars and one-element tensors have item(); anything larger is not a number we keep
    item = getattr(value, "item", None)
    numel = getattr(value, "numel", None)
    size = getattr(value, "size", None)
    if item is not None and (numel is None or numel() == 1) and (numel is not None or size in (None, 1)):
        return plain(item(), where)
    raise ConversionError("{}: a {} is not plain data".format(where, type(value).__name__))


def results_state(state, where):
    """An ArchResults state dict without network weights (the simple files hold None there)."""
    if not isinstance(state, dict) or "all_results" not in state:
        raise ConversionError("{}: expected an ArchResults state dict with 'all_results', found {}".format(
            where, type(state).__name__))
    out = {}
    for key, value in state.items():
        if key == "all_results":
            trials = {}
            for trial_key, trial in value.items():
                trial_where = "{}['all_results'][{!r}]".format(where, trial_key)
                if not isinstance(trial, dict):
                    raise ConversionError("{}: expected a ResultsCount state dict, found {}".format(
                        trial_where, type(trial).__name__))
                trial = dict(trial)
                trial["net_state_dict"] = None
                trials[plain(trial_key, trial_where)] = plain(trial, trial_where)
            out[key] = trials
        else:
            out[key] = plain(value, "{}[{!r}]".format(where, key))
    return out


def pickle_save(obj, path):
    with bz2.BZ2File(path, "wb") as f:
        pickle.dump(obj, f, protocol=4)


def load(source):
    if source.endswith(".pbz2"):
        with bz2.BZ2File(source, "rb") as f:
            return pickle.load(f)
    try:
        import torch  # noqa: E402 -- only the .pth needs it
    except ImportError:
        raise ConversionError("{}: reading a .pth needs Python's torch (Debian: apt-get install python3-torch)".format(source))
    try:
        return torch.load(source, map_location="cpu", weights_only=False)
    except TypeError:  # torch before 1.13 has no weights_only
        return torch.load(source, map_location="cpu")


def convert(data, source, out_folder, progress=None):
    """Writes the simple layout of `data` (a loaded .pth or NATS-Bench single file) into out_folder."""
    if not isinstance(data, dict):
        raise ConversionError("{}: holds a {}, expected a dict".format(source, type(data).__name__))
    for key in ("meta_archs", "arch2infos"):
        if key not in data:
            raise ConversionError("{}: has no key {!r} (keys: {})".format(source, key, sorted(map(str, data))))
    meta_archs = [str(a) for a in data["meta_archs"]]
    pickle_save({"meta_archs": meta_archs, "total_archs": len(meta_archs), "arch2infos": None,
                 "evaluated_indexes": set()}, os.path.join(out_folder, "meta.pickle.pbz2"))
    names = {"less": "12", "full": "200", "12": "12", "200": "200"}
    written = 0
    for index in sorted(data["arch2infos"]):
        infos = data["arch2infos"][index]
        where = "{}['arch2infos'][{}]".format(source, index)
        if not isinstance(infos, dict):
            raise ConversionError("{}: holds a {}, expected a dict".format(where, type(infos).__name__))
        per_hp = collections.OrderedDict()
        for hp in ("less", "12", "full", "200"):
            if hp in infos:
                per_hp[names[hp]] = results_state(infos[hp], "{}[{!r}]".format(where, hp))
        if not per_hp:
            raise ConversionError("{}: has none of 'less', 'full', '12', '200' (keys: {})".format(where, sorted(infos)))
        pickle_save(per_hp, os.path.join(out_folder, "{:06d}.pickle.pbz2".format(int(index))))
        written += 1
        if progress:
            progress(written)
    return len(meta_archs), written


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", help="NAS-Bench-201-v1_*.pth, or NATS-tss-v1_0-3ffb9.pickle.pbz2")
    parser.add_argument("out", help="the folder to write (created; refused when not empty)")
    parser.add_argument("--overwrite", action="store_true", help="write into a folder that is not empty")
    args = parser.parse_args(argv)
    try:
        if os.path.isdir(args.out) and os.listdir(args.out) and not args.overwrite:
            raise ConversionError("{}: is not empty; pass --overwrite to write into it".format(args.out))
        data = load(args.source)
        parent = os.path.dirname(os.path.abspath(args.out))
        # Written next to OUT and renamed into place: a failure leaves no half folder under OUT's name.
        work = tempfile.mkdtemp(prefix=".pth_to_pickle-", dir=parent)
        try:
            listed, written = convert(data, args.source, work,
                                      lambda n: n % 1000 == 0 and print("  {} architectures".format(n), file=sys.stderr))
            if os.path.isdir(args.out):
                for name in os.listdir(work):
                    os.replace(os.path.join(work, name), os.path.join(args.out, name))
                os.rmdir(work)
            else:
                os.rename(work, args.out)
        except BaseException:
            for name in os.listdir(work):
                os.remove(os.path.join(work, name))
            os.rmdir(work)
            raise
        print("wrote {} of {} architectures to {}; next: gdas benchmark import {} -o nb201.sqlite".format(
            written, listed, args.out, args.out))
        return 0
    except (ConversionError, OSError, pickle.UnpicklingError, EOFError) as e:
        print("pth_to_pickle: {}".format(e), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
