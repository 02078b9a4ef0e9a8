#include "RunRecord.h"

#include "GenotypeFormats.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>

namespace gdas::model {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

constexpr std::string_view kKindWords[] = {"search", "retrain"};
constexpr std::string_view kStatusWords[] = {"running", "paused", "stopped", "finished", "failed"};
// The words stand in the enumerators' order.
static_assert(std::size(kKindWords) == static_cast<std::size_t>(RunKind::Retrain) + 1);
static_assert(std::size(kStatusWords) == static_cast<std::size_t>(RunStatus::Failed) + 1);

// The enumerator whose word (its index in `words`) is `name`; none for any other word.
template <typename Enum, std::size_t N>
std::optional<Enum> findWord(const std::string_view (&words)[N], std::string_view name)
{
    for (std::size_t i = 0; i < N; ++i)
        if (name == words[i])
            return static_cast<Enum>(i);
    return std::nullopt;
}

} // namespace

std::string_view toString(RunKind kind) { return kKindWords[static_cast<std::size_t>(kind)]; }

RunKind runKindByName(std::string_view name)
{
    if (const auto kind = findWord<RunKind>(kKindWords, name))
        return *kind;
    throw std::invalid_argument("unknown run kind '" + std::string(name) + "' (expected search or retrain)");
}

std::string_view toString(RunStatus status) { return kStatusWords[static_cast<std::size_t>(status)]; }

RunStatus runStatusByName(std::string_view name)
{
    if (const auto status = findWord<RunStatus>(kStatusWords, name))
        return *status;
    throw std::invalid_argument("unknown run status '" + std::string(name) +
                                "' (expected running, paused, stopped, finished or failed)");
}

std::string statusWord(const RunRecord &record)
{
    return record.status ? std::string(toString(*record.status)) : record.unknownStatus;
}

double MetricRow::value(const std::string &key, double fallback) const
{
    const auto it = values.find(key);
    return it == values.end() ? fallback : it->second;
}

std::string readRunFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw RunRecordError(path + ": cannot open");
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

