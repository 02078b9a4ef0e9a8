#include "StopOnSignal.h"

#include <chrono>
#include <csignal>
#include <iostream>

namespace gdas::app {

namespace {
volatile std::sig_atomic_t g_signalled = 0;

void onSignal(int sig)
{
    g_signalled = 1;
    std::signal(sig, SIG_DFL); // a second Ctrl+C ends the process at once
}
} // namespace

StopOnSignal::StopOnSignal(engine::RunControl &control) : m_control(control)
{
    g_signalled = 0;
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    // The handler may only set a flag; this thread turns it into a stop request.
    m_watcher = std::thread([this] {
        while (!m_done.load()) {
            if (g_signalled) {
                std::cerr << "\ngdas: stopping at the next step (checkpoint kept); press Ctrl+C again to abort\n";
                m_control.requestStop();
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    });
}

StopOnSignal::~StopOnSignal()
{
    m_done = true;
    m_watcher.join();
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

} // namespace gdas::app
