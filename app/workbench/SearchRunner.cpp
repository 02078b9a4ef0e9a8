#include "SearchRunner.h"

#include "engine/EngineError.h"
#include "engine/SearchSession.h"

#include <exception>

namespace gdas::app {

void SearchRunner::run(const SearchRequest &request)
{
    auto finishAll = [&request](const engine::RunOutcome &outcome) {
        for (auto *observer : request.observers)
            observer->onFinished(outcome);
    };
    auto failSetup = [&](const std::string &message) {
        for (auto *observer : request.observers)
            observer->onLog("cannot start: " + message);
        engine::RunOutcome outcome;
        outcome.end = engine::RunEnd::Failed;
        outcome.message = message;
        finishAll(outcome);
    };

    try {
        std::unique_ptr<engine::SearchSession> session;
        if (request.config)
            session = std::make_unique<engine::SearchSession>(*request.config);
        else
            session = engine::SearchSession::resume(request.resumeDir, request.newEpochs, request.lrScale);
        for (auto *observer : request.observers)
            session->addObserver(observer);
        // The session reports onFinished itself once it has set up; failures before that throw.
        session->run(*request.control);
    } catch (const std::exception &e) {
        failSetup(e.what());
    } catch (...) {
        failSetup("unknown error");
    }
}

} // namespace gdas::app
