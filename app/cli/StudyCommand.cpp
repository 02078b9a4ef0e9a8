// gdas study: the same search for several seeds into one folder, resumable, with a summary --
// the consensus cell (per edge the op each seed chose, and how often) and the final metrics'
// mean ± std (model/Study.h, docs/RUN_DIRECTORY.md "Studies").
#include "Commands.h"
#include "OutputFiles.h"
#include "ProgressPrinter.h"

#include "benchmark/BenchmarkDatabase.h"
#include "engine/Distributed.h"
#include "engine/EngineError.h"
#include "engine/NetworkInfo.h"
#include "engine/SearchSession.h"
#include "engine/WholeFiles.h"
#include "model/GenotypeFormats.h"
#include "model/OutputFolder.h"
#include "model/Study.h"

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <thread>

#include <unistd.h>

namespace gdas::app {

namespace fs = std::filesystem;

namespace {

struct StudyArgs {
    SearchSettings settings;
    int seedCount = 3;
    std::uint64_t firstSeed = 0;
    std::vector<std::uint64_t> seedList;
    std::string out;
    std::string name;
    std::string resume;
    std::string summary;
    std::string table = "text";
    bool moveAside = false;
    bool quiet = false;
    bool epochsGiven = false;
};

std::string studyPath(const std::string &dir, const char *file) { return (fs::path(dir) / file).string(); }

std::string defaultStudyDir(const engine::SearchConfig &c, const std::string &algorithm)
{
    const std::time_t now = std::time(nullptr);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&now));
    return "runs/study-" + c.space + "-" + algorithm + "-" + stamp;
}

std::vector<std::uint64_t> plannedSeeds(const StudyArgs &args)
{
    if (!args.seedList.empty()) {
        for (std::size_t i = 0; i < args.seedList.size(); ++i)
            for (std::size_t j = 0; j < i; ++j)
                if (args.seedList[i] == args.seedList[j])
                    throw engine::InputError("--seed-list names seed " + std::to_string(args.seedList[i]) + " twice");
        return args.seedList;
    }
    if (args.seedCount < 1 || args.seedCount > 1000)
        throw engine::InputError("--seeds must be between 1 and 1000 (got " + std::to_string(args.seedCount) + ")");
    std::vector<std::uint64_t> seeds;
    for (int i = 0; i < args.seedCount; ++i)
        seeds.push_back(args.firstSeed + static_cast<std::uint64_t>(i));
    return seeds;
}

// The benchmark's test accuracy of a cell, where the study's searches had a database.
struct BenchmarkLookup {
    std::unique_ptr<benchmark::BenchmarkDatabase> db;
    std::string dataset;

    std::optional<double> test(const model::Genotype &g) const
    {
        if (!db || g.space != model::SpaceKind::NasBench201)
            return std::nullopt;
        const auto found = db->find(g);
        if (!found)
            return std::nullopt;
        const benchmark::DatasetResults *d = found->dataset(dataset);
        return d ? d->testAccuracy200 : std::nullopt;
    }
};

BenchmarkLookup openBenchmark(const engine::SearchConfig &config)
{
    BenchmarkLookup lookup;
    if (config.benchmarkFile.empty())
        return lookup;
    lookup.dataset = config.benchmarkDataset.empty() ? "cifar10" : config.benchmarkDataset;
    try {
        lookup.db = std::make_unique<benchmark::BenchmarkDatabase>(config.benchmarkFile);
    } catch (const std::exception &e) {
        // The summary still holds everything else.
        std::cerr << "gdas: the summary leaves out the benchmark: " << e.what() << "\n";
    }
    return lookup;
}

std::optional<double> finalSearchValid(const model::StudyRecord &study, std::uint64_t seed)
{
    for (const model::StudySeed &s : study.seeds) {
        if (s.seed != seed)
            continue;
        std::optional<double> last;
        for (const model::MetricRow &row : s.record.metrics)
            if (row.type == model::metric::kEpoch && row.has(model::metric::kATop1))
                last = row.value(model::metric::kATop1);
        return last;
    }
    return std::nullopt;
}

model::CellTableRow cellRow(const std::string &name, const model::Genotype &g)
{
    model::CellTableRow row;
    row.name = name;
    try {
        engine::NetworkSpec spec;
        spec.genotype = g;
        const engine::NetworkInfo info = engine::describeNetwork(spec);
        row.parametersM = static_cast<double>(info.parameters) / 1e6;
        row.multiplyAddsM = static_cast<double>(info.multiplyAdds) / 1e6;
    } catch (const std::exception &) {
        // A cell the network builder refuses keeps "–" for its size.
    }
    return row;
}

