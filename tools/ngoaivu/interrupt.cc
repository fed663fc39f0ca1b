#include "tools/ngoaivu/interrupt.h"

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <thread>
#include <utility>

namespace ngoaivu::cli {
namespace {

std::mutex stop_mutex;
std::function<void()> stop_current;  // guarded by stop_mutex
std::atomic<bool> interrupted_flag{false};

sigset_t InterruptSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  return signals;
}

void WaitForInterrupts(sigset_t signals) {
  for (;;) {
    int signal_number = 0;
    if (sigwait(&signals, &signal_number) != 0) continue;
    std::lock_guard<std::mutex> lock(stop_mutex);
    if (!stop_current || interrupted_flag.exchange(true)) {
      std::cout.flush();
      std::_Exit(128 + signal_number);
    }
    stop_current();
  }
}

}  // namespace

void InstallInterruptHandler() {
  const sigset_t signals = InterruptSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::thread(WaitForInterrupts, signals).detach();
}

OnInterrupt::OnInterrupt(std::function<void()> stop) {
  std::lock_guard<std::mutex> lock(stop_mutex);
  interrupted_flag = false;
  stop_current = std::move(stop);
}

OnInterrupt::~OnInterrupt() {
  std::lock_guard<std::mutex> lock(stop_mutex);
  stop_current = nullptr;
}

bool OnInterrupt::interrupted() const { return interrupted_flag; }

}  // namespace ngoaivu::cli
