#pragma once

#include "engine/RunControl.h"
#include "engine/SearchConfig.h"
#include "engine/SearchObserver.h"

#include <QObject>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gdas::app {

// What the worker thread is asked to run: a new search, or the continuation of a run directory.
struct SearchRequest {
    std::optional<engine::SearchConfig> config; // set: a new search
    std::string resumeDir;                      // else: resume this run directory
    int newEpochs = 0;                          // resume only: raise the epoch count (0: keep)
    double lrScale = 1.0;                       // resume only: multiply both learning rates from here on
    std::shared_ptr<engine::RunControl> control;
    std::vector<engine::SearchObserver *> observers; // not owned; they outlive run()
};

// Lives on the controller's worker thread and runs one engine session at a time there. Whatever
// way a run ends -- also when the session cannot even be set up -- every observer gets
// onFinished exactly once.
class SearchRunner : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    void run(const SearchRequest &request);
};

} // namespace gdas::app
