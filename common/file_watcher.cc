#include "common/file_watcher.h"

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace ngoaivu {

FileWatcher::FileWatcher(std::string path, absl::Duration interval,
                         OnChange on_change)
    : path_(std::move(path)),
      interval_(interval),
      on_change_(std::move(on_change)),
      signature_(Signature()),
      thread_([this] { Loop(); }) {}

FileWatcher::~FileWatcher() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

std::string FileWatcher::Signature() const {
  struct stat info {};
  if (stat(path_.c_str(), &info) != 0) return "";
  return absl::StrCat(info.st_ino, ":", info.st_size, ":", info.st_mtim.tv_sec,
                      ".", info.st_mtim.tv_nsec);
}

void FileWatcher::Loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!wake_.wait_for(lock, absl::ToChronoMilliseconds(interval_),
                         [this] { return stopping_; })) {
    const std::string now = Signature();
    // A file being replaced may be missing for a moment: wait for it.
    if (now.empty() || now == signature_) continue;
    signature_ = now;
    std::ifstream in(path_);
    std::stringstream content;
    content << in.rdbuf();
    lock.unlock();
    on_change_(content.str());
    lock.lock();
  }
}

}  // namespace ngoaivu