namespace {

constexpr const char *kConfigFile = "config.json";
constexpr const char *kMetricsFile = "metrics.jsonl";
constexpr const char *kEpochsFile = "epochs.jsonl";
constexpr const char *kGenotypeFile = "genotype.json";

std::string pathIn(const std::string &directory, const char *file) { return (fs::path(directory) / file).string(); }

// False also when the file cannot be looked at: a reader polls again later.
bool fileExists(const std::string &path)
{
    std::error_code ec;
    return fs::exists(path, ec);
}

// The complete lines appended to `path` since `offset`; advances offset past the last '\n'
// so that a line still being written is read whole by a later call.
std::vector<std::string> readNewLines(const std::string &path, std::uint64_t &offset)
{
    std::vector<std::string> lines;
    if (!fileExists(path))
        return lines;
    std::error_code ec;
    const std::uint64_t size = fs::file_size(path, ec);
    if (ec)
        throw RunRecordError(path + ": cannot read its size: " + ec.message());
    if (size < offset)
        throw RunRecordError(path + ": shrank from " + std::to_string(offset) + " to " + std::to_string(size) +
                             " bytes; the run was restarted in place, open it again");
    if (size == offset)
        return lines;
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw RunRecordError(path + ": cannot open");
    in.seekg(static_cast<std::streamoff>(offset));
    std::string chunk(static_cast<std::size_t>(size - offset), '\0');
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    chunk.resize(static_cast<std::size_t>(in.gcount()));
    const std::size_t lastNewline = chunk.rfind('\n');
    if (lastNewline == std::string::npos)
        return lines;
    std::size_t start = 0;
    while (start <= lastNewline) {
        const std::size_t end = chunk.find('\n', start);
        std::string line = chunk.substr(start, end - start);
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        lines.push_back(std::move(line));
        start = end + 1;
    }
    offset += lastNewline + 1;
    return lines;
}

bool isBlank(const std::string &line) { return line.find_first_not_of(" \t\r") == std::string::npos; }

// Errors found while reading one line; the caller adds "file:line: ".
struct LineError {
    std::string why;
};

// nlohmann's parser is iterative, but dump() (the "genotype" object is handed on as text) and
// copies recurse: a line nested a hundred thousand levels deep would exhaust the stack. Run
// directories nest 5 levels; refuse anything past the genotype readers' limit while parsing.
constexpr int kMaxLineDepth = 64;

json parseLine(const std::string &line)
{
    try {
        json j = json::parse(line, [](int depth, json::parse_event_t event, json &) {
            if ((event == json::parse_event_t::object_start || event == json::parse_event_t::array_start) &&
                depth >= kMaxLineDepth)
                throw LineError{"nested too deeply (more than " + std::to_string(kMaxLineDepth) + " levels)"};
            return true;
        });
        if (!j.is_object())
            throw LineError{"expected a JSON object, found " + std::string(j.type_name())};
        return j;
    } catch (const json::exception &e) {
        // parse_error, and out_of_range for a number past double's range (found by fuzzing).
        throw LineError{"not valid JSON (" + std::string(e.what()) + ")"};
    }
}

std::int64_t requireInteger(const json &j, const char *key)
{
    const auto it = j.find(key);
    if (it == j.end())
        throw LineError{std::string("missing \"") + key + "\""};
    if (!it->is_number_integer())
        throw LineError{std::string("\"") + key + "\" must be an integer, found " + it->type_name()};
    return it->get<std::int64_t>();
}

std::string optionalString(const json &j, const char *key)
{
    const auto it = j.find(key);
    if (it == j.end() || it->is_null())
        return {};
    if (!it->is_string())
        throw LineError{std::string("\"") + key + "\" must be a string, found " + it->type_name()};
    return it->get<std::string>();
}

// Returns false for a status row (its status and message go to the record) and for rows of
// unknown types, which newer writers may add.
bool readMetricLine(const json &j, RunRecord &record, MetricRow &row)
{
    const auto type = j.find("type");
    if (type == j.end())
        throw LineError{"missing \"type\""};
    if (!type->is_string())
        throw LineError{"\"type\" must be a string"};
    row.type = type->get<std::string>();
    if (row.type == metric::kStatus) {
        const auto found = j.find("status");
        if (found == j.end() || !found->is_string())
            throw LineError{"a status row needs a \"status\" string"};
        const std::string word = found->get<std::string>();
        // A word a newer writer may add is no error: it is kept as written.
        record.status = findWord<RunStatus>(kStatusWords, word);
        record.unknownStatus = record.status ? std::string() : word;
        record.statusMessage = optionalString(j, "message");
        return false;
    }
    if (row.type != metric::kStep && row.type != metric::kEpoch)
        return false;
    row.epoch = static_cast<int>(requireInteger(j, "epoch"));
    if (row.type == metric::kStep) {
        row.step = requireInteger(j, "step");
        if (j.contains("global_step"))
            row.globalStep = requireInteger(j, "global_step");
    }
    for (const auto &[key, value] : j.items()) {
        if (key == "type" || key == "epoch" || key == "step" || key == "global_step")
            continue;
        // null stands for a value that was not finite (a diverged loss): nothing to plot.
        if (value.is_number())
            row.values[key] = value.get<double>();
    }
    return true;
}

AlphaTable readAlphaTable(const json &j, const char *cell)
{
    const std::string where = std::string("\"") + cell + "\"";
    if (!j.is_object())
        throw LineError{where + " must be an object with ops, edges and probs"};
    AlphaTable table;
    const auto ops = j.find("ops");
    const auto edges = j.find("edges");
    const auto probs = j.find("probs");
    if (ops == j.end() || !ops->is_array())
        throw LineError{where + ": \"ops\" must be a list of op names"};
    if (edges == j.end() || !edges->is_array())
        throw LineError{where + ": \"edges\" must be a list of [to, from] pairs"};
    if (probs == j.end() || !probs->is_array())
        throw LineError{where + ": \"probs\" must be a list of rows"};
    for (const json &op : *ops) {
        if (!op.is_string())
            throw LineError{where + ": \"ops\" must hold strings"};
        table.ops.push_back(op.get<std::string>());
    }
    for (const json &edge : *edges) {
        if (!edge.is_array() || edge.size() != 2 || !edge[0].is_number_integer() || !edge[1].is_number_integer())
            throw LineError{where + ": each edge must be [to, from]"};
        table.edges.push_back({edge[0].get<int>(), edge[1].get<int>()});
    }
    if (probs->size() != table.edges.size())
        throw LineError{where + ": " + std::to_string(probs->size()) + " probability rows for " +
                        std::to_string(table.edges.size()) + " edges"};
    for (std::size_t r = 0; r < probs->size(); ++r) {
        const json &row = (*probs)[r];
        if (!row.is_array() || row.size() != table.ops.size())
            throw LineError{where + ": probability row " + std::to_string(r) + " must hold " +
                            std::to_string(table.ops.size()) + " numbers"};
        for (const json &p : row) {
            if (!p.is_number())
                throw LineError{where + ": probability row " + std::to_string(r) + " holds a non-number"};
            table.probs.push_back(p.get<float>());
        }
    }
    return table;
}

// epochs.jsonl's "health" of one cell type: {"ops", "param_free", "skip_connect", "entropy",
// "margin", "changed"} ("changed" null at a run's first epoch).
CellHealth readCellHealth(const json &j, const std::string &where)
{
    if (!j.is_object())
        throw LineError{"\"" + where + "\" must be an object"};
    const auto integer = [&](const char *key) {
        const auto it = j.find(key);
        if (it == j.end() || !it->is_number_integer())
            throw LineError{"\"" + where + "." + key + "\" must be an integer"};
        return it->get<int>();
    };
    const auto number = [&](const char *key) {
        const auto it = j.find(key);
        if (it == j.end() || !it->is_number())
            throw LineError{"\"" + where + "." + key + "\" must be a number"};
        return it->get<double>();
    };
    CellHealth h;
    h.derivedOps = integer("ops");
    h.parameterFreeOps = integer("param_free");
    h.skipConnections = integer("skip_connect");
    h.meanEntropy = number("entropy");
    h.meanMargin = number("margin");
    if (const auto changed = j.find("changed"); changed != j.end() && !changed->is_null())
        h.changedEdges = integer("changed");
    return h;
}

BenchmarkScore readBenchmarkScore(const json &j)
{
    if (!j.is_object())
        throw LineError{"\"benchmark\" must be an object"};
    BenchmarkScore b;
    const auto dataset = j.find("dataset");
    if (dataset == j.end() || !dataset->is_string())
        throw LineError{"\"benchmark.dataset\" must be a string"};
    b.dataset = dataset->get<std::string>();
    if (const auto index = j.find("index"); index != j.end() && !index->is_null()) {
        if (!index->is_number_integer() || *index < 0 || *index > 1000000000)
            throw LineError{"\"benchmark.index\" must be a non-negative integer"};
        b.index = index->get<int>();
    }
    const auto number = [&](const char *key) -> std::optional<double> {
        const auto v = j.find(key);
        if (v == j.end() || v->is_null())
            return std::nullopt;
        if (!v->is_number())
            throw LineError{std::string("\"benchmark.") + key + "\" must be a number"};
        return v->get<double>();
    };
    b.valid = number("valid");
    b.test = number("test");
    b.bestTest = number("best_test");
    return b;
}

EpochRecord readEpochLine(const json &j)
{
    EpochRecord e;
    e.epoch = static_cast<int>(requireInteger(j, "epoch"));
    if (const auto tau = j.find("tau"); tau != j.end() && !tau->is_null()) {
        if (!tau->is_number())
            throw LineError{"\"tau\" must be a number"};
        e.tau = tau->get<double>();
    }
    const auto normal = j.find("normal");
    if (normal == j.end())
        throw LineError{"missing \"normal\""};
    e.normal = readAlphaTable(*normal, "normal");
    if (const auto reduce = j.find("reduce"); reduce != j.end() && !reduce->is_null())
        e.reduce = readAlphaTable(*reduce, "reduce");
    if (const auto genotype = j.find("genotype"); genotype != j.end() && !genotype->is_null()) {
        try {
            e.genotype = fromJson(genotype->dump());
        } catch (const GenotypeError &error) {
            throw LineError{std::string("\"genotype\": ") + error.what()};
        }
    }
    if (const auto health = j.find("health"); health != j.end() && !health->is_null()) {
        if (!health->is_object())
            throw LineError{"\"health\" must be an object"};
        if (const auto n = health->find("normal"); n != health->end())
            e.normalHealth = readCellHealth(*n, "health.normal");
        if (const auto r = health->find("reduce"); r != health->end())
            e.reduceHealth = readCellHealth(*r, "health.reduce");
    }
    if (const auto bench = j.find("benchmark"); bench != j.end() && !bench->is_null())
        e.benchmark = readBenchmarkScore(*bench);
    return e;
}

// A run name typed in another encoding (--name, the workbench) must not make a write of the run
// fail: such bytes are written as U+FFFD.
std::string dumpLine(const json &j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

json alphaTableJson(const AlphaTable &t)
{
    json edges = json::array();
    for (const auto &e : t.edges)
        edges.push_back({e.to, e.from});
    json rows = json::array();
    for (int r = 0; r < t.rows(); ++r) {
        json row = json::array();
        for (int c = 0; c < t.cols(); ++c)
            row.push_back(t.at(r, c));
        rows.push_back(std::move(row));
    }
    return {{"ops", t.ops}, {"edges", std::move(edges)}, {"probs", std::move(rows)}};
}

std::string fileStamp(const std::string &path)
{
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec)
        return {};
    const auto time = fs::last_write_time(path, ec);
    if (ec)
        return {};
    return std::to_string(size) + "@" + std::to_string(time.time_since_epoch().count());
}

} // namespace

