// A program the test starts (a server binary, a sentinel), its stderr in a
// file, killed and reaped when the test ends.
#ifndef NGOAIVU_TESTS_SUPPORT_CHILD_PROCESS_H_
#define NGOAIVU_TESTS_SUPPORT_CHILD_PROCESS_H_

#include <sys/types.h>

#include <string>
#include <vector>

namespace ngoaivu::testing {

class ChildProcess {
 public:
  // Starts `argv[0]` (a path, or a name looked up in PATH) with the rest as
  // its arguments; its stdout and stderr go to `log_file`.
  ChildProcess(std::vector<std::string> argv, std::string log_file);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Sends `signal` and waits for the process to end.
  void Stop(int signal);
  bool running() const;
  pid_t pid() const { return pid_; }
  // What it wrote so far.
  std::string Log() const;

 private:
  std::string log_file_;
  pid_t pid_ = -1;
};

// The path of `name` built beside the tests (NGOAIVU_BIN_DIR).
std::string BinaryPath(const std::string& name);

}  // namespace ngoaivu::testing

#endif  // NGOAIVU_TESTS_SUPPORT_CHILD_PROCESS_H_
