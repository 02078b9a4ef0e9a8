#pragma once

#include "RunControl.h"
#include "SearchConfig.h"
#include "SearchObserver.h"

#include <memory>
#include <string>
#include <vector>

namespace gdas::engine {

// One GDAS (or DARTS first-order) search: builds the supernet and the data, runs the official
// loop (a weights step on one half of the training set, an arch step on the other), writes the
// run directory and reports to observers. LibTorch stays inside the .cpp.
class SearchSession {
public:
    explicit SearchSession(SearchConfig config);
    // Continues the run in `runDir` from its checkpoint, with the config stored there
    // (epochs may be raised with `newEpochs` > 0). `lrScale` != 1 multiplies both learning
    // rates from the checkpoint on (SearchConfig::lrScale), e.g. to get past a non-finite
    // loss; config.json and a status row record it. Throws InputError for lrScale <= 0.
    static std::unique_ptr<SearchSession> resume(const std::string &runDir, int newEpochs = 0, double lrScale = 1.0);
    ~SearchSession();
    SearchSession(const SearchSession &) = delete;
    SearchSession &operator=(const SearchSession &) = delete;

    void addObserver(SearchObserver *observer); // not owned
    const SearchConfig &config() const;

    // Runs to the end, a stop request or a failure. Throws InputError for bad input found
    // while setting up (data, device); later failures are reported in RunOutcome and the log.
    RunOutcome run(RunControl &control);

private:
    struct Impl;
    explicit SearchSession(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace gdas::engine
