#include "tests/support/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace ngoaivu::testing {

ChildProcess::ChildProcess(std::vector<std::string> argv, std::string log_file)
    : log_file_(std::move(log_file)) {
  pid_ = fork();
  if (pid_ == 0) {
    const int fd = open(log_file_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd >= 0) {
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
      close(fd);
    }
    std::vector<char*> args;
    for (std::string& arg : argv) args.push_back(arg.data());
    args.push_back(nullptr);
    execvp(args[0], args.data());
    std::perror("exec");
    _exit(127);
  }
}

ChildProcess::~ChildProcess() { Stop(SIGKILL); }

void ChildProcess::Stop(int signal) {
  if (pid_ <= 0) return;
  kill(pid_, SIGCONT);
  kill(pid_, signal);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

bool ChildProcess::running() const {
  return pid_ > 0 && waitpid(pid_, nullptr, WNOHANG) == 0;
}

std::string ChildProcess::Log() const {
  std::ifstream in(log_file_);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string BinaryPath(const std::string& name) {
#ifdef NGOAIVU_BIN_DIR
  return std::string(NGOAIVU_BIN_DIR) + "/" + name;
#else
  return name;
#endif
}

}  // namespace ngoaivu::testing
