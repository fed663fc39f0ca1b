#include "common/redis_pool.h"

#include <sys/time.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <optional>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "common/metrics.h"

namespace ngoaivu {
namespace {

// Commands that change nothing: sent again on a fresh connection when the
// pooled one was found closed.
bool IsReadOnlyCommand(const std::vector<std::string>& args) {
  static const auto* reads =
      new absl::flat_hash_set<std::string>{"GET",         "MGET",
                                           "HGET",        "HMGET",
                                           "HGETALL",     "HEXISTS",
                                           "EXISTS",      "LRANGE",
                                           "LLEN",        "ZRANGE",
                                           "ZRANGEBYLEX", "ZRANGEBYSCORE",
                                           "ZREVRANGE",   "ZREVRANGEBYSCORE",
                                           "ZCOUNT",      "ZLEXCOUNT",
                                           "ZSCORE",      "ZCARD",
                                           "SMEMBERS",    "SISMEMBER",
                                           "SCARD",       "XRANGE",
                                           "XREVRANGE",   "XLEN",
                                           "XINFO",       "FCALL_RO",
                                           "PING",        "TTL"};
  return !args.empty() && reads->contains(absl::AsciiStrToUpper(args[0]));
}

// Redis closed the connection (it restarted, say): not a timeout, after
// which the command may still be running.
bool ClosedByPeer(const redisContext& context, int error) {
  if (context.err == REDIS_ERR_EOF) return true;
  return context.err == REDIS_ERR_IO && error != EAGAIN &&
         error != EWOULDBLOCK && error != EINPROGRESS;
}

timeval TimevalOf(absl::Duration d) {
  if (d < absl::Milliseconds(1)) d = absl::Milliseconds(1);
  return absl::ToTimeval(d);
}

}  // namespace

namespace {

// "p%40ss" -> "p@ss"; nothing for a malformed escape.
std::optional<std::string> PercentDecoded(absl::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    int value = 0;
    if (i + 2 >= text.size() ||
        !absl::SimpleHexAtoi(text.substr(i + 1, 2), &value)) {
      return std::nullopt;
    }
    out.push_back(static_cast<char>(value));
    i += 2;
  }
  return out;
}

}  // namespace

std::vector<std::string> AuthCommand(const RedisEndpoint& endpoint) {
  if (endpoint.password.empty()) return {};
  if (endpoint.user.empty()) return {"AUTH", endpoint.password};
  return {"AUTH", endpoint.user, endpoint.password};
}

namespace {

absl::Status ParseHostPort(absl::string_view text, std::string* host,
                           int* port) {
  if (auto colon = text.rfind(':'); colon != absl::string_view::npos) {
    if (!absl::SimpleAtoi(text.substr(colon + 1), port) || *port <= 0 ||
        *port > 65535) {
      return absl::InvalidArgumentError(
          absl::StrCat("bad redis port in ", text));
    }
    text = text.substr(0, colon);
  }
  if (!text.empty()) *host = std::string(text);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<RedisEndpoint> ParseRedisUrl(absl::string_view url) {
  constexpr absl::string_view kScheme = "redis://";
  constexpr absl::string_view kSentinelScheme = "redis-sentinel://";
  const bool sentinel = absl::StartsWith(url, kSentinelScheme);
  if (!sentinel && !absl::StartsWith(url, kScheme)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "redis URL must start with redis:// or redis-sentinel:// : ", url));
  }
  absl::string_view rest =
      url.substr(sentinel ? kSentinelScheme.size() : kScheme.size());
  RedisEndpoint endpoint;
  if (auto at = rest.rfind('@'); at != absl::string_view::npos) {
    absl::string_view auth = rest.substr(0, at);
    absl::string_view user;
    if (auto colon = auth.find(':'); colon != absl::string_view::npos) {
      user = auth.substr(0, colon);
      auth = auth.substr(colon + 1);
    }
    auto decoded_user = PercentDecoded(user);
    auto decoded_password = PercentDecoded(auth);
    if (!decoded_user || !decoded_password) {
      return absl::InvalidArgumentError(
          "bad %-escape in the redis URL's user or password");
    }
    endpoint.user = *decoded_user;
    endpoint.password = *decoded_password;
    rest = rest.substr(at + 1);
  }
  std::vector<absl::string_view> path = absl::StrSplit(rest, '/');
  absl::string_view db = path.size() > (sentinel ? 2u : 1u)
                             ? path[sentinel ? 2 : 1]
                             : absl::string_view();
  if (!db.empty() && (!absl::SimpleAtoi(db, &endpoint.db) || endpoint.db < 0)) {
    return absl::InvalidArgumentError(absl::StrCat("bad redis db: ", db));
  }
  if (!sentinel) {
    if (absl::Status s = ParseHostPort(path[0], &endpoint.host, &endpoint.port);
        !s.ok()) {
      return s;
    }
    return endpoint;
  }
  if (path.size() < 2 || path[1].empty()) {
    return absl::InvalidArgumentError(
        "redis-sentinel:// URL must name the primary: "
        "redis-sentinel://host:26379[,host:26379...]/name[/db]");
  }
  endpoint.sentinel_master = std::string(path[1]);
  for (absl::string_view one : absl::StrSplit(path[0], ',')) {
    std::pair<std::string, int> address{"127.0.0.1", 26379};
    if (absl::Status s = ParseHostPort(one, &address.first, &address.second);
        !s.ok()) {
      return s;
    }
    endpoint.sentinels.push_back(address);
  }
  return endpoint;
}

