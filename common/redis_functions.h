// A service's Redis Functions library: loaded at start (FUNCTION LOAD
// REPLACE, unless Redis already holds this very code) and again whenever
// Redis reports it missing (a Redis restarted without its AOF, say), so
// callers never see "Function not found". Where the service's Redis user may
// not load Functions (see deploy/redis/users.acl.in), a loader does it first.
#ifndef NGOAIVU_COMMON_REDIS_FUNCTIONS_H_
#define NGOAIVU_COMMON_REDIS_FUNCTIONS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/redis_pool.h"

namespace ngoaivu {

class RedisFunctions {
 public:
  // `service` names the library and prefixes its functions
  // (`<service>_apply`, `<service>_page`); `extra_lua` may register more.
  RedisFunctions(RedisPool* redis, std::string service,
                 absl::string_view extra_lua = {});

  // FailedPrecondition when the library must be loaded and this user may
  // not.
  absl::Status Load(absl::Time deadline);
  // Whether Redis holds exactly this library's code.
  absl::StatusOr<bool> IsLoaded(absl::Time deadline);

  // FCALL (or FCALL_RO) of `<service>_<function>`. Error replies are returned
  // as replies.
  absl::StatusOr<RedisReply> Call(absl::string_view function,
                                  const std::vector<std::string>& keys,
                                  const std::vector<std::string>& args,
                                  absl::Time deadline, bool read_only = false,
                                  RedisRetry retry = RedisRetry::kIfReadOnly);

  const std::string& service() const { return service_; }
  const std::string& library_code() const { return code_; }
  RedisPool* redis() const { return redis_; }

 private:
  RedisPool* redis_;
  std::string service_;
  std::string code_;
};

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_REDIS_FUNCTIONS_H_
