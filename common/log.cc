#include "common/log.h"

#include <pthread.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/metrics.h"

namespace ngoaivu {
namespace {

std::atomic<int> g_min_level{static_cast<int>(LogLevel::kInfo)};
std::string& ServiceName() {
  static std::string* name = new std::string("ngoaivu");
  return *name;
}

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

// A line as the caller gave it: formatted later, off the caller's thread.
struct Line {
  absl::Time time;
  LogLevel level;
  std::string message;
  std::vector<std::pair<std::string, std::string>> fields;
};

// Length of the valid UTF-8 sequence at `s[i]`, 0 when it is not one.
size_t Utf8Length(absl::string_view s, size_t i) {
  const auto byte = [&s](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(i);
  size_t n = 0;
  unsigned char low = 0x80, high = 0xBF;  // the second byte's range
  if (lead >= 0xC2 && lead <= 0xDF) {
    n = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    n = 3;
    if (lead == 0xE0) low = 0xA0;   // no overlong forms
    if (lead == 0xED) high = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    n = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;  // nothing past U+10FFFF
  } else {
    return 0;
  }
  if (i + n > s.size() || byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (size_t k = 2; k < n; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return n;
}

// `text` as a JSON string: quotes, backslashes and control characters
// escaped, invalid UTF-8 replaced by U+FFFD (a line is always valid JSON).
void AppendJsonString(absl::string_view text, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (size_t i = 0; i < text.size();) {
    // Most of a line is plain ASCII: copied a run at a time.
    size_t plain = i;
    while (plain < text.size()) {
      const unsigned char p = static_cast<unsigned char>(text[plain]);
      if (p < 0x20 || p >= 0x80 || p == '"' || p == '\\') break;
      ++plain;
    }
    out->append(text.data() + i, plain - i);
    i = plain;
    if (i == text.size()) break;
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      const size_t n = Utf8Length(text, i);
      if (n == 0) {
        out->append("\xEF\xBF\xBD");
        ++i;
      } else {
        out->append(text.data() + i, n);
        i += n;
      }
      continue;
    }
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (c < 0x20) {
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 0xF]);
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
    ++i;
  }
  out->push_back('"');
}

void AppendField(absl::string_view key, absl::string_view value,
                 std::string* out) {
  out->push_back(out->empty() ? '{' : ',');
  AppendJsonString(key, out);
  out->push_back(':');
  AppendJsonString(value, out);
}

// One JSON object on one line. Keys in the order given; a caller's field
// named like a standard one ("msg") comes after it (readers take the last).
std::string Format(const Line& line) {
  std::string out;
  out.reserve(256);
  AppendField(
      "ts",
      absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", line.time, absl::UTCTimeZone()),
      &out);
  AppendField("level", LevelName(line.level), &out);
  AppendField("service", ServiceName(), &out);
  AppendField("msg", line.message, &out);
  for (const auto& [key, value] : line.fields) AppendField(key, value, &out);
  out.append("}\n");
  return out;
}

// Writes the lines on a thread of its own, many per write(2): a call that
// logs pays for copying its fields into a queue, not for JSON and a system
// call. Bounded: past kLimit queued lines (the writer cannot keep up, or
// stderr blocks) lines are dropped, counted, and said in the next line.
class Writer {
 public:
  static constexpr size_t kLimit = 1 << 16;
  // How long a line may wait to be batched with others; warnings and errors
  // are written at once.
  static constexpr std::chrono::milliseconds kBatchWait{20};

  Writer() : thread_([this] { Run(); }) {}

  // False once stopped: the caller writes the line itself.
  bool Push(Line line) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopped_) return false;
    if (queue_.size() >= limit_) {
      ++dropped_;
      return true;
    }
    const bool urgent = line.level >= LogLevel::kWarning;
    queue_.push_back(std::move(line));
    ++pushed_;
    if (urgent || queue_.size() == limit_ / 2) {
      urgent_ = true;
      wake_.notify_one();
    }
    return true;
  }

  // Returns once every line pushed before the call is written.
  void Flush() {
    std::unique_lock<std::mutex> lock(mutex_);
    const uint64_t target = pushed_;
    flush_requested_ = true;
    wake_.notify_one();
    written_cv_.wait(lock, [&] { return written_ >= target || stopped_; });
  }