// Every table of the summary, in one format.
std::string summaryText(const model::StudyRecord &study, const model::StudySummary &summary, const std::string &format)
{
    const auto render = [&](const model::TextTable &t) {
        if (format == "markdown")
            return model::toMarkdown(t);
        if (format == "latex")
            return model::toLatex(t);
        return model::toText(t);
    };
    std::string out;
    if (format == "text") {
        out += "study " + study.directory + ": " + std::to_string(summary.finishedSeeds.size()) + " of " +
               std::to_string(summary.planned) + " seeds finished\n";
        for (const model::StudySeed &s : study.seeds) {
            const std::string status = model::statusWord(s.record);
            out += "  seed " + std::to_string(s.seed) + ": " +
                   (s.finished()     ? "finished, " + model::toSpaceText(*s.record.finalGenotype)
                    : !s.started     ? std::string("not started")
                    : status.empty() ? std::string("started")
                                     : status + " at epoch " + std::to_string(s.record.epochs.size())) +
                   "\n";
        }
    }
    if (!summary.consensus) {
        if (format == "text")
            out += "no seed has finished yet: no consensus\n";
        return out;
    }
    const model::Consensus &c = *summary.consensus;
    const bool reduction = !c.reduce.cell.empty();
    if (format == "text") {
        char agreement[160];
        std::snprintf(agreement, sizeof agreement, "mean agreement: %s%.0f%%", reduction ? "normal " : "",
                      100.0 * c.normal.meanAgreement());
        out += "\nconsensus " + model::toSpaceText(c.genotype) + "\n" + agreement;
        if (reduction) {
            std::snprintf(agreement, sizeof agreement, ", reduce %.0f%%", 100.0 * c.reduce.meanAgreement());
            out += agreement;
        }
        out += "\n\n";
    }
    out += render(model::consensusTable(summary, false)) + "\n";
    if (reduction)
        out += render(model::consensusTable(summary, true)) + "\n";
    if (!summary.finalMetrics.empty())
        out += render(model::metricsTable(summary)) + "\n";

    // The cells: each seed's and the consensus, with their sizes.
    engine::SearchConfig config;
    try {
        config = engine::searchConfigFromJson(study.plan.searchJson, studyPath(study.directory, model::kStudyFile));
    } catch (const std::exception &) {
    }
    const BenchmarkLookup bench = openBenchmark(config);
    std::vector<model::CellTableRow> rows;
    for (std::size_t i = 0; i < summary.genotypes.size(); ++i) {
        const std::uint64_t seed = summary.finishedSeeds[i];
        model::CellTableRow row = cellRow("seed " + std::to_string(seed), summary.genotypes[i]);
        row.benchmarkTest = bench.test(summary.genotypes[i]);
        row.searchValid = finalSearchValid(study, seed);
        rows.push_back(std::move(row));
    }
    model::CellTableRow consensus = cellRow("consensus", c.genotype);
    consensus.benchmarkTest = bench.test(c.genotype);
    char note[96];
    std::snprintf(note, sizeof note, "agreement %.0f%%", 100.0 * c.normal.meanAgreement());
    consensus.note = note;
    rows.push_back(std::move(consensus));
    const bool nb201 = c.genotype.space == model::SpaceKind::NasBench201;
    out += render(
        model::cellTable(rows, bench.dataset,
                         std::string("Cells of the study and their evaluation networks (") +
                             (nb201 ? "NAS-Bench-201 TinyNetwork, C=16, N=5" : "NetworkCIFAR, C=36, 20 cells") + ")"));
    return out;
}

void writeSummary(const std::string &dir)
{
    const model::StudyRecord study = model::readStudyDirectory(dir);
    // Ranks sharing a study's seeds write it too, each through a temporary file of its own.
    engine::writeFileAtomically(studyPath(dir, model::kStudySummaryFile),
                                model::studySummaryToJson(model::summarizeStudy(study)),
                                ".tmp-" + std::to_string(::getpid()));
}

// Waits (ranks other than 0 of a launcher) until rank 0 has written study.json. For a new study
// (`fresh`) only a study.json written after this process started counts: one left by an
// older study means rank 0 refused the folder.
void waitForPlan(const std::string &dir, int timeoutSeconds, bool fresh)
{
    const auto started = fs::file_time_type::clock::now() - std::chrono::seconds(2);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeoutSeconds);
    const std::string path = studyPath(dir, model::kStudyFile);
    for (;;) {
        std::error_code ec;
        const auto written = fs::last_write_time(path, ec);
        if (!ec && (!fresh || written >= started))
            return;
        if (std::chrono::steady_clock::now() > deadline)
            throw engine::InputError(path + ": rank 0 did not write " + (fresh ? "a new one" : "it") + " within " +
                                     std::to_string(timeoutSeconds) + " s" +
                                     (ec ? "" : " (the folder holds an earlier study: --resume continues it)"));
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
}

