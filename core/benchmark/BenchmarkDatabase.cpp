#include "benchmark/BenchmarkDatabase.h"

#include "benchmark/BenchmarkError.h"
#include "benchmark/Bzip2File.h"
#include "benchmark/NatsBenchFiles.h"
#include "benchmark/Pickle.h"

#include "model/Genotype.h"
#include "model/GenotypeFormats.h"
#include "model/TimeStamp.h"

#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <sstream>
#include <unistd.h>

namespace gdas::benchmark {

namespace fs = std::filesystem;

namespace {

constexpr const char *kFormat = "gdas-nas-bench-201";
constexpr const char *kSchemaVersion = "1";
// A per-architecture file is about 0.3 MiB decompressed, meta.pickle.pbz2 about 1.4 MiB.
constexpr std::size_t kMaxPickleBytes = std::size_t(256) << 20;

const char *kSchema = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE architectures(
  arch_index INTEGER PRIMARY KEY,
  arch TEXT NOT NULL UNIQUE
);
CREATE TABLE results(
  arch_index INTEGER NOT NULL REFERENCES architectures(arch_index),
  dataset TEXT NOT NULL,
  valid_acc_12 REAL,
  test_acc_12 REAL,
  valid_acc_200 REAL,
  test_acc_200 REAL,
  params_mb REAL,
  flops_m REAL,
  seeds_12 TEXT NOT NULL,
  seeds_200 TEXT NOT NULL,
  PRIMARY KEY(arch_index, dataset)
);
)sql";

class Statement {
public:
    Statement(sqlite3 *db, const char *sql, const std::string &file) : m_file(file)
    {
        if (sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr) != SQLITE_OK)
            throw BenchmarkError(file + ": " + sqlite3_errmsg(db));
    }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    sqlite3_stmt *get() const { return m_stmt; }

    void bind(int i, const std::string &s) { sqlite3_bind_text(m_stmt, i, s.c_str(), -1, SQLITE_TRANSIENT); }
    void bind(int i, int v) { sqlite3_bind_int(m_stmt, i, v); }
    void bind(int i, const std::optional<double> &v)
    {
        if (v)
            sqlite3_bind_double(m_stmt, i, *v);
        else
            sqlite3_bind_null(m_stmt, i);
    }
    // true while there is a row
    bool step()
    {
        const int rc = sqlite3_step(m_stmt);
        if (rc == SQLITE_ROW)
            return true;
        if (rc == SQLITE_DONE)
            return false;
        throw BenchmarkError(m_file + ": " + sqlite3_errmsg(sqlite3_db_handle(m_stmt)));
    }
    void reset()
    {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
    }
    std::optional<double> optionalDouble(int col) const
    {
        if (sqlite3_column_type(m_stmt, col) == SQLITE_NULL)
            return std::nullopt;
        return sqlite3_column_double(m_stmt, col);
    }
    std::string text(int col) const
    {
        const unsigned char *t = sqlite3_column_text(m_stmt, col);
        return t ? reinterpret_cast<const char *>(t) : "";
    }
    int integer(int col) const { return sqlite3_column_int(m_stmt, col); }

private:
    sqlite3_stmt *m_stmt = nullptr;
    std::string m_file;
};

void exec(sqlite3 *db, const char *sql, const std::string &file)
{
    char *error = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
        const std::string message = error ? error : sqlite3_errmsg(db);
        sqlite3_free(error);
        throw BenchmarkError(file + ": " + message);
    }
}

std::string joinSeeds(const std::vector<int> &seeds)
{
    std::string out;
    for (std::size_t i = 0; i < seeds.size(); ++i)
        out += (i ? "," : "") + std::to_string(seeds[i]);
    return out;
}

std::vector<int> splitSeeds(const std::string &text)
{
    std::vector<int> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
        if (!item.empty())
            out.push_back(std::stoi(item));
    return out;
}