namespace {

// The primary's address, as the first sentinel that answers says.
absl::StatusOr<std::pair<std::string, int>> AskSentinels(
    const RedisEndpoint& endpoint, absl::Duration timeout) {
  std::string errors;
  for (const auto& [host, port] : endpoint.sentinels) {
    redisContext* c =
        redisConnectWithTimeout(host.c_str(), port, TimevalOf(timeout));
    if (c == nullptr || c->err) {
      absl::StrAppend(&errors, " ", host, ":", port, " unreachable;");
      if (c != nullptr) redisFree(c);
      continue;
    }
    redisSetTimeout(c, TimevalOf(timeout));
    RedisReply reply(static_cast<redisReply*>(
        redisCommand(c, "SENTINEL get-master-addr-by-name %s",
                     endpoint.sentinel_master.c_str())));
    redisFree(c);
    int primary_port = 0;
    if (reply != nullptr && reply->type == REDIS_REPLY_ARRAY &&
        reply->elements == 2 &&
        absl::SimpleAtoi(ReplyString(reply->element[1]), &primary_port)) {
      return std::make_pair(std::string(ReplyString(reply->element[0])),
                            primary_port);
    }
    absl::StrAppend(&errors, " ", host, ":", port, " does not know '",
                    endpoint.sentinel_master, "';");
  }
  return absl::UnavailableError(
      absl::StrCat("no sentinel named the primary:", errors));
}

}  // namespace

redisContext* ConnectToPrimary(const RedisEndpoint& ep, absl::Duration timeout,
                               std::string* error) {
  std::pair<std::string, int> address{ep.host, ep.port};
  if (!ep.sentinels.empty()) {
    auto primary = AskSentinels(ep, timeout);
    if (!primary.ok()) {
      *error = std::string(primary.status().message());
      return nullptr;
    }
    address = *primary;
  }
  redisContext* c = redisConnectWithTimeout(address.first.c_str(),
                                            address.second, TimevalOf(timeout));
  if (c == nullptr || c->err) {
    *error = absl::StrCat(
        "redis ", address.first, ":", address.second,
        " unreachable: ", c != nullptr ? c->errstr : "cannot allocate context");
    if (c != nullptr) redisFree(c);
    return nullptr;
  }
  redisSetTimeout(c, TimevalOf(timeout));
  std::vector<std::vector<std::string>> handshake;
  if (!ep.password.empty()) handshake.push_back(AuthCommand(ep));
  if (ep.db != 0) handshake.push_back({"SELECT", absl::StrCat(ep.db)});
  for (const auto& args : handshake) {
    std::vector<const char*> argv;
    std::vector<size_t> lens;
    for (const auto& a : args) {
      argv.push_back(a.data());
      lens.push_back(a.size());
    }
    RedisReply r(static_cast<redisReply*>(redisCommandArgv(
        c, static_cast<int>(argv.size()), argv.data(), lens.data())));
    if (r == nullptr || IsError(r.get())) {
      *error = r == nullptr ? std::string(c->errstr)
                            : absl::StrCat("redis ", args[0], ": ",
                                           ReplyString(r.get()));
      redisFree(c);
      return nullptr;
    }
  }
  return c;
}

bool IsError(const redisReply* r) {
  return r != nullptr && r->type == REDIS_REPLY_ERROR;
}

absl::string_view ReplyString(const redisReply* r) {
  if (r == nullptr || r->str == nullptr) return {};
  return absl::string_view(r->str, r->len);
}

