#pragma once
// Writes a NATS-Bench topology "simple" folder in the published layout, for a handful of
// architectures whose numbers the test chooses: meta.pickle.pbz2 and {index:06d}.pickle.pbz2,
// each a bz2-compressed protocol-4 pickle laid out as NATS-Bench's pickle_save() of
// ArchResults.state_dict() writes it (docs/BENCHMARK.md). The pickle bytes are emitted here
// opcode by opcode, as Python's pickler emits them for these objects: collections.OrderedDict by
// STACK_GLOBAL + REDUCE, parameters and latencies as numpy float64 scalars, memoized strings.

#include <bzlib.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace nats_fixture {

class PickleWriter {
public:
    std::string finish()
    {
        m_body += '.';
        std::string out = "\x80\x04"; // PROTO 4
        out += '\x95';                // FRAME with the body's length
        std::uint64_t n = m_body.size();
        for (int i = 0; i < 8; ++i)
            out += static_cast<char>((n >> (8 * i)) & 0xff);
        return out + m_body;
    }

    void memoize()
    {
        m_body += '\x94';
        ++m_memo;
    }
    void get(int index)
    {
        if (index < 256) {
            m_body += 'h';
            m_body += static_cast<char>(index);
        } else {
            m_body += 'j';
            for (int i = 0; i < 4; ++i)
                m_body += static_cast<char>((index >> (8 * i)) & 0xff);
        }
    }
    void str(const std::string &s)
    {
        const auto it = m_strings.find(s);
        if (it != m_strings.end())
            return get(it->second);
        if (s.size() < 256) {
            m_body += '\x8c';
            m_body += static_cast<char>(s.size());
        } else {
            m_body += 'X';
            for (int i = 0; i < 4; ++i)
                m_body += static_cast<char>((s.size() >> (8 * i)) & 0xff);
        }
        m_body += s;
        m_strings[s] = m_memo;
        memoize();
    }
    void integer(std::int64_t v)
    {
        if (v >= 0 && v < 256) {
            m_body += 'K';
            m_body += static_cast<char>(v);
        } else if (v >= 0 && v < 65536) {
            m_body += 'M';
            m_body += static_cast<char>(v & 0xff);
            m_body += static_cast<char>(v >> 8);
        } else {
            m_body += 'J';
            const auto u = static_cast<std::uint32_t>(static_cast<std::int32_t>(v));
            for (int i = 0; i < 4; ++i)
                m_body += static_cast<char>((u >> (8 * i)) & 0xff);
        }
    }
    void real(double d)
    {
        m_body += 'G';
        std::uint64_t bits;
        std::memcpy(&bits, &d, 8);
        for (int i = 7; i >= 0; --i)
            m_body += static_cast<char>((bits >> (8 * i)) & 0xff);
    }
    void none() { m_body += 'N'; }
    void boolean(bool b) { m_body += b ? '\x88' : '\x89'; }
    void mark() { m_body += '('; }
    void dictBegin()
    {
        m_body += '}';
        memoize();
        mark();
    }
    void dictEnd() { m_body += 'u'; } // SETITEMS
    void listBegin()
    {
        m_body += ']';
        memoize();
        mark();
    }
    void listEnd() { m_body += 'e'; } // APPENDS
    void tuple2()
    {
        m_body += '\x86';
        memoize();
    }
    void emptySet()
    {
        m_body += '\x8f';
        memoize();
    }
    // collections.OrderedDict(): the class once, then BINGET; SETITEMS fills it.
    void orderedDictBegin()
    {
        global("collections", "OrderedDict", m_orderedDict);
        m_body += ')';
        m_body += 'R';
        memoize();
        mark();
    }
    void orderedDictEnd() { m_body += 'u'; }
    // numpy.float64, as numpy pickles it: scalar(dtype('f8', False, True) with its state, raw bytes).
    void numpyFloat64(double d)
    {
        global("numpy.core.multiarray", "scalar", m_scalar);
        if (m_dtype < 0) {
            global("numpy", "dtype", m_dtypeClass);
            str("f8");
            integer(0);
            integer(1);
            m_body += '\x87'; // TUPLE3
            memoize();
            m_body += 'R';
            m_dtype = m_memo;
            memoize();
            mark();
            integer(3);
            str("<");
            none();
            none();
            none();
            integer(-1);
            integer(-1);
            integer(0);
            m_body += 't';
            memoize();
            m_body += 'b'; // BUILD
        } else {
            get(m_dtype);
        }
        m_body += 'C'; // SHORT_BINBYTES
        m_body += '\x08';
        char raw[8];
        std::memcpy(raw, &d, 8); // little-endian host, '<' dtype
        m_body.append(raw, 8);
        memoize();
        tuple2();
        m_body += 'R';
        memoize();
    }