enum class SeedResult { Finished, Stopped, Failed };

SeedResult runSeed(const engine::SearchConfig &base, const std::string &dir, std::uint64_t seed, bool quiet)
{
    const std::string seedDir = (fs::path(dir) / model::seedDirectoryName(seed)).string();
    std::unique_ptr<engine::SearchSession> session;
    const model::FolderContents contents = model::inspectOutputFolder(seedDir);
    if (contents.holdsRun) {
        const model::RunRecord record = model::readRunDirectory(seedDir);
        if (record.status == model::RunStatus::Finished && record.finalGenotype) {
            std::cout << "seed " << seed << ": finished earlier, " << model::toSpaceText(*record.finalGenotype) << "\n";
            return SeedResult::Finished;
        }
        if (fs::exists(fs::path(seedDir) / "checkpoint.pt")) {
            std::cout << "== seed " << seed << ": resuming " << seedDir << " ==\n";
            session = engine::SearchSession::resume(seedDir);
        }
    }
    if (!session) {
        if (contents.occupied()) {
            // Started but without a checkpoint (it ended in its first epoch): kept, moved aside.
            const std::string aside = model::moveContentsAside(seedDir);
            std::cout << "seed " << seed << ": its unfinished first attempt is kept in " << aside << "\n";
        }
        engine::SearchConfig config = base;
        config.seed = seed;
        config.runDir = seedDir;
        config.name = (base.name.empty() ? std::string("study") : base.name) + "-seed" + std::to_string(seed);
        std::cout << "== seed " << seed << ": " << seedDir << " ==\n";
        session = std::make_unique<engine::SearchSession>(config);
    }
    const engine::DistributedInfo single; // each seed is one process's search
    const engine::RunOutcome outcome = runWithProgress<SearchProgressPrinter>(*session, quiet, single);
    switch (outcome.end) {
    case engine::RunEnd::Finished:
        return SeedResult::Finished;
    case engine::RunEnd::Stopped:
        return SeedResult::Stopped;
    case engine::RunEnd::Failed:
        std::cerr << "gdas: seed " << seed << " failed: " << outcome.message << "\n";
        return SeedResult::Failed;
    }
    return SeedResult::Failed;
}

