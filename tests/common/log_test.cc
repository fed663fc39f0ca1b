// The background log writer: every line a caller logs comes out whole and
// once, in the caller's order, by FlushLogs(); when stderr blocks and the
// queue is full, lines are dropped, counted, and the next line says how
// many.
#include "common/log.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "nlohmann/json.hpp"

namespace ngoaivu {
namespace {

// stderr into `fd` for the test's life.
class StderrTo {
 public:
  explicit StderrTo(int fd) : saved_(dup(STDERR_FILENO)) {
    fflush(stderr);
    dup2(fd, STDERR_FILENO);
  }
  ~StderrTo() {
    fflush(stderr);
    dup2(saved_, STDERR_FILENO);
    close(saved_);
  }

 private:
  int saved_;
};

std::vector<nlohmann::json> Lines(const std::string& text) {
  std::vector<nlohmann::json> lines;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    lines.push_back(nlohmann::json::parse(line));  // throws if not whole
  }
  return lines;
}

// What the test's stderr file holds; the file is then gone.
std::string ReadAndRemove(int fd, const char* path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  close(fd);
  unlink(path);
  return text.str();
}

TEST(LogTest, EveryLineOfEveryThreadComesOutWholeInItsThreadsOrder) {
  char path[] = "/tmp/ngoaivu-log-XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  {
    StderrTo redirect(fd);
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([t] {
        for (int i = 0; i < 2000; ++i) {
          LogInfo("line",
                  {{"thread", absl::StrCat(t)},
                   {"i", absl::StrCat(i)},
                   // Invalid UTF-8 (\xff) becomes U+FFFD.
                   {"text", "Sở Công thương \"quoted\"\n\t\x01\\ \xff."}});
        }
      });
    }
    for (std::thread& t : threads) t.join();
    FlushLogs();
  }
  const std::string text = ReadAndRemove(fd, path);
  std::vector<int> next(8, 0);
  int count = 0;
  for (const nlohmann::json& line : Lines(text)) {
    if (line.value("msg", "") != "line") continue;
    int thread = 0, i = 0;
    ASSERT_TRUE(absl::SimpleAtoi(line["thread"].get<std::string>(), &thread));
    ASSERT_TRUE(absl::SimpleAtoi(line["i"].get<std::string>(), &i));
    EXPECT_EQ(i, next[thread]) << "thread " << thread;
    next[thread] = i + 1;
    EXPECT_EQ(line["text"],
              "Sở Công thương \"quoted\"\n\t\x01\\ \xEF\xBF\xBD.");
    ++count;
  }
  EXPECT_EQ(count, 8 * 2000);
}

// A child forked while the writer runs (as the crash tests fork consumers)
// has no writer thread: it writes its own lines, and neither it nor its
// exit waits for one.
TEST(LogTest, AForkedChildWritesItsOwnLines) {
  char path[] = "/tmp/ngoaivu-log-XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  {
    StderrTo redirect(fd);
    LogInfo("parent before");
    // Lines in flight while forking.
    std::thread busy([] {
      for (int i = 0; i < 2000; ++i) LogInfo("busy");
    });
    const pid_t child = fork();
    if (child == 0) {
      LogInfo("from the child");
      FlushLogs();
      std::exit(0);  // atexit handlers run: none may wait for a writer
    }
    busy.join();
    int status = -1;
    for (int i = 0; i < 500; ++i) {
      if (waitpid(child, &status, WNOHANG) == child) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (status == -1) kill(child, SIGKILL);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << "the child hung or failed: " << status;
    LogInfo("parent after");
    FlushLogs();
  }
  const std::string text = ReadAndRemove(fd, path);
  int busy = 0;
  bool child_line = false, after = false;
  for (const nlohmann::json& line : Lines(text)) {
    const std::string msg = line.value("msg", "");
    busy += msg == "busy";
    child_line = child_line || msg == "from the child";
    after = after || msg == "parent after";
  }
  EXPECT_TRUE(child_line);
  EXPECT_TRUE(after);
  EXPECT_EQ(busy, 2000);
}

TEST(LogTest, WhenStderrBlocksLinesAreDroppedCountedAndSaid) {
  SetLogQueueLimitForTesting(100);
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  std::string got;
  {
    StderrTo redirect(pipe_fds[1]);
    // More than the pipe holds: the writer blocks in write(2), the queue
    // fills, the rest is dropped. The caller never waits.
    const auto started = std::chrono::steady_clock::now();
    for (int i = 0; i < 20000; ++i) {
      LogInfo("filler",
              {{"i", absl::StrCat(i)}, {"pad", std::string(200, 'x')}});
    }
    EXPECT_LT(std::chrono::steady_clock::now() - started,
              std::chrono::seconds(5));
    std::thread reader([&got, fd = pipe_fds[0]] {
      char buffer[65536];
      ssize_t n;
      while ((n = read(fd, buffer, sizeof(buffer))) > 0) {
        got.append(buffer, static_cast<size_t>(n));
      }
    });
    FlushLogs();  // the writer catches up once stderr is read
    LogInfo("after");
    FlushLogs();
    fflush(stderr);
    close(pipe_fds[1]);
    const int null_fd = open("/dev/null", O_WRONLY);
    dup2(null_fd, STDERR_FILENO);  // closes the pipe's last writing end
    close(null_fd);
    reader.join();
  }
  close(pipe_fds[0]);
  SetLogQueueLimitForTesting(1 << 16);
  int filler = 0;
  long long dropped = 0;
  for (const nlohmann::json& line : Lines(got)) {
    if (line.value("msg", "") == "filler") ++filler;
    if (absl::StartsWith(line.value("msg", ""), "log lines dropped")) {
      long long n = 0;
      ASSERT_TRUE(absl::SimpleAtoi(line["dropped"].get<std::string>(), &n));
      dropped += n;
    }
  }
  EXPECT_GT(dropped, 0);
  EXPECT_EQ(filler + dropped, 20000);
  EXPECT_NE(got.find("\"after\""), std::string::npos);
}

}  // namespace
}  // namespace ngoaivu