    std::string &raw() { return m_body; }

private:
    void global(const std::string &module, const std::string &name, int &memoSlot)
    {
        if (memoSlot >= 0)
            return get(memoSlot);
        str(module);
        str(name);
        m_body += '\x93'; // STACK_GLOBAL
        memoSlot = m_memo;
        memoize();
    }

    std::string m_body;
    int m_memo = 0;
    std::map<std::string, int> m_strings;
    int m_orderedDict = -1, m_scalar = -1, m_dtypeClass = -1, m_dtype = -1;
};

inline std::string bzip2(const std::string &data)
{
    std::vector<char> out(data.size() + data.size() / 100 + 1024);
    auto outLen = static_cast<unsigned int>(out.size());
    if (BZ2_bzBuffToBuffCompress(out.data(), &outLen, const_cast<char *>(data.data()),
                                 static_cast<unsigned int>(data.size()), 9, 0, 0) != BZ_OK)
        throw std::runtime_error("bzip2 compression failed");
    return std::string(out.data(), outLen);
}

inline void writeFile(const std::string &path, const std::string &bytes)
{
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!f)
        throw std::runtime_error("cannot write " + path);
}

// One trained network: the final accuracies the test wants to read back, per evaluation set.
struct Trial {
    int seed = 777;
    double params = 0.5;
    double flops = 50.0;
    // "x-valid", "x-test", "ori-test" -> accuracy after the last epoch (the earlier epochs get
    // other numbers, so reading the wrong epoch shows).
    std::map<std::string, double> finalAccuracy;
};

struct Architecture {
    int index = 0;
    std::string arch;
    // hp ("12" or "200") -> data set -> trials
    std::map<std::string, std::map<std::string, std::vector<Trial>>> results;
};

// The ArchResults state dict of one schedule, keys in the order of ArchResults.__init__.
inline void writeArchResults(PickleWriter &w, const Architecture &a, int epochs,
                             const std::map<std::string, std::vector<Trial>> &byDataset)
{
    w.dictBegin();
    w.str("arch_index");
    w.integer(a.index);
    w.str("arch_str");
    w.str(a.arch);
    w.str("all_results");
    w.dictBegin();
    for (const auto &[dataset, trials] : byDataset) {
        for (const Trial &t : trials) {
            w.str(dataset);
            w.integer(t.seed);
            w.tuple2();
            // ResultsCount.state_dict(): its __dict__, in the order of ResultsCount.__init__
            w.dictBegin();
            w.str("name");
            w.str(dataset);
            w.str("train_acc1es");
            w.dictBegin();
            for (int e = 0; e < epochs; ++e) {
                w.integer(e);
                w.real(10.0 + e);
            }
            w.dictEnd();
            w.str("train_acc5es"); // a dict in the 12-epoch runs, None in the 200-epoch ones
            if (epochs == 200) {
                w.none();
            } else {
                w.dictBegin();
                for (int e = 0; e < epochs; ++e) {
                    w.integer(e);
                    w.real(50.0 + e);
                }
                w.dictEnd();
            }
            w.str("train_losses");
            w.dictBegin();
            for (int e = 0; e < epochs; ++e) {
                w.integer(e);
                w.real(2.0 - 0.001 * e);
            }
            w.dictEnd();
            w.str("train_times");
            w.orderedDictBegin();
            for (int e = 0; e < epochs; ++e) {
                w.integer(e);
                w.real(12.5);
            }
            w.orderedDictEnd();
            w.str("arch_config");
            w.dictBegin();
            w.str("channel");
            w.integer(16);
            w.str("num_cells");
            w.integer(5);
            w.str("arch_str");
            w.str(a.arch);
            w.str("class_num");
            w.integer(dataset == "cifar100" ? 100 : dataset == "ImageNet16-120" ? 120 : 10);
            w.dictEnd();
            w.str("params");
            w.numpyFloat64(t.params);
            w.str("flop");
            w.real(t.flops);
            w.str("seed");
            w.str("0" + std::to_string(t.seed));
            w.str("epochs");
            w.integer(epochs);
            w.str("latency");
            w.listBegin();
            w.numpyFloat64(0.0161);
            w.listEnd();
            // eval_names in the published order; the 200-epoch files list ori-test first for
            // cifar100 and ImageNet16-120.
            std::vector<std::string> names;
            for (const char *n : {"x-valid", "x-test", "ori-test"})
                if (t.finalAccuracy.count(n))
                    names.push_back(n);
            if (epochs == 200 && (dataset == "cifar100" || dataset == "ImageNet16-120") &&
                t.finalAccuracy.count("ori-test")) {
                names.erase(std::find(names.begin(), names.end(), "ori-test"));
                names.insert(names.begin(), "ori-test");
            }
            w.str("eval_names");
            w.listBegin();
            for (const auto &n : names)
                w.str(n);
            w.listEnd();
            for (const char *table : {"eval_acc1es", "eval_times", "eval_losses"}) {
                const std::string name = table;
                w.str(name);
                w.dictBegin();
                for (const std::string &set : names) {
                    const double acc = t.finalAccuracy.at(set);
                    // The published 200-epoch files hold accuracies and losses of cifar10-valid's
                    // ori-test and of cifar100's / ImageNet16-120's x-valid and x-test only at the
                    // last epoch (update_OLD_eval splits); eval_times has every epoch.
                    const bool lastOnly =
                        name != "eval_times" && epochs == 200 &&
                        ((dataset == "cifar10-valid" && set == "ori-test") ||
                         ((dataset == "cifar100" || dataset == "ImageNet16-120") && set != "ori-test"));
                    for (int e = lastOnly ? epochs - 1 : 0; e < epochs; ++e) {
                        w.str(set + "@" + std::to_string(e));
                        if (name == "eval_acc1es")
                            w.real(e == epochs - 1 ? acc : acc - 5.0 - 0.01 * e);
                        else
                            w.real(name == "eval_times" ? 1.5 : 0.9);
                    }
                }
                w.dictEnd();
            }
            w.str("net_state_dict");
            w.none();
            w.dictEnd();
        }
    }
    w.dictEnd();
    w.str("dataset_seed");
    w.dictBegin();
    for (const auto &[dataset, trials] : byDataset) {
        w.str(dataset);
        w.listBegin();
        for (const Trial &t : trials)
            w.integer(t.seed);
        w.listEnd();
    }
    w.dictEnd();
    w.str("clear_net_done");
    w.boolean(true);
    w.dictEnd();
}

