#include "tools/loadgen/process_cpu.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"

namespace ngoaivu::loadgen {
namespace {

// The inode of the listening socket on `port` in /proc/net/tcp{,6}.
std::string ListeningInode(int port) {
  for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::ifstream in(table);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      std::vector<std::string> f =
          absl::StrSplit(line, ' ', absl::SkipWhitespace());
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout
      // inode
      if (f.size() < 10 || f[3] != "0A") continue;
      const auto colon = f[1].rfind(':');
      if (colon == std::string::npos) continue;
      if (std::strtol(f[1].c_str() + colon + 1, nullptr, 16) == port) {
        return f[9];
      }
    }
  }
  return "";
}

}  // namespace

int PidListeningOn(int port) {
  const std::string inode = ListeningInode(port);
  if (inode.empty()) return -1;
  const std::string wanted = "socket:[" + inode + "]";
  std::error_code error;
  for (const auto& process :
       std::filesystem::directory_iterator("/proc", error)) {
    int pid = 0;
    if (!absl::SimpleAtoi(process.path().filename().string(), &pid)) continue;
    for (const auto& fd :
         std::filesystem::directory_iterator(process.path() / "fd", error)) {
      std::error_code link_error;
      if (std::filesystem::read_symlink(fd.path(), link_error) == wanted) {
        return pid;
      }
    }
  }
  return -1;
}

double ProcessCpuSeconds(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  // The command name may hold spaces; the fields after it are fixed.
  const auto close = text.rfind(')');
  if (close == std::string::npos) return -1;
  std::vector<std::string> f =
      absl::StrSplit(text.substr(close + 2), ' ', absl::SkipWhitespace());
  // After the name: state is field 3 of stat(5), utime 14, stime 15.
  double utime = 0, stime = 0;
  if (f.size() < 13 || !absl::SimpleAtod(f[11], &utime) ||
      !absl::SimpleAtod(f[12], &stime)) {
    return -1;
  }
  return (utime + stime) / sysconf(_SC_CLK_TCK);
}

}  // namespace ngoaivu::loadgen
