#include "common/redis_functions.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/errors.h"

extern const std::string_view kNgoaivuStoreLua;

namespace ngoaivu {

RedisFunctions::RedisFunctions(RedisPool* redis, std::string service,
                               absl::string_view extra_lua)
    : redis_(redis), service_(std::move(service)) {
  code_ = absl::StrCat(
      "#!lua name=", service_, "\n",
      absl::string_view(kNgoaivuStoreLua.data(), kNgoaivuStoreLua.size()), "\n",
      "redis.register_function('", service_, "_apply', apply)\n",
      "redis.register_function{function_name='", service_,
      "_page', callback=page, flags={'no-writes'}}\n", extra_lua);
}

absl::StatusOr<bool> RedisFunctions::IsLoaded(absl::Time deadline) {
  auto reply =
      redis_->Command({"FUNCTION", "LIST", "LIBRARYNAME", service_, "WITHCODE"},
                      deadline, RedisRetry::kSafe);
  if (!reply.ok()) return reply.status();
  const redisReply* r = reply->get();
  if (IsError(r)) {
    // Redis still loading its data after a start is worth waiting for.
    const absl::Status transient = StatusFromFunctionError(ReplyString(r));
    if (absl::IsUnavailable(transient)) return transient;
    return absl::PermissionDeniedError(absl::StrCat(
        "listing Redis Functions of ", service_, ": ", ReplyString(r)));
  }
  // [[library_name, x, engine, x, functions, [...], library_code, code]]
  for (size_t i = 0; r->type == REDIS_REPLY_ARRAY && i < r->elements; ++i) {
    const redisReply* library = r->element[i];
    if (library->type != REDIS_REPLY_ARRAY) continue;
    for (size_t f = 0; f + 1 < library->elements; f += 2) {
      if (ReplyString(library->element[f]) == "library_code") {
        return ReplyString(library->element[f + 1]) == code_;
      }
    }
  }
  return false;
}

absl::Status RedisFunctions::Load(absl::Time deadline) {
  // A locked-down Redis lets services list Functions but not load them:
  // the library they need is then loaded beforehand by a user that may
  // (`<service>-server --load-redis-functions`).
  auto loaded = IsLoaded(deadline);
  if (loaded.ok() && *loaded) return absl::OkStatus();
  if (!loaded.ok() && absl::IsUnavailable(loaded.status())) {
    return loaded.status();
  }
  auto reply = redis_->Command({"FUNCTION", "LOAD", "REPLACE", code_}, deadline,
                               RedisRetry::kSafe);  // the same library again
  if (!reply.ok()) return reply.status();
  if (IsError(reply->get())) {
    const absl::string_view error = ReplyString(reply->get());
    if (absl::StartsWith(error, "NOPERM")) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the Redis Functions library '", service_,
          "' is missing or out of date and this Redis user may not load it; "
          "load it as a user that may: ",
          service_, "-server --load-redis-functions --redis=URL (", error,
          ")"));
    }
    const absl::Status transient = StatusFromFunctionError(error);
    if (absl::IsUnavailable(transient)) return transient;
    return absl::InternalError(
        absl::StrCat("loading Redis Functions of ", service_, ": ", error));
  }
  return absl::OkStatus();
}

absl::StatusOr<RedisReply> RedisFunctions::Call(
    absl::string_view function, const std::vector<std::string>& keys,
    const std::vector<std::string>& args, absl::Time deadline, bool read_only,
    RedisRetry retry) {
  std::vector<std::string> command;
  command.reserve(3 + keys.size() + args.size());
  command.push_back(read_only ? "FCALL_RO" : "FCALL");
  command.push_back(absl::StrCat(service_, "_", function));
  command.push_back(absl::StrCat(keys.size()));
  command.insert(command.end(), keys.begin(), keys.end());
  command.insert(command.end(), args.begin(), args.end());
  for (int attempt = 0;; ++attempt) {
    auto reply = redis_->Command(command, deadline, retry);
    if (!reply.ok()) return reply.status();
    if (attempt == 0 && IsError(reply->get()) &&
        absl::StrContains(ReplyString(reply->get()), "Function not found")) {
      if (absl::Status s = Load(deadline); !s.ok()) return s;
      continue;
    }
    return reply;
  }
}

}  // namespace ngoaivu
