#include "Study.h"

#include "Duration.h"
#include "GenotypeFormats.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>

namespace gdas::model {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

std::string fixed(double value, int decimals)
{
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

// The final metrics a study summarises, in the order it lists them.
const std::vector<std::string> &summarisedKeys()
{
    static const std::vector<std::string> keys{metric::kATop1, metric::kALoss, metric::kWTop1, metric::kWLoss,
                                               metric::kTime};
    return keys;
}

} // namespace

std::string seedDirectoryName(std::uint64_t seed) { return "seed-" + std::to_string(seed); }

std::string studyPlanToJson(const StudyPlan &plan)
{
    json search = plan.searchJson.empty() ? json::object() : json::parse(plan.searchJson);
    json j{{"kind", "study"}, {"name", plan.name}, {"seeds", plan.seeds}, {"search", std::move(search)}};
    return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

StudyPlan studyPlanFromJson(const std::string &text, const std::string &source)
{
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception &e) {
        throw RunRecordError(source + ": not valid JSON (" + e.what() + ")");
    }
    if (!j.is_object())
        throw RunRecordError(source + ": expected a JSON object");
    const auto kind = j.find("kind");
    if (kind == j.end() || !kind->is_string() || kind->get<std::string>() != "study")
        throw RunRecordError(source + ": not a study (\"kind\" must be \"study\")");
    StudyPlan plan;
    if (const auto name = j.find("name"); name != j.end() && name->is_string())
        plan.name = name->get<std::string>();
    const auto seeds = j.find("seeds");
    if (seeds == j.end() || !seeds->is_array() || seeds->empty())
        throw RunRecordError(source + ": \"seeds\" must be a non-empty list of seeds");
    for (const auto &s : *seeds) {
        if (!s.is_number_unsigned())
            throw RunRecordError(source + ": \"seeds\" must hold non-negative integers");
        const std::uint64_t seed = s.get<std::uint64_t>();
        for (std::uint64_t earlier : plan.seeds)
            if (earlier == seed)
                throw RunRecordError(source + ": seed " + std::to_string(seed) + " is listed twice");
        plan.seeds.push_back(seed);
    }
    const auto search = j.find("search");
    if (search == j.end() || !search->is_object())
        throw RunRecordError(source + ": \"search\" must be the search's settings (a JSON object)");
    plan.searchJson = search->dump(-1, ' ', false, json::error_handler_t::replace);
    return plan;
}

bool StudySeed::finished() const
{
    return started && record.status == RunStatus::Finished && record.finalGenotype.has_value();
}

bool isStudyDirectory(const std::string &directory)
{
    std::error_code ec;
    return fs::is_regular_file(fs::path(directory) / kStudyFile, ec);
}

StudyRecord readStudyDirectory(const std::string &directory)
{
    StudyRecord study;
    study.directory = directory;
    const std::string planPath = (fs::path(directory) / kStudyFile).string();
    std::error_code ec;
    if (!fs::is_directory(directory, ec))
        throw RunRecordError(directory + ": no such folder");
    if (!fs::exists(planPath, ec))
        throw RunRecordError(planPath + ": missing; " + directory + " is not a study folder (see `gdas study --help`)");
    study.plan = studyPlanFromJson(readRunFile(planPath), planPath);
    for (std::uint64_t seed : study.plan.seeds) {
        StudySeed s;
        s.seed = seed;
        s.directory = (fs::path(directory) / seedDirectoryName(seed)).string();
        if (fs::exists(fs::path(s.directory) / "config.json", ec)) {
            s.started = true;
            s.record = readRunDirectory(s.directory);
        }
        study.seeds.push_back(std::move(s));
    }
    return study;
}

StudySummary summarizeStudy(const StudyRecord &study)
{
    StudySummary summary;
    summary.planned = static_cast<int>(study.plan.seeds.size());
    std::map<std::string, std::vector<double>> values;
    for (const StudySeed &s : study.seeds) {
        if (!s.finished())
            continue;
        summary.finishedSeeds.push_back(s.seed);
        summary.genotypes.push_back(*s.record.finalGenotype);
        SeedAlphas alphas;
        if (!s.record.epochs.empty()) {
            alphas.normal = s.record.epochs.back().normal;
            alphas.reduce = s.record.epochs.back().reduce;
        }
        summary.alphas.push_back(std::move(alphas));
        const MetricRow *last = nullptr;
        for (const MetricRow &row : s.record.metrics)
            if (row.type == metric::kEpoch)
                last = &row;
        if (last)
            for (const std::string &key : summarisedKeys())
                if (last->has(key) && std::isfinite(last->value(key)))
                    values[key].push_back(last->value(key));
        if (!s.record.epochs.empty() && s.record.epochs.back().benchmark) {
            const BenchmarkScore &b = *s.record.epochs.back().benchmark;
            if (b.valid)
                values[metric::kBenchValid].push_back(*b.valid);
            if (b.test)
                values[metric::kBenchTest].push_back(*b.test);
        }
    }
    if (!summary.genotypes.empty())
        summary.consensus = consensusOf(summary.genotypes, summary.alphas);
    std::vector<std::string> order = summarisedKeys();
    order.push_back(metric::kBenchValid);
    order.push_back(metric::kBenchTest);
    for (const std::string &key : order) {
        const auto it = values.find(key);
        if (it == values.end() || it->second.empty())
            continue;
        const std::vector<double> &v = it->second;
        MetricSpread m;
        m.key = key;
        m.count = static_cast<int>(v.size());
        double sum = 0.0;
        for (double x : v)
            sum += x;
        m.mean = sum / m.count;
        double squares = 0.0;
        for (double x : v)
            squares += (x - m.mean) * (x - m.mean);
        m.stddev = m.count > 1 ? std::sqrt(squares / (m.count - 1)) : 0.0;
        summary.finalMetrics.push_back(m);
    }
    return summary;
}

namespace {

json cellConsensusJson(const CellConsensus &c)
{
    json edges = json::array();
    for (const EdgeVotes &ev : c.edges) {
        if (ev.ops.empty())
            continue;
        json votes = json::object();
        for (const auto &[op, count] : ev.ops)
            votes[op] = count;
        edges.push_back({{"to", ev.edge.to}, {"from", ev.edge.from}, {"votes", std::move(votes)}});
    }
    return {{"edges", std::move(edges)}, {"agreement", c.agreement}, {"mean_agreement", c.meanAgreement()}};
}

} // namespace

std::string studySummaryToJson(const StudySummary &summary)
{
    json seeds = json::array();
    for (std::size_t i = 0; i < summary.finishedSeeds.size(); ++i)
        seeds.push_back({{"seed", summary.finishedSeeds[i]}, {"genotype", json::parse(toJson(summary.genotypes[i]))}});
    json j{{"planned", summary.planned}, {"finished", summary.finishedSeeds.size()}, {"seeds", std::move(seeds)}};
    if (summary.consensus) {
        const Consensus &c = *summary.consensus;
        json consensus{{"genotype", json::parse(toJson(c.genotype))}, {"normal", cellConsensusJson(c.normal)}};
        if (!c.reduce.cell.empty())
            consensus["reduce"] = cellConsensusJson(c.reduce);
        j["consensus"] = std::move(consensus);
    }
    json metrics = json::object();
    for (const MetricSpread &m : summary.finalMetrics)
        metrics[m.key] = {{"mean", m.mean}, {"std", m.stddev}, {"count", m.count}};
    j["final_metrics"] = std::move(metrics);
    return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

TextTable consensusTable(const StudySummary &summary, bool reduction)
{
    TextTable t;
    t.header.push_back("Edge");
    for (std::uint64_t seed : summary.finishedSeeds)
        t.header.push_back("seed " + std::to_string(seed));
    t.header.push_back("Consensus");
    if (!summary.consensus)
        return t;
    const Consensus &c = *summary.consensus;
    const CellConsensus &cell = reduction ? c.reduce : c.normal;
    const CellGenotype &chosen = cell.cell;
    const SearchSpace &space = SearchSpace::of(c.genotype.space);
    const int first = space.inputNodes;
    for (int e = 0; e < static_cast<int>(cell.edges.size()); ++e) {
        const EdgeVotes &ev = cell.edges[e];
        if (ev.ops.empty())
            continue;
        std::vector<std::string> row{space.edgeLabel(e)};
        for (const Genotype &g : summary.genotypes) {
            const CellGenotype &seedCell = reduction ? g.reduce : g.normal;
            std::string ops;
            const std::size_t k = static_cast<std::size_t>(ev.edge.to - first);
            if (k < seedCell.size())
                for (const GenotypeOp &op : seedCell[k])
                    if (op.input == ev.edge.from)
                        ops += (ops.empty() ? "" : "+") + op.op;
            row.push_back(ops.empty() ? "\u00b7" : ops);
        }
        std::string verdict;
        const std::size_t k = static_cast<std::size_t>(ev.edge.to - first);
        if (k < chosen.size())
            for (const GenotypeOp &op : chosen[k])
                if (op.input == ev.edge.from)
                    verdict = op.op + " (" + std::to_string(ev.votes()) + "/" + std::to_string(c.seeds) +
                              (ev.tied() ? ", tie" : "") + ")";
        row.push_back(verdict);
        t.rows.push_back(std::move(row));
    }
    t.caption = std::string(reduction ? "Reduction" : (space.hasReductionCell ? "Normal" : "The")) +
                " cell chosen by each seed, and the consensus (seeds that agree / seeds)";
    return t;
}

TextTable metricsTable(const StudySummary &summary)
{
    TextTable t;
    t.header = {"Metric", "Mean \u00b1 std", "Seeds"};
    t.rightAligned = {false, true, true};
    static const std::map<std::string, std::string> names{{metric::kATop1, "search valid top-1 (%)"},
                                                          {metric::kALoss, "search valid loss"},
                                                          {metric::kWTop1, "search train top-1 (%)"},
                                                          {metric::kWLoss, "search train loss"},
                                                          {metric::kTime, "search time"},
                                                          {metric::kBenchValid, "benchmark valid (%)"},
                                                          {metric::kBenchTest, "benchmark test (%)"}};
    for (const MetricSpread &m : summary.finalMetrics) {
        const auto name = names.find(m.key);
        std::string value;
        if (m.key == metric::kTime)
            value = formatDuration(m.mean, DurationStyle::Units) + " \u00b1 " +
                    formatDuration(m.stddev, DurationStyle::Units);
        else {
            const int decimals = (m.key.find("loss") != std::string::npos) ? 3 : 2;
            value = fixed(m.mean, decimals) + " \u00b1 " + fixed(m.stddev, decimals);
        }
        t.rows.push_back({name != names.end() ? name->second : m.key, value, std::to_string(m.count)});
    }
    t.caption = "Final metrics over " + std::to_string(summary.finishedSeeds.size()) + " of " +
                std::to_string(summary.planned) + " seeds";
    return t;
}

} // namespace gdas::model
