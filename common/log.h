// Structured logging: one JSON object per line on stderr, so that a log
// collector (or `jq`) can filter by field.
#ifndef NGOAIVU_COMMON_LOG_H_
#define NGOAIVU_COMMON_LOG_H_

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "absl/strings/string_view.h"

namespace ngoaivu {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

// Configures the process's logger once, at start-up, before threads start.
void InitLogging(absl::string_view service, LogLevel min_level);
// Parses "debug", "info", "warning" or "error".
bool ParseLogLevel(absl::string_view text, LogLevel* level);

using LogField = std::pair<absl::string_view, std::string>;

void Log(LogLevel level, absl::string_view message,
         std::initializer_list<LogField> fields = {});

inline void LogInfo(absl::string_view m,
                    std::initializer_list<LogField> f = {}) {
  Log(LogLevel::kInfo, m, f);
}
inline void LogWarning(absl::string_view m,
                       std::initializer_list<LogField> f = {}) {
  Log(LogLevel::kWarning, m, f);
}
inline void LogError(absl::string_view m,
                     std::initializer_list<LogField> f = {}) {
  Log(LogLevel::kError, m, f);
}

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_LOG_H_