std::string metricRowToJson(const MetricRow &row)
{
    json j{{"type", row.type}, {"epoch", row.epoch}};
    if (row.type == metric::kStep) {
        j["step"] = row.step;
        if (row.globalStep >= 0)
            j["global_step"] = row.globalStep;
    }
    for (const auto &[key, value] : row.values)
        j[key] = value;
    return dumpLine(j);
}

std::string statusRowToJson(RunStatus status, const std::string &message)
{
    json j{{"type", metric::kStatus}, {"status", std::string(toString(status))}};
    if (!message.empty())
        j["message"] = message;
    return dumpLine(j);
}

std::string epochRecordToJson(const EpochRecord &record)
{
    json j{{"epoch", record.epoch},
           {"tau", record.tau},
           {"normal", alphaTableJson(record.normal)},
           {"genotype", json::parse(toJson(record.genotype))}};
    if (!record.reduce.empty())
        j["reduce"] = alphaTableJson(record.reduce);
    const auto healthJson = [](const CellHealth &h) {
        return json{{"ops", h.derivedOps},
                    {"param_free", h.parameterFreeOps},
                    {"skip_connect", h.skipConnections},
                    {"entropy", h.meanEntropy},
                    {"margin", h.meanMargin},
                    {"changed", h.changedEdges ? json(*h.changedEdges) : json(nullptr)}};
    };
    if (record.normalHealth) {
        json health{{"normal", healthJson(*record.normalHealth)}};
        if (record.reduceHealth)
            health["reduce"] = healthJson(*record.reduceHealth);
        j["health"] = health;
    }
    if (record.benchmark) {
        const BenchmarkScore &b = *record.benchmark;
        const auto number = [](const std::optional<double> &v) { return v ? json(*v) : json(nullptr); };
        j["benchmark"] = json{{"dataset", b.dataset},
                              {"index", b.index >= 0 ? json(b.index) : json(nullptr)},
                              {"valid", number(b.valid)},
                              {"test", number(b.test)},
                              {"best_test", number(b.bestTest)}};
    }
    return dumpLine(j);
}

