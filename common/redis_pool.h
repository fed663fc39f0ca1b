// A pool of hiredis connections. A hiredis context is not thread-safe, and a
// single guarded connection caps a service at a few thousand calls a second;
// the pool hands each call its own connection without a global lock: every
// connection has its own mutex and a caller takes the first free one.
#ifndef NGOAIVU_COMMON_REDIS_POOL_H_
#define NGOAIVU_COMMON_REDIS_POOL_H_

#include <hiredis/hiredis.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace ngoaivu {

// Where Redis is: parsed from `redis://[:password@]host:port[/db]`, or
// found through Sentinel.
struct RedisEndpoint {
  std::string host = "127.0.0.1";
  int port = 6379;
  int db = 0;
  // ACL user (Redis 6+); empty: the default user.
  std::string user;
  std::string password;
  // With Sentinel: the sentinels asked, in order, for the current primary
  // of `sentinel_master` (host and port above are then unused).
  std::vector<std::pair<std::string, int>> sentinels;
  std::string sentinel_master;
};
// `redis://[[user]:password@]host[:port][/db]`, or
// `redis-sentinel://[[user]:password@]host:port[,host:port...]/master[/db]`;
// user and password (the data user's, not the sentinels') percent-encoded
// where they hold reserved characters.
absl::StatusOr<RedisEndpoint> ParseRedisUrl(absl::string_view url);

// Connects to `endpoint`'s primary (asking the sentinels which it is, when
// there are any), authenticates and selects the database. Null with
// `*error` set when it cannot.
redisContext* ConnectToPrimary(const RedisEndpoint& endpoint,
                               absl::Duration timeout, std::string* error);
// The AUTH command a connection to `endpoint` starts with (with the user
// when one is named); empty without a password.
std::vector<std::string> AuthCommand(const RedisEndpoint& endpoint);

struct ReplyDeleter {
  void operator()(redisReply* r) const {
    if (r != nullptr) freeReplyObject(r);
  }
};
using RedisReply = std::unique_ptr<redisReply, ReplyDeleter>;

// Reply helpers.
bool IsError(const redisReply* r);
absl::string_view ReplyString(const redisReply* r);
// The value of `field` in a stream entry's field list ("" when absent).
absl::string_view StreamEntryField(const redisReply* fields,
                                   absl::string_view field);
// The value of `name` in a flat [name, value, ...] reply (XINFO); null when
// absent.
const redisReply* InfoField(const redisReply* flat, absl::string_view name);

// Whether a call may be sent again on a fresh connection when the pooled
// one it went out on turns out dead (Redis restarted since it was opened).
enum class RedisRetry {
  // Only if every command is a read (GET, HGET, ZRANGE..., FCALL_RO).
  kIfReadOnly,
  // Yes: the caller made it safe to repeat (a write that replays its
  // request_id's first answer).
  kSafe,
};

class RedisPool {
 public:
  struct Options {
    RedisEndpoint endpoint;
    int size = 8;
    absl::Duration connect_timeout = absl::Milliseconds(500);
    // Upper bound for one command; a call's own deadline can only shorten it.
    absl::Duration command_timeout = absl::Seconds(2);
  };

  explicit RedisPool(Options options);
  ~RedisPool();
  RedisPool(const RedisPool&) = delete;
  RedisPool& operator=(const RedisPool&) = delete;

  // Runs one command. A connection or timeout failure is UNAVAILABLE (and the
  // connection is dropped, to be reopened by the next call); a deadline
  // already past is DEADLINE_EXCEEDED. A pooled connection found closed by
  // Redis (a restart) is replaced and the call sent again once, within its
  // deadline, when `retry` allows. While the health probe knows Redis is
  // unreachable, calls fail at once instead of waiting out the timeout.
  // Redis error replies are returned as replies: the caller decides what
  // they mean.
  absl::StatusOr<RedisReply> Command(
      const std::vector<std::string>& args,
      absl::Time deadline = absl::InfiniteFuture(),
      RedisRetry retry = RedisRetry::kIfReadOnly);
  // Runs several commands in one round trip; the replies are in order.
  absl::StatusOr<std::vector<RedisReply>> Pipeline(
      const std::vector<std::vector<std::string>>& commands,
      absl::Time deadline = absl::InfiniteFuture(),
      RedisRetry retry = RedisRetry::kIfReadOnly);
  // PING with a short timeout: the health probe. It is sent whatever
  // SetReachable said.
  absl::Status Ping(absl::Duration timeout);

  // What the health probe last found: while false, calls fail fast.
  void SetReachable(bool reachable) { reachable_ = reachable; }

  const Options& options() const { return options_; }

 private:
  struct Slot {
    std::mutex mutex;
    redisContext* context = nullptr;
    // The socket timeout last set, to skip the syscalls when unchanged.
    absl::Duration timeout = absl::ZeroDuration();
  };

  // One attempt on one connection (a newly opened one when `fresh`).
  // `stale` is set when the connection had served before and Redis closed
  // it (not a timeout).
  absl::StatusOr<std::vector<RedisReply>> Send(
      const std::vector<std::vector<std::string>>& commands,
      absl::Time deadline, bool fresh, bool* stale);
  absl::StatusOr<std::vector<RedisReply>> PipelineOnce(
      const std::vector<std::vector<std::string>>& commands,
      absl::Time deadline, RedisRetry retry);
  static void RecordCommand(
      const std::vector<std::vector<std::string>>& commands,
      const absl::StatusOr<std::vector<RedisReply>>& replies,
      absl::Duration latency);
  Slot& Acquire(std::unique_lock<std::mutex>* lock);
  absl::Status EnsureConnected(Slot& slot, absl::Time deadline);
  absl::Status SetTimeout(Slot& slot, absl::Time deadline);
  void Drop(Slot& slot);

  const Options options_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::atomic<uint32_t> next_{0};
  std::atomic<bool> reachable_{true};
};

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_REDIS_POOL_H_