// The database being written: closed and deleted unless commit() renamed it into place.
class PartialDatabase {
public:
    PartialDatabase(const std::string &finalPath)
        : m_final(finalPath), m_temp(finalPath + ".partial-" + std::to_string(::getpid()))
    {
        std::error_code ec;
        fs::remove(m_temp, ec);
        if (sqlite3_open_v2(m_temp.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
            const std::string message = m_db ? sqlite3_errmsg(m_db) : "cannot create";
            throw BenchmarkError(m_temp + ": " + message);
        }
    }
    ~PartialDatabase()
    {
        if (m_db)
            sqlite3_close(m_db);
        if (!m_committed) {
            std::error_code ec;
            fs::remove(m_temp, ec);
            fs::remove(m_temp + "-journal", ec);
        }
    }
    sqlite3 *db() const { return m_db; }
    const std::string &temp() const { return m_temp; }
    void commit()
    {
        if (sqlite3_close(m_db) != SQLITE_OK)
            throw BenchmarkError(m_temp + ": " + sqlite3_errmsg(m_db));
        m_db = nullptr;
        std::error_code ec;
        fs::rename(m_temp, m_final, ec);
        if (ec)
            throw BenchmarkError(m_final + ": cannot move the new database into place: " + ec.message());
        m_committed = true;
    }

private:
    std::string m_final;
    std::string m_temp;
    sqlite3 *m_db = nullptr;
    bool m_committed = false;
};

} // namespace