RunFollower::RunFollower(std::string directory) : m_directory(std::move(directory)) {}

bool RunFollower::readConfig(RunRecord &record)
{
    const std::string path = pathIn(m_directory, kConfigFile);
    if (!fileExists(path))
        return false;
    const std::string text = readRunFile(path);
    json config;
    try {
        config = json::parse(text);
    } catch (const json::exception &e) { // parse_error, or out_of_range for a huge number
        throw RunRecordError(path + ": not valid JSON (" + e.what() + ")");
    }
    if (!config.is_object())
        throw RunRecordError(path + ": expected a JSON object");
    try {
        // No kind, or one this version does not know: a run of no known kind (nothing resumes it).
        record.kind = findWord<RunKind>(kKindWords, optionalString(config, "kind"));
        record.name = optionalString(config, "name");
        record.space = optionalString(config, "space");
        record.algorithm = optionalString(config, "algorithm");
        const auto epochs = config.find("epochs");
        if (epochs != config.end() && epochs->is_number_integer() && *epochs >= 0 &&
            *epochs <= std::numeric_limits<int>::max())
            record.plannedEpochs = epochs->get<int>();
        const auto skipLimit = config.find("collapse_skip_limit");
        if (skipLimit != config.end() && skipLimit->is_number_integer() && *skipLimit >= 0 && *skipLimit <= 1000)
            record.collapseSkipLimit = skipLimit->get<int>();
    } catch (const LineError &e) {
        throw RunRecordError(path + ": " + e.why);
    }
    record.configJson = text;
    record.directory = m_directory;
    m_configRead = true;
    return true;
}

