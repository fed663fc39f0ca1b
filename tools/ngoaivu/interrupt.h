// Ctrl-C (SIGINT) and SIGTERM for a command that runs until stopped: the
// command is asked to stop and finishes as usual (a stream prints its last
// cursor) instead of the process dying mid-line.
#ifndef NGOAIVU_TOOLS_NGOAIVU_INTERRUPT_H_
#define NGOAIVU_TOOLS_NGOAIVU_INTERRUPT_H_

#include <functional>

namespace ngoaivu::cli {

// Blocks SIGINT and SIGTERM in every thread and waits for them on one of
// its own. Call first in main(), before gRPC starts threads that would
// otherwise receive them.
void InstallInterruptHandler();

// While one lives, an interrupt runs `stop` (a second one ends the process);
// otherwise an interrupt ends the process at once with 130, as a shell does.
class OnInterrupt {
 public:
  explicit OnInterrupt(std::function<void()> stop);
  ~OnInterrupt();
  OnInterrupt(const OnInterrupt&) = delete;
  OnInterrupt& operator=(const OnInterrupt&) = delete;

  // Whether an interrupt arrived while this one lived.
  bool interrupted() const;
};

}  // namespace ngoaivu::cli

#endif  // NGOAIVU_TOOLS_NGOAIVU_INTERRUPT_H_
