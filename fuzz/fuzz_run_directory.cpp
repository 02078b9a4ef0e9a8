// The run-directory reader and follower (what the workbench opens, possibly written by another
// machine). The input holds config.json, metrics.jsonl, epochs.jsonl and genotype.json in that
// order, separated by lines "#####"; missing parts are missing files. RunRecordError is the
// documented refusal; any other exception or a crash is a finding.
#include "ScratchDirectory.h"

#include "model/RunRecord.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static gdas::fuzz::ScratchDirectory scratch;
    static const char *const files[] = {"config.json", "metrics.jsonl", "epochs.jsonl", "genotype.json"};
    scratch.clear();
    const auto parts = gdas::fuzz::splitAt(std::string_view(reinterpret_cast<const char *>(data), size), "\n#####\n");
    for (std::size_t i = 0; i < parts.size() && i < 4; ++i)
        scratch.write(files[i], parts[i]);

    try {
        const gdas::model::RunRecord record = gdas::model::readRunDirectory(scratch.path());
        // The widgets index the tables as rows x cols: what was accepted must be rectangular.
        for (const auto &epoch : record.epochs)
            for (const auto *table : {&epoch.normal, &epoch.reduce})
                if (table->probs.size() != static_cast<std::size_t>(table->rows()) * table->cols())
                    std::abort();
    } catch (const gdas::model::RunRecordError &) {
    }
    try {
        gdas::model::RunFollower follower(scratch.path());
        gdas::model::RunRecord followed;
        follower.poll(followed);
        follower.poll(followed);
    } catch (const gdas::model::RunRecordError &) {
    }
    return 0;
}
