// Structured logging: one JSON object per line on stderr, so that a log
// collector (or `jq`) can filter by field. Lines are formatted and written
// by a background writer, a batch per write, within 20 ms (warnings and
// errors at once); a normal exit writes what is queued. When the writer
// falls 65,536 lines behind, further lines are dropped and counted
// (ngoaivu_log_lines_dropped_total) and the next line written says so.
#ifndef NGOAIVU_COMMON_LOG_H_
#define NGOAIVU_COMMON_LOG_H_

#include <cstddef>
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

// Returns once every line logged before the call is written.
void FlushLogs();

// Tests only: a smaller queue, to see lines dropped.
void SetLogQueueLimitForTesting(size_t limit);

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