bool RunFollower::readFinalGenotype(RunRecord &record)
{
    const std::string path = pathIn(m_directory, kGenotypeFile);
    if (!fileExists(path))
        return false;
    const std::string stamp = fileStamp(path);
    if (stamp == m_genotypeStamp)
        return false;
    const std::string text = readRunFile(path);
    try {
        record.finalGenotype = fromJson(text);
    } catch (const GenotypeError &e) {
        throw RunRecordError(path + ": " + e.what());
    }
    m_genotypeStamp = stamp;
    return true;
}

bool RunFollower::poll(RunRecord &record)
{
    std::error_code ec;
    if (!fs::is_directory(m_directory, ec))
        throw RunRecordError("run directory '" + m_directory + "' does not exist");
    bool changed = false;
    if (!m_configRead) {
        if (!readConfig(record))
            return false;
        changed = true;
    }

    const std::string metricsPath = pathIn(m_directory, kMetricsFile);
    const std::string previousStatus = statusWord(record);
    const std::string previousMessage = record.statusMessage;
    for (const std::string &line : readNewLines(metricsPath, m_metricsOffset)) {
        ++m_metricsLine;
        if (isBlank(line))
            continue;
        try {
            MetricRow row;
            if (readMetricLine(parseLine(line), record, row))
                record.metrics.push_back(std::move(row));
            changed = true;
        } catch (const LineError &e) {
            throw RunRecordError(metricsPath + ":" + std::to_string(m_metricsLine) + ": " + e.why);
        }
    }
    changed = changed || statusWord(record) != previousStatus || record.statusMessage != previousMessage;

    const std::string epochsPath = pathIn(m_directory, kEpochsFile);
    for (const std::string &line : readNewLines(epochsPath, m_epochsOffset)) {
        ++m_epochsLine;
        if (isBlank(line))
            continue;
        try {
            record.epochs.push_back(readEpochLine(parseLine(line)));
            changed = true;
        } catch (const LineError &e) {
            throw RunRecordError(epochsPath + ":" + std::to_string(m_epochsLine) + ": " + e.why);
        }
    }

    if (readFinalGenotype(record))
        changed = true;
    return changed;
}

RunRecord readRunDirectory(const std::string &directory)
{
    std::error_code ec;
    if (!fs::is_directory(directory, ec))
        throw RunRecordError("run directory '" + directory + "' does not exist");
    if (!fs::exists(pathIn(directory, kConfigFile), ec))
        throw RunRecordError(pathIn(directory, kConfigFile) + ": no such file ('" + directory +
                             "' is not a run directory)");
    RunRecord record;
    record.directory = directory;
    RunFollower follower(directory);
    follower.poll(record);
    return record;
}

} // namespace gdas::model