int runStudy(StudyArgs &args)
{
    if (!args.summary.empty()) {
        if (args.table != "text" && args.table != "markdown" && args.table != "latex" && args.table != "json")
            throw engine::InputError("--table must be text, markdown, latex or json (got '" + args.table + "')");
        const model::StudyRecord study = model::readStudyDirectory(args.summary);
        const model::StudySummary summary = model::summarizeStudy(study);
        std::cout << (args.table == "json" ? model::studySummaryToJson(summary)
                                           : summaryText(study, summary, args.table));
        return 0;
    }

    // Under a launcher (torchrun --nproc-per-node K), the seeds are shared out: rank r runs
    // every K-th seed from the r-th, each as a search of its own (not a data-parallel one).
    const engine::DistributedInfo job = engine::distributedInfoFromEnvironment();
    if (job.active()) {
        for (const char *variable : {"WORLD_SIZE", "RANK", "LOCAL_RANK"})
            unsetenv(variable);
    }

    std::string dir;
    engine::SearchConfig base;
    std::vector<std::uint64_t> seeds;
    if (!args.resume.empty()) {
        if (args.moveAside)
            throw engine::InputError("--move-aside goes with a new study (--out), not with --resume");
        if (args.epochsGiven)
            throw engine::InputError("--resume continues a study with its own settings (study.json); --epochs "
                                     "goes with a new study");
        dir = args.resume;
        if (job.rank > 0)
            waitForPlan(dir, args.settings.config.distributedTimeout, false);
        const model::StudyRecord study = model::readStudyDirectory(dir);
        base = engine::searchConfigFromJson(study.plan.searchJson, studyPath(dir, model::kStudyFile));
        base.name = study.plan.name;
        seeds = study.plan.seeds;
    } else {
        resolveSearchSettings(args.settings);
        base = args.settings.config;
        seeds = plannedSeeds(args);
        dir = args.out.empty() ? defaultStudyDir(base, args.settings.algorithm) : args.out;
        base.name = args.name;
        // Every setting checked before anything is written.
        engine::SearchConfig checked = base;
        checked.runDir = (fs::path(dir) / model::seedDirectoryName(seeds.front())).string();
        checked.resolveDefaults();
        if (job.rank == 0) {
            moveAsideIfAsked(dir, args.moveAside);
            const model::FolderContents contents = model::inspectOutputFolder(dir);
            if (contents.occupied())
                throw model::OutputFolderError(model::describeOccupiedFolder(dir, contents) +
                                               "; continue a study there with --resume " + dir +
                                               ", pick another --out, or add --move-aside");
            fs::create_directories(dir);
            model::StudyPlan plan;
            plan.name = args.name.empty() ? fs::path(dir).filename().string() : args.name;
            plan.seeds = seeds;
            engine::SearchConfig recorded = base;
            recorded.name = plan.name;
            plan.searchJson = engine::toJson(recorded);
            engine::writeFileAtomically(studyPath(dir, model::kStudyFile), model::studyPlanToJson(plan));
            base.name = plan.name;
        } else {
            waitForPlan(dir, base.distributedTimeout, true);
            base.name = model::readStudyDirectory(dir).plan.name;
        }
    }
    if (job.active() && base.device == "cuda")
        base.device = "cuda:" + std::to_string(job.localRank);

    std::vector<std::uint64_t> failed;
    for (std::size_t i = 0; i < seeds.size(); ++i) {
        if (job.active() && static_cast<int>(i % static_cast<std::size_t>(job.worldSize)) != job.rank)
            continue;
        const SeedResult result = runSeed(base, dir, seeds[i], args.quiet);
        if (result == SeedResult::Stopped) {
            std::cout << "study stopped; continue with: gdas study --resume " << dir << "\n";
            return 0;
        }
        if (result == SeedResult::Failed)
            failed.push_back(seeds[i]);
        try {
            writeSummary(dir);
        } catch (const std::exception &e) {
            // Another rank's seed may be mid-write; the summary after the last seed counts.
            std::cerr << "gdas: summary.json not updated yet: " << e.what() << "\n";
        }
    }
    writeSummary(dir);
    const model::StudyRecord study = model::readStudyDirectory(dir);
    std::cout << "\n" << summaryText(study, model::summarizeStudy(study), "text");
    std::cout << "summary written to " << studyPath(dir, model::kStudySummaryFile) << "\n";
    if (!failed.empty()) {
        std::cerr << "gdas: " << failed.size() << " seed(s) failed (";
        for (std::size_t i = 0; i < failed.size(); ++i)
            std::cerr << (i ? ", " : "") << failed[i];
        std::cerr << "); after fixing the cause: gdas study --resume " << dir << "\n";
        return 1;
    }
    return 0;
}

} // namespace

void addStudyCommand(CLI::App &app, int &exitCode)
{
    auto args = std::make_shared<StudyArgs>();
    CLI::App *cmd =
        app.add_subcommand("study", "Run the same search for several seeds into one folder; summarise them: the "
                                    "consensus cell and the final metrics' mean and spread.");
    cmd->footer("Example: gdas study --seeds 3 --space nas-bench-201 --epochs 5 --train-limit 2000 --out runs/s3\n"
                "Each seed's search is a run directory <out>/seed-<n>; Ctrl+C stops, --resume continues.\n"
                "Under torchrun --nproc-per-node K the seeds are shared out, one search per process.\n"
                "gdas study --summary runs/s3 [--table markdown|latex|json] prints the summary again.");
    CLI::Option *epochs = addSearchSettingsOptions(*cmd, args->settings, false);
    cmd->add_option("--seeds", args->seedCount, "How many seeds: first-seed, first-seed+1, ...")->capture_default_str();
    cmd->add_option("--first-seed", args->firstSeed, "The first seed")->capture_default_str();
    cmd->add_option("--seed-list", args->seedList, "These seeds instead (comma-separated)")->delimiter(',');
    cmd->add_option("--out,-o", args->out, "Study folder to write (default: runs/study-<space>-<algorithm>-<time>)");
    cmd->add_option("--name", args->name, "Study name (default: the folder's name)");
    cmd->add_option("--resume", args->resume,
                    "Continue the study in this folder: finished seeds are kept, "
                    "a stopped seed resumes from its checkpoint, the rest run");
    cmd->add_flag("--move-aside", args->moveAside,
                  "If --out is not empty, first move what it holds into its sub-folder previous-<date>-<time>");
    cmd->add_option("--summary", args->summary, "Print the summary of this study folder and run nothing");
    cmd->add_option("--table", args->table, "With --summary: text | markdown | latex (booktabs) | json")
        ->capture_default_str();
    cmd->add_flag("--quiet,-q", args->quiet, "Only epoch summaries");
    cmd->callback([args, epochs, &exitCode] {
        args->epochsGiven = epochs->count() > 0;
        exitCode = runStudy(*args);
    });
}

} // namespace gdas::app