// The uncompressed pickle of one architecture file: OrderedDict {'12': ..., '200': ...}.
inline std::string architecturePickle(const Architecture &a)
{
    PickleWriter w;
    w.orderedDictBegin();
    for (const auto &[hp, byDataset] : a.results) {
        w.str(hp);
        writeArchResults(w, a, hp == "12" ? 12 : 200, byDataset);
    }
    w.orderedDictEnd();
    return w.finish();
}

// meta.pickle.pbz2: {'meta_archs': [...], 'total_archs': n, 'arch2infos': None, 'evaluated_indexes': set()}
inline std::string metaPickle(const std::vector<std::string> &archs)
{
    PickleWriter w;
    w.dictBegin();
    w.str("meta_archs");
    w.listBegin();
    for (const auto &a : archs)
        w.str(a);
    w.listEnd();
    w.str("total_archs");
    w.integer(static_cast<std::int64_t>(archs.size()));
    w.str("arch2infos");
    w.none();
    w.str("evaluated_indexes");
    w.emptySet();
    w.dictEnd();
    return w.finish();
}

inline std::string fileName(int index)
{
    char name[32];
    std::snprintf(name, sizeof name, "%06d.pickle.pbz2", index);
    return name;
}

// The whole folder: meta lists `allArchs`; a file is written for each of `evaluated`.
inline void writeSimpleFolder(const std::string &folder, const std::vector<std::string> &allArchs,
                              const std::vector<Architecture> &evaluated)
{
    writeFile(folder + "/meta.pickle.pbz2", bzip2(metaPickle(allArchs)));
    for (const Architecture &a : evaluated)
        writeFile(folder + "/" + fileName(a.index), bzip2(architecturePickle(a)));
}

// A trial with the evaluation sets of the published files for `dataset`.
inline Trial trial(const std::string &dataset, int seed, double valid, double test, double params, double flops)
{
    Trial t;
    t.seed = seed;
    t.params = params;
    t.flops = flops;
    if (dataset == "cifar10-valid") {
        t.finalAccuracy = {{"x-valid", valid}, {"ori-test", test}};
    } else if (dataset == "cifar10") {
        t.finalAccuracy = {{"ori-test", test}};
    } else {
        t.finalAccuracy = {{"x-valid", valid}, {"x-test", test}, {"ori-test", (valid + test) / 2}};
    }
    return t;
}

} // namespace nats_fixture
