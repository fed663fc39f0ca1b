// Calls back with a file's new content whenever it changes (checked every
// `interval`): keys and certificates rotated in place (a Kubernetes Secret
// update, cert-manager's renewal) are taken up without a restart. A
// Kubernetes Secret volume swaps a symlink, so the file is compared by what
// stat() says of its target (inode, size, modification time).
#ifndef NGOAIVU_COMMON_FILE_WATCHER_H_
#define NGOAIVU_COMMON_FILE_WATCHER_H_

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "absl/time/time.h"

namespace ngoaivu {

class FileWatcher {
 public:
  using OnChange = std::function<void(const std::string& content)>;

  // Starts watching at once; the current content is the baseline.
  FileWatcher(std::string path, absl::Duration interval, OnChange on_change);
  ~FileWatcher();
  FileWatcher(const FileWatcher&) = delete;
  FileWatcher& operator=(const FileWatcher&) = delete;

 private:
  std::string Signature() const;
  void Loop();

  const std::string path_;
  const absl::Duration interval_;
  OnChange on_change_;
  std::string signature_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_FILE_WATCHER_H_