const redisReply* InfoField(const redisReply* flat, absl::string_view name) {
  if (flat == nullptr || flat->type != REDIS_REPLY_ARRAY) return nullptr;
  for (size_t i = 0; i + 1 < flat->elements; i += 2) {
    if (ReplyString(flat->element[i]) == name) return flat->element[i + 1];
  }
  return nullptr;
}

absl::string_view StreamEntryField(const redisReply* fields,
                                   absl::string_view field) {
  if (fields == nullptr || fields->type != REDIS_REPLY_ARRAY) return {};
  for (size_t i = 0; i + 1 < fields->elements; i += 2) {
    if (ReplyString(fields->element[i]) == field) {
      return ReplyString(fields->element[i + 1]);
    }
  }
  return {};
}

RedisPool::RedisPool(Options options) : options_(std::move(options)) {
  const int size = std::max(1, options_.size);
  for (int i = 0; i < size; ++i) slots_.push_back(std::make_unique<Slot>());
}

RedisPool::~RedisPool() {
  for (auto& slot : slots_) Drop(*slot);
}

RedisPool::Slot& RedisPool::Acquire(std::unique_lock<std::mutex>* lock) {
  const size_t n = slots_.size();
  const size_t start = next_.fetch_add(1, std::memory_order_relaxed) % n;
  for (size_t i = 0; i < n; ++i) {
    Slot& slot = *slots_[(start + i) % n];
    std::unique_lock<std::mutex> attempt(slot.mutex, std::try_to_lock);
    if (attempt.owns_lock()) {
      *lock = std::move(attempt);
      return slot;
    }
  }
  // Every connection is busy: wait for the one this call was dealt.
  static auto& waits = HistogramFamily(
      "ngoaivu_redis_pool_wait_seconds",
      "Time calls waited for a Redis connection when all were busy");
  const absl::Time waiting = absl::Now();
  Slot& slot = *slots_[start];
  *lock = std::unique_lock<std::mutex>(slot.mutex);
  HistogramOf(waits, {}).Observe(Seconds(absl::Now() - waiting));
  return slot;
}

void RedisPool::Drop(Slot& slot) {
  if (slot.context != nullptr) {
    redisFree(slot.context);
    slot.context = nullptr;
    slot.timeout = absl::ZeroDuration();
  }
}

absl::Status RedisPool::EnsureConnected(Slot& slot, absl::Time deadline) {
  if (slot.context != nullptr) return absl::OkStatus();
  const absl::Duration left = deadline - absl::Now();
  std::string error;
  redisContext* c = ConnectToPrimary(
      options_.endpoint, std::min(options_.connect_timeout, left), &error);
  if (c == nullptr) {
    // A refused password is not an outage: say so plainly.
    if (absl::StrContains(error, "WRONGPASS") ||
        absl::StrContains(error, "NOPERM")) {
      return absl::FailedPreconditionError(error);
    }
    return absl::UnavailableError(error);
  }
  slot.context = c;
  slot.timeout = absl::ZeroDuration();
  absl::Status status = SetTimeout(slot, deadline);
  if (!status.ok()) Drop(slot);
  return status;
}

absl::Status RedisPool::SetTimeout(Slot& slot, absl::Time deadline) {
  const absl::Duration left = deadline - absl::Now();
  if (left <= absl::ZeroDuration()) {
    return absl::DeadlineExceededError("deadline passed before redis call");
  }
  // Whole milliseconds: most calls then share the command timeout and need
  // no syscall to set it.
  const absl::Duration timeout = absl::Floor(
      std::min(options_.command_timeout, left), absl::Milliseconds(1));
  if (timeout == slot.timeout) return absl::OkStatus();
  if (redisSetTimeout(slot.context, TimevalOf(timeout)) != REDIS_OK) {
    return absl::UnavailableError("cannot set redis timeout");
  }
  slot.timeout = timeout;
  return absl::OkStatus();
}

absl::StatusOr<RedisReply> RedisPool::Command(
    const std::vector<std::string>& args, absl::Time deadline,
    RedisRetry retry) {
  auto replies = Pipeline({args}, deadline, retry);
  if (!replies.ok()) return replies.status();
  return std::move(replies->front());
}

absl::StatusOr<std::vector<RedisReply>> RedisPool::Pipeline(
    const std::vector<std::vector<std::string>>& commands, absl::Time deadline,
    RedisRetry retry) {
  const absl::Time start = absl::Now();
  auto replies = PipelineOnce(commands, deadline, retry);
  RecordCommand(commands, replies, absl::Now() - start);
  return replies;
}

