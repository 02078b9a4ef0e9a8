#pragma once

#include "engine/RetrainSession.h"

#include <QObject>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gdas::app {

struct RetrainRequest {
    std::optional<engine::RetrainConfig> config; // set: a new retraining
    std::string resumeDir;                       // else: resume this run directory
    std::shared_ptr<engine::RunControl> control;
    std::vector<engine::RetrainObserver *> observers; // not owned; they outlive run()
};

// Lives on the RetrainController's worker thread; every observer gets onFinished exactly
// once, also when the session cannot be set up.
class RetrainRunner : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    void run(const RetrainRequest &request);
};

} // namespace gdas::app