  // Writes what is queued and ends the thread (at exit).
  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) return;
      stopping_ = true;
      wake_.notify_one();
    }
    thread_.join();
  }

  // Around fork(): the child gets the queue's lock free and no writer
  // thread, so it writes its own lines (ForkedChild()).
  void LockForFork() { mutex_.lock(); }
  void UnlockAfterFork() { mutex_.unlock(); }

  void SetLimit(size_t limit) {
    std::lock_guard<std::mutex> lock(mutex_);
    limit_ = limit;
  }

 private:
  void Run() {
    std::vector<Line> batch;
    for (;;) {
      uint64_t dropped = 0;
      bool last = false;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait_for(lock, kBatchWait, [this] {
          return stopping_ || flush_requested_ || urgent_;
        });
        flush_requested_ = false;
        urgent_ = false;
        batch.swap(queue_);
        dropped = dropped_;
        dropped_ = 0;
        last = stopping_;
      }
      WriteOut(batch, dropped);
      {
        std::lock_guard<std::mutex> lock(mutex_);
        written_ += batch.size();
        if (last && queue_.empty()) stopped_ = true;
      }
      written_cv_.notify_all();
      batch.clear();
      if (last) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stopped_) return;
      }
    }
  }

  static void WriteOut(const std::vector<Line>& batch, uint64_t dropped) {
    if (batch.empty() && dropped == 0) return;
    std::string text;
    for (const Line& line : batch) text += Format(line);
    if (dropped > 0) {
      static auto& counter = CounterFamily(
          "ngoaivu_log_lines_dropped_total",
          "Log lines dropped because the log writer could not keep up");
      CounterOf(counter, {}).Increment(static_cast<double>(dropped));
      text += Format({absl::Now(),
                      LogLevel::kError,
                      "log lines dropped: the writer could not keep up",
                      {{"dropped", absl::StrCat(dropped)}}});
    }
    std::fwrite(text.data(), 1, text.size(), stderr);
    std::fflush(stderr);
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable written_cv_;
  std::vector<Line> queue_;       // by mutex_
  size_t limit_ = kLimit;         // by mutex_
  uint64_t dropped_ = 0;          // by mutex_
  uint64_t pushed_ = 0;           // by mutex_
  uint64_t written_ = 0;          // by mutex_
  bool flush_requested_ = false;  // by mutex_
  bool urgent_ = false;           // by mutex_: a warning, or half full
  bool stopping_ = false;         // by mutex_
  bool stopped_ = false;          // by mutex_
  std::thread thread_;
};

// Set in a child forked after the writer started: the writer thread was
// not copied into it, so the child writes its lines itself.
std::atomic<bool> g_forked_child{false};

// Started on the first line; stopped, with every queued line written, when
// the process exits normally. Never destroyed: a line logged after exit
// began is written by its caller.
Writer& TheWriter() {
  static Writer* writer = [] {
    auto* w = new Writer();
    std::atexit([] {
      if (!g_forked_child) TheWriter().Stop();
    });
    pthread_atfork([] { TheWriter().LockForFork(); },
                   [] { TheWriter().UnlockAfterFork(); },
                   [] {
                     TheWriter().UnlockAfterFork();
                     g_forked_child = true;
                   });
    return w;
  }();
  return *writer;
}

void WriteNow(const Line& line) {
  const std::string text = Format(line);
  std::fwrite(text.data(), 1, text.size(), stderr);
}

}  // namespace

void InitLogging(absl::string_view service, LogLevel min_level) {
  ServiceName() = std::string(service);
  g_min_level = static_cast<int>(min_level);
}

bool ParseLogLevel(absl::string_view text, LogLevel* level) {
  for (LogLevel l : {LogLevel::kDebug, LogLevel::kInfo, LogLevel::kWarning,
                     LogLevel::kError}) {
    if (text == LevelName(l)) {
      *level = l;
      return true;
    }
  }
  return false;
}

void Log(LogLevel level, absl::string_view message,
         std::initializer_list<LogField> fields) {
  if (static_cast<int>(level) < g_min_level.load(std::memory_order_relaxed)) {
    return;
  }
  Line line{absl::Now(), level, std::string(message), {}};
  line.fields.reserve(fields.size());
  for (const auto& [key, value] : fields) {
    line.fields.emplace_back(std::string(key), value);
  }
  if (!g_forked_child && TheWriter().Push(line)) return;
  WriteNow(line);
}

void FlushLogs() {
  if (!g_forked_child) TheWriter().Flush();
}

void SetLogQueueLimitForTesting(size_t limit) { TheWriter().SetLimit(limit); }

}  // namespace ngoaivu