ImportSummary importNatsTopology(const std::string &sourceFolder, const std::string &databaseFile,
                                 const ImportOptions &options)
{
    const auto started = std::chrono::steady_clock::now();
    std::error_code ec;
    if (!fs::exists(sourceFolder, ec))
        throw BenchmarkError(sourceFolder + ": does not exist");
    if (!fs::is_directory(sourceFolder, ec))
        throw BenchmarkError(
            sourceFolder + ": is a file; expected the NATS-Bench topology 'simple' folder (NATS-tss-v1_0-3ffb9-simple) "
                           "holding meta.pickle.pbz2 and 000000.pickle.pbz2 ... (a NAS-Bench-201 .pth becomes such a "
                           "folder with tools/benchmark/pth_to_pickle.py)");
    const std::string metaFile = (fs::path(sourceFolder) / "meta.pickle.pbz2").string();
    if (!fs::is_regular_file(metaFile, ec))
        throw BenchmarkError(metaFile + ": missing; " + sourceFolder +
                             " is not a NATS-Bench 'simple' folder (NATS-tss-v1_0-3ffb9-simple)");
    if (fs::is_directory(databaseFile, ec))
        throw BenchmarkError(databaseFile + ": is a folder; name the database file to write");
    const fs::path parent = fs::absolute(databaseFile, ec).parent_path();
    if (!fs::is_directory(parent, ec))
        throw BenchmarkError(databaseFile + ": its folder " + parent.string() + " does not exist");
    if (fs::exists(databaseFile, ec) && !options.overwrite)
        throw BenchmarkError(databaseFile + ": already exists; it is replaced only when asked to overwrite it");

    const std::vector<std::string> archs =
        readMetaArchs(readPickle(readBzip2File(metaFile, kMaxPickleBytes), metaFile), metaFile);
    if (archs.empty())
        throw BenchmarkError(metaFile + ": meta_archs is empty");
    if (archs.front().empty() || archs.front().front() != '|')
        throw BenchmarkError(metaFile + ": meta_archs[0] is '" + archs.front() +
                             "', not a NAS-Bench-201 cell: this is not the topology search space "
                             "(the size search space, NATS-sss, has no cells to look up)");

    ImportSummary summary;
    summary.listed = archs.size();

    PartialDatabase out(databaseFile);
    sqlite3 *db = out.db();
    exec(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;", out.temp());
    exec(db, "BEGIN;", out.temp());
    exec(db, kSchema, out.temp());
    { // the statements are finalized before the database closes
        Statement insertArch(db, "INSERT INTO architectures(arch_index, arch) VALUES(?1, ?2)", out.temp());
        Statement insertResult(
            db,
            "INSERT INTO results(arch_index, dataset, valid_acc_12, test_acc_12, valid_acc_200, "
            "test_acc_200, params_mb, flops_m, seeds_12, seeds_200) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
            out.temp());
        for (std::size_t i = 0; i < archs.size(); ++i) {
            const int index = static_cast<int>(i);
            const std::string file = architectureFile(sourceFolder, index);
            if (file.empty()) {
                ++summary.missing;
            } else {
                const ArchitectureResults r =
                    readArchitecture(readPickle(readBzip2File(file, kMaxPickleBytes), file), file, index, archs[i]);
                insertArch.bind(1, r.index);
                insertArch.bind(2, r.arch);
                try {
                    insertArch.step();
                } catch (const BenchmarkError &) {
                    throw BenchmarkError(metaFile + ": meta_archs lists '" + r.arch + "' twice");
                }
                insertArch.reset();
                for (const DatasetResults &d : r.datasets) {
                    insertResult.bind(1, r.index);
                    insertResult.bind(2, d.dataset);
                    insertResult.bind(3, d.validAccuracy12);
                    insertResult.bind(4, d.testAccuracy12);
                    insertResult.bind(5, d.validAccuracy200);
                    insertResult.bind(6, d.testAccuracy200);
                    insertResult.bind(7, d.paramsMb);
                    insertResult.bind(8, d.flopsM);
                    insertResult.bind(9, joinSeeds(d.seeds12));
                    insertResult.bind(10, joinSeeds(d.seeds200));
                    insertResult.step();
                    insertResult.reset();
                }
                ++summary.architectures;
            }
            if (options.progress)
                options.progress(summary.architectures, summary.listed);
        }
        if (summary.architectures == 0)
            throw BenchmarkError(sourceFolder + ": none of the " + std::to_string(archs.size()) +
                                 " architectures of meta_archs has a file ({index:06d}.pickle.pbz2)");

        Statement insertMeta(db, "INSERT INTO meta(key, value) VALUES(?1, ?2)", out.temp());
        const std::vector<std::pair<std::string, std::string>> meta{
            {"format", kFormat},
            {"schema_version", kSchemaVersion},
            {"source", fs::absolute(sourceFolder, ec).lexically_normal().string()},
            {"source_layout", "nats-tss-simple"},
            {"imported_at", model::timeStampNow("%Y-%m-%dT%H:%M:%SZ", model::TimeZone::Utc)},
            {"listed", std::to_string(summary.listed)},
            {"architectures", std::to_string(summary.architectures)},
            {"missing", std::to_string(summary.missing)},
        };
        for (const auto &kv : meta) {
            insertMeta.bind(1, kv.first);
            insertMeta.bind(2, kv.second);
            insertMeta.step();
            insertMeta.reset();
        }
    }
    exec(db, "COMMIT;", out.temp());
    out.commit();
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return summary;
}

// ---------------------------------------------------------------------------------------------

BenchmarkDatabase::BenchmarkDatabase(const std::string &path) : m_path(path)
{
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
        throw BenchmarkError(path + (fs::exists(path, ec) ? ": is not a file" : ": does not exist") +
                             " (write one with `gdas benchmark import`)");
    if (sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        const std::string message = m_db ? sqlite3_errmsg(m_db) : "cannot open";
        sqlite3_close(m_db);
        m_db = nullptr;
        throw BenchmarkError(path + ": " + message);
    }
    std::string format, version;
    try {
        format = meta("format");
        version = meta("schema_version");
    } catch (const BenchmarkError &e) {
        sqlite3_close(m_db);
        m_db = nullptr;
        throw BenchmarkError(path + ": not a benchmark database written by `gdas benchmark import` (" +
                             std::string(e.what()).substr(path.size() + 2) + ")");
    }
    if (format != kFormat || version != kSchemaVersion) {
        sqlite3_close(m_db);
        m_db = nullptr;
        throw BenchmarkError(path + ": not a benchmark database of schema " + kFormat + " " + kSchemaVersion +
                             " (format '" + format + "', schema_version '" + version + "')");
    }
}

BenchmarkDatabase::~BenchmarkDatabase()
{
    if (m_db)
        sqlite3_close(m_db);
}

std::string BenchmarkDatabase::meta(const std::string &key) const
{
    Statement s(m_db, "SELECT value FROM meta WHERE key = ?1", m_path);
    s.bind(1, key);
    return s.step() ? s.text(0) : std::string();
}

std::size_t BenchmarkDatabase::architectureCount() const
{
    Statement s(m_db, "SELECT COUNT(*) FROM architectures", m_path);
    return s.step() ? static_cast<std::size_t>(sqlite3_column_int64(s.get(), 0)) : 0;
}

std::optional<ArchitectureResults> BenchmarkDatabase::find(const model::Genotype &genotype) const
{
    return find(model::toNb201String(genotype));
}

std::optional<ArchitectureResults> BenchmarkDatabase::find(const std::string &nb201String) const
{
    Statement a(m_db, "SELECT arch_index, arch FROM architectures WHERE arch = ?1", m_path);
    a.bind(1, nb201String);
    if (!a.step())
        return std::nullopt;
    ArchitectureResults r;
    r.index = a.integer(0);
    r.arch = a.text(1);
    Statement s(m_db,
                "SELECT dataset, valid_acc_12, test_acc_12, valid_acc_200, test_acc_200, params_mb, flops_m, "
                "seeds_12, seeds_200 FROM results WHERE arch_index = ?1",
                m_path);
    s.bind(1, r.index);
    std::vector<DatasetResults> found;
    while (s.step()) {
        DatasetResults d;
        d.dataset = s.text(0);
        d.validAccuracy12 = s.optionalDouble(1);
        d.testAccuracy12 = s.optionalDouble(2);
        d.validAccuracy200 = s.optionalDouble(3);
        d.testAccuracy200 = s.optionalDouble(4);
        d.paramsMb = s.optionalDouble(5);
        d.flopsM = s.optionalDouble(6);
        d.seeds12 = splitSeeds(s.text(7));
        d.seeds200 = splitSeeds(s.text(8));
        found.push_back(std::move(d));
    }
    for (const std::string &name : benchmarkDatasets())
        for (auto &d : found)
            if (d.dataset == name)
                r.datasets.push_back(d);
    for (auto &d : found)
        if (!r.dataset(d.dataset))
            r.datasets.push_back(d);
    return r;
}

std::vector<BestArchitecture> BenchmarkDatabase::best(int epochs) const
{
    if (epochs != 12 && epochs != 200)
        throw BenchmarkError(m_path + ": the benchmark has results after 12 and 200 epochs, not " +
                             std::to_string(epochs));
    const std::string test = epochs == 12 ? "test_acc_12" : "test_acc_200";
    const std::string valid = epochs == 12 ? "valid_acc_12" : "valid_acc_200";
    // The first row per data set of this order is its best; SQLite keeps the order of the
    // inner query for the grouping below, so we pick in C++ instead of relying on it.
    const std::string sql = "SELECT r.dataset, r.arch_index, a.arch, r." + test + ", r." + valid +
                            " FROM results r JOIN architectures a ON a.arch_index = r.arch_index WHERE r." + test +
                            " IS NOT NULL ORDER BY r.dataset, r." + test + " DESC, r.arch_index ASC";
    Statement s(m_db, sql.c_str(), m_path);
    std::vector<BestArchitecture> found;
    while (s.step()) {
        const std::string dataset = s.text(0);
        if (!found.empty() && found.back().dataset == dataset)
            continue;
        BestArchitecture b;
        b.dataset = dataset;
        b.epochs = epochs;
        b.index = s.integer(1);
        b.arch = s.text(2);
        b.testAccuracy = sqlite3_column_double(s.get(), 3);
        b.validAccuracy = s.optionalDouble(4);
        found.push_back(std::move(b));
    }
    std::vector<BestArchitecture> out;
    for (const std::string &name : benchmarkDatasets())
        for (auto &b : found)
            if (b.dataset == name)
                out.push_back(b);
    for (auto &b : found) {
        bool known = false;
        for (const auto &o : out)
            known = known || o.dataset == b.dataset;
        if (!known)
            out.push_back(b);
    }
    return out;
}

} // namespace gdas::benchmark
