#include "RetrainRunner.h"

#include <exception>

namespace gdas::app {

void RetrainRunner::run(const RetrainRequest &request)
{
    auto failSetup = [&](const std::string &message) {
        for (auto *observer : request.observers)
            observer->onLog("cannot start: " + message);
        engine::RetrainOutcome outcome;
        outcome.end = engine::RunEnd::Failed;
        outcome.message = message;
        for (auto *observer : request.observers)
            observer->onFinished(outcome);
    };
    try {
        std::unique_ptr<engine::RetrainSession> session;
        if (request.config)
            session = std::make_unique<engine::RetrainSession>(*request.config);
        else
            session = engine::RetrainSession::resume(request.resumeDir);
        for (auto *observer : request.observers)
            session->addObserver(observer);
        session->run(*request.control);
    } catch (const std::exception &e) {
        failSetup(e.what());
    } catch (...) {
        failSetup("unknown error");
    }
}

} // namespace gdas::app
