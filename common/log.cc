#include "common/log.h"

#include <atomic>
#include <cstdio>

#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"

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
  nlohmann::json line;
  line["ts"] = absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(),
                                absl::UTCTimeZone());
  line["level"] = LevelName(level);
  line["service"] = ServiceName();
  line["msg"] = std::string(message);
  for (const auto& [key, value] : fields) line[std::string(key)] = value;
  // One write per line keeps lines whole when threads log at once.
  const std::string text =
      line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
      "\n";
  std::fwrite(text.data(), 1, text.size(), stderr);
}

}  // namespace ngoaivu
