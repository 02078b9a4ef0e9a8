#include "benchmark/NatsBenchFiles.h"

#include "benchmark/BenchmarkError.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <set>

namespace gdas::benchmark {

const std::vector<std::string> &benchmarkDatasets()
{
    static const std::vector<std::string> names{"cifar10-valid", "cifar10", "cifar100", "ImageNet16-120"};
    return names;
}

const DatasetResults *ArchitectureResults::dataset(std::string_view name) const
{
    for (const DatasetResults &d : datasets)
        if (d.dataset == name)
            return &d;
    return nullptr;
}

namespace {

using Kind = PickleValue::Kind;

[[noreturn]] void bad(const std::string &file, const std::string &where, const std::string &problem)
{
    throw BenchmarkError(file + ": " + where + ": " + problem);
}

const char *kindName(Kind kind)
{
    switch (kind) {
    case Kind::Int:
        return "an int";
    case Kind::Float:
        return "a number";
    case Kind::String:
        return "a str";
    case Kind::List:
        return "a list";
    case Kind::Dict:
        return "a dict";
    default:
        return "another type";
    }
}

const PickleValue &need(const PickleValue &dict, const char *key, Kind kind, const std::string &file,
                        const std::string &where)
{
    if (dict.kind() != Kind::Dict)
        bad(file, where, std::string("is a ") + dict.typeName() + ", expected a dict");
    const PickleValue *v = dict.get(key);
    if (!v)
        bad(file, where, std::string("has no key '") + key + "'");
    const bool ok = v->kind() == kind || (kind == Kind::Float && v->isNumber());
    if (!ok)
        bad(file, where + "['" + key + "']", std::string("is a ") + v->typeName() + ", expected " + kindName(kind));
    return *v;
}

// Python's mean(): sum from the left, divided by the count.
double mean(const std::vector<double> &values)
{
    double sum = 0.0;
    for (double v : values)
        sum += v;
    return sum / static_cast<double>(values.size());
}

std::string fixed5(double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.5f", v);
    return buf;
}

struct HpData {
    // per data set: the condensed numbers of this schedule
    struct Set {
        std::optional<double> valid, test, params, flops;
        std::vector<int> seeds;
    };
    std::vector<std::pair<std::string, Set>> sets;
    const Set *find(const std::string &name) const
    {
        for (const auto &s : sets)
            if (s.first == name)
                return &s.second;
        return nullptr;
    }
};

// The validation and test sets get_more_info() reads per data set (api_topology.py).
const char *testSetOf(const std::string &dataset)
{
    return dataset == "cifar10-valid" || dataset == "cifar10" ? "ori-test" : "x-test";
}

// One ArchResults state dict (api_utils.py, ArchResults.state_dict()).
HpData readArchResults(const PickleValue &state, const std::string &file, const std::string &hp, int expectedIndex,
                       const std::string &expectedArch)
{
    const std::string where = "['" + hp + "']";
    const PickleValue &index = need(state, "arch_index", Kind::Int, file, where);
    if (index.asInt() != expectedIndex)
        bad(file, where + "['arch_index']",
            "is " + std::to_string(index.asInt()) + " but the file stands for architecture " +
                std::to_string(expectedIndex));
    const PickleValue &arch = need(state, "arch_str", Kind::String, file, where);
    if (arch.text() != expectedArch)
        bad(file, where + "['arch_str']",
            "is '" + arch.text() + "' but meta_archs[" + std::to_string(expectedIndex) + "] is '" + expectedArch + "'");
    const PickleValue &allResults = need(state, "all_results", Kind::Dict, file, where);
    const PickleValue &datasetSeed = need(state, "dataset_seed", Kind::Dict, file, where);

    HpData out;
    for (const auto &entry : datasetSeed.entries()) {
        if (entry.first.kind() != Kind::String)
            bad(file, where + "['dataset_seed']", std::string("has a key of type ") + entry.first.typeName());
        const std::string dataset = entry.first.text();
        const std::string dsWhere = where + "['dataset_seed']['" + dataset + "']";
        if (entry.second.kind() != Kind::List)
            bad(file, dsWhere, std::string("is a ") + entry.second.typeName() + ", expected a list of seeds");
        HpData::Set set;
        std::vector<double> valid, test, params, flops;
        bool haveValid = true, haveTest = true;
        std::vector<std::string> params5, flops5;
        std::optional<double> params888, flops888;
        for (const PickleValue &seedValue : entry.second.items()) {
            if (seedValue.kind() != Kind::Int)
                bad(file, dsWhere, std::string("holds a seed of type ") + seedValue.typeName());
            const int seed = static_cast<int>(seedValue.asInt());
            set.seeds.push_back(seed);
            const PickleValue key = PickleValue::tuple({PickleValue::string(dataset), PickleValue::integer(seed)});
            const PickleValue *result = allResults.get(key);
            const std::string rWhere = where + "['all_results'][('" + dataset + "', " + std::to_string(seed) + ")]";
            if (!result)
                bad(file, where + "['all_results']",
                    "has no entry ('" + dataset + "', " + std::to_string(seed) + ") although dataset_seed lists it");
            const PickleValue &epochs = need(*result, "epochs", Kind::Int, file, rWhere);
            if (epochs.asInt() < 1 || epochs.asInt() > 100000)
                bad(file, rWhere + "['epochs']", "is " + std::to_string(epochs.asInt()));
            const PickleValue &acc = need(*result, "eval_acc1es", Kind::Dict, file, rWhere);
            const std::string last = "@" + std::to_string(epochs.asInt() - 1);
            auto accuracy = [&](const std::string &setName, std::vector<double> &into, bool &have) {
                const PickleValue *v = acc.get(setName + last);
                if (!v) {
                    have = false;
                    return;
                }
                if (!v->isNumber())
                    bad(file, rWhere + "['eval_acc1es']['" + setName + last + "']",
                        std::string("is a ") + v->typeName() + ", expected a number");
                into.push_back(v->asNumber());
            };
            accuracy("x-valid", valid, haveValid);
            accuracy(testSetOf(dataset), test, haveTest);
            const double p = need(*result, "params", Kind::Float, file, rWhere).asNumber();
            const double f = need(*result, "flop", Kind::Float, file, rWhere).asNumber();
            params.push_back(p);
            flops.push_back(f);
            params5.push_back(fixed5(p));
            flops5.push_back(fixed5(f));
            if (seed == 888) {
                params888 = p;
                flops888 = f;
            }
        }
        if (!set.seeds.empty()) {
            if (haveValid)
                set.valid = mean(valid);
            if (haveTest)
                set.test = mean(test);
            // get_compute_costs(): seeds that disagree (to 5 decimals) are a legacy error of
            // the benchmark; the API then takes seed 888's value (and fails without one).
            auto cost = [](const std::vector<double> &values, const std::vector<std::string> &as5,
                           const std::optional<double> &of888) -> std::optional<double> {
                const bool consistent = std::set<std::string>(as5.begin(), as5.end()).size() <= 1;
                if (consistent)
                    return mean(values);
                return of888;
            };
            set.params = cost(params, params5, params888);
            set.flops = cost(flops, flops5, flops888);
        }
        out.sets.emplace_back(dataset, std::move(set));
    }
    return out;
}

} // namespace

std::vector<std::string> readMetaArchs(const PickleValue &meta, const std::string &file)
{
    const PickleValue &archs = need(meta, "meta_archs", Kind::List, file, "the meta dict");
    std::vector<std::string> out;
    out.reserve(archs.items().size());
    for (std::size_t i = 0; i < archs.items().size(); ++i) {
        const PickleValue &a = archs.items()[i];
        if (a.kind() != Kind::String)
            bad(file, "meta_archs[" + std::to_string(i) + "]",
                std::string("is a ") + a.typeName() + ", expected a str");
        out.push_back(a.text());
    }
    return out;
}

ArchitectureResults readArchitecture(const PickleValue &root, const std::string &file, int expectedIndex,
                                     const std::string &expectedArch)
{
    if (root.kind() != Kind::Dict)
        bad(file, "the file",
            std::string("holds a ") + root.typeName() + ", expected a dict of {'12': ..., '200': ...}");
    std::optional<HpData> hp12, hp200;
    for (const auto &entry : root.entries()) {
        if (entry.first.kind() != Kind::String)
            bad(file, "the file",
                std::string("has a key of type ") + entry.first.typeName() + ", expected '12' or '200'");
        const std::string &hp = entry.first.text();
        if (hp == "12")
            hp12 = readArchResults(entry.second, file, hp, expectedIndex, expectedArch);
        else if (hp == "200")
            hp200 = readArchResults(entry.second, file, hp, expectedIndex, expectedArch);
        // Other schedules (the topology space has only 12 and 200) are not part of the schema.
    }
    if (!hp12 && !hp200)
        bad(file, "the file", "has neither '12' nor '200' results");

    ArchitectureResults out;
    out.index = expectedIndex;
    out.arch = expectedArch;
    std::vector<std::string> names = benchmarkDatasets();
    for (const HpData *hp : {hp12 ? &*hp12 : nullptr, hp200 ? &*hp200 : nullptr})
        if (hp)
            for (const auto &s : hp->sets)
                if (std::find(names.begin(), names.end(), s.first) == names.end())
                    names.push_back(s.first);
    for (const std::string &name : names) {
        const HpData::Set *a = hp12 ? hp12->find(name) : nullptr;
        const HpData::Set *b = hp200 ? hp200->find(name) : nullptr;
        if (!a && !b)
            continue;
        DatasetResults d;
        d.dataset = name;
        if (a) {
            d.validAccuracy12 = a->valid;
            d.testAccuracy12 = a->test;
            d.seeds12 = a->seeds;
        }
        if (b) {
            d.validAccuracy200 = b->valid;
            d.testAccuracy200 = b->test;
            d.seeds200 = b->seeds;
        }
        // Parameters and FLOPs do not depend on the schedule; the 200-epoch runs are the
        // benchmark's reference, the 12-epoch ones stand in where those are missing.
        d.paramsMb = b && b->params ? b->params : (a ? a->params : std::nullopt);
        d.flopsM = b && b->flops ? b->flops : (a ? a->flops : std::nullopt);
        out.datasets.push_back(std::move(d));
    }
    return out;
}

std::string architectureFile(const std::string &folder, int index)
{
    namespace fs = std::filesystem;
    char name[64];
    std::snprintf(name, sizeof name, "%06d.pickle.pbz2", index);
    std::error_code ec;
    fs::path p = fs::path(folder) / name;
    if (fs::is_regular_file(p, ec))
        return p.string();
    p = fs::path(folder) / (std::to_string(index) + ".pickle.pbz2");
    if (fs::is_regular_file(p, ec))
        return p.string();
    return {};
}

} // namespace gdas::benchmark