void RedisPool::RecordCommand(
    const std::vector<std::vector<std::string>>& commands,
    const absl::StatusOr<std::vector<RedisReply>>& replies,
    absl::Duration latency) {
  static auto& durations = HistogramFamily(
      "ngoaivu_redis_command_duration_seconds",
      "Redis round trips, pool wait included, by command (FCALL by "
      "function; blocking reads wait for entries)");
  static auto& errors = CounterFamily(
      "ngoaivu_redis_errors_total",
      "Redis calls that failed (unavailable, deadline) or got an error "
      "reply, by command");
  std::string command = "PIPELINE";
  if (commands.size() == 1 && !commands[0].empty()) {
    command = absl::AsciiStrToUpper(commands[0][0]);
    if (absl::StartsWith(command, "FCALL") && commands[0].size() > 1) {
      absl::StrAppend(&command, " ", commands[0][1]);
    }
  }
  HistogramOf(durations, {{"command", command}}).Observe(Seconds(latency));
  const char* kind = nullptr;
  if (!replies.ok()) {
    kind =
        absl::IsDeadlineExceeded(replies.status()) ? "deadline" : "unavailable";
  } else {
    for (const RedisReply& reply : *replies) {
      if (IsError(reply.get())) kind = "reply";
    }
  }
  if (kind != nullptr) {
    CounterOf(errors, {{"command", command}, {"kind", kind}}).Increment();
  }
}

absl::StatusOr<std::vector<RedisReply>> RedisPool::PipelineOnce(
    const std::vector<std::vector<std::string>>& commands, absl::Time deadline,
    RedisRetry retry) {
  if (!reachable_) {
    return absl::UnavailableError(
        "redis unreachable (the health probe cannot reach it)");
  }
  bool stale = false;
  auto replies = Send(commands, deadline, /*fresh=*/false, &stale);
  if (replies.ok() || !stale) return replies;
  if (retry == RedisRetry::kIfReadOnly &&
      !std::all_of(commands.begin(), commands.end(), IsReadOnlyCommand)) {
    return replies;
  }
  return Send(commands, deadline, /*fresh=*/true, &stale);
}

absl::StatusOr<std::vector<RedisReply>> RedisPool::Send(
    const std::vector<std::vector<std::string>>& commands, absl::Time deadline,
    bool fresh, bool* stale) {
  *stale = false;
  if (deadline - absl::Now() <= absl::ZeroDuration()) {
    return absl::DeadlineExceededError("deadline passed before redis call");
  }
  std::unique_lock<std::mutex> lock;
  Slot& slot = Acquire(&lock);
  if (fresh) Drop(slot);
  const bool reused = slot.context != nullptr;
  if (absl::Status s = EnsureConnected(slot, deadline); !s.ok()) return s;
  if (absl::Status s = SetTimeout(slot, deadline); !s.ok()) return s;

  std::vector<const char*> argv;
  std::vector<size_t> lens;
  for (const auto& args : commands) {
    argv.clear();
    lens.clear();
    for (const auto& a : args) {
      argv.push_back(a.data());
      lens.push_back(a.size());
    }
    redisAppendCommandArgv(slot.context, static_cast<int>(argv.size()),
                           argv.data(), lens.data());
  }
  std::vector<RedisReply> replies;
  replies.reserve(commands.size());
  for (size_t i = 0; i < commands.size(); ++i) {
    void* raw = nullptr;
    if (redisGetReply(slot.context, &raw) != REDIS_OK || raw == nullptr) {
      const int error = errno;
      *stale = reused && i == 0 && ClosedByPeer(*slot.context, error);
      std::string why = slot.context->errstr;
      Drop(slot);  // the stream is out of step: never reuse it
      return absl::UnavailableError(absl::StrCat("redis call failed: ", why));
    }
    replies.emplace_back(static_cast<redisReply*>(raw));
  }
  // A primary demoted by a failover answers writes with READONLY: the next
  // call on this slot connects to the new primary.
  for (const RedisReply& reply : replies) {
    if (IsError(reply.get()) &&
        absl::StartsWith(ReplyString(reply.get()), "READONLY")) {
      Drop(slot);
      break;
    }
  }
  return replies;
}

absl::Status RedisPool::Ping(absl::Duration timeout) {
  bool stale = false;
  auto replies = Send({{"PING"}}, absl::Now() + timeout, false, &stale);
  if (!replies.ok() && stale) {
    replies = Send({{"PING"}}, absl::Now() + timeout, true, &stale);
  }
  if (!replies.ok()) return replies.status();
  const RedisReply& reply = replies->front();
  if (IsError(reply.get())) {
    return absl::UnavailableError(std::string(ReplyString(reply.get())));
  }
  return absl::OkStatus();
}

}  // namespace ngoaivu
