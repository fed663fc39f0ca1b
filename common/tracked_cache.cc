#include "common/tracked_cache.h"

#include <sys/socket.h>

#include <functional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/log.h"
#include "common/metrics.h"

namespace ngoaivu {
namespace {

RedisReply Run(redisContext* c, const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<size_t> lens;
  for (const auto& a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  return RedisReply(static_cast<redisReply*>(redisCommandArgv(
      c, static_cast<int>(argv.size()), argv.data(), lens.data())));
}

}  // namespace

TrackedCache::TrackedCache(Options options) : options_(std::move(options)) {
  static auto& lookups = CounterFamily(
      "ngoaivu_cache_lookups_total",
      "Reads of the Redis-tracked cache, by cached prefix and result");
  const std::string prefixes = absl::StrJoin(options_.prefixes, ",");
  hits_ = &lookups.Add({{"cache", prefixes}, {"result", "hit"}});
  misses_ = &lookups.Add({{"cache", prefixes}, {"result", "miss"}});
  const int shards = std::max(1, options_.shards);
  for (int i = 0; i < shards; ++i) shards_.push_back(std::make_unique<Shard>());
  max_per_shard_ = std::max<size_t>(1, options_.max_entries / shards);
}

TrackedCache::~TrackedCache() { Stop(); }

void TrackedCache::Start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Listen(); });
}

void TrackedCache::Stop() {
  stopping_ = true;
  {
    // Wake the listener from its blocking read.
    std::lock_guard<std::mutex> lock(listener_mutex_);
    if (listener_ != nullptr) shutdown(listener_->fd, SHUT_RDWR);
  }
  if (thread_.joinable()) thread_.join();
  subscribed_ = false;
  ClearAll();
}

TrackedCache::Shard& TrackedCache::ShardOf(const std::string& key) const {
  return *shards_[std::hash<std::string>{}(key) % shards_.size()];
}

bool TrackedCache::live() const {
  return subscribed_.load(std::memory_order_acquire) &&
         reachable_.load(std::memory_order_acquire);
}

void TrackedCache::SetRedisReachable(bool reachable) {
  if (!reachable) ClearAll();
  reachable_.store(reachable, std::memory_order_release);
}

std::optional<std::string> TrackedCache::Get(const std::string& key) const {
  if (!live()) return std::nullopt;
  const Shard& shard = ShardOf(key);
  std::lock_guard<std::mutex> lock(shard.mutex);
  auto it = shard.entries.find(key);
  if (it == shard.entries.end()) {
    misses_->Increment();
    return std::nullopt;
  }
  hits_->Increment();
  return it->second;
}

uint64_t TrackedCache::FillToken(const std::string& key) const {
  const Shard& shard = ShardOf(key);
  std::lock_guard<std::mutex> lock(shard.mutex);
  return shard.generation;
}

void TrackedCache::Fill(const std::string& key, uint64_t token,
                        std::string value) {
  if (!live()) return;
  Shard& shard = ShardOf(key);
  std::lock_guard<std::mutex> lock(shard.mutex);
  if (shard.generation != token) return;  // changed while we read it
  if (shard.entries.size() >= max_per_shard_) {
    shard.entries.erase(shard.entries.begin());
  }
  shard.entries[key] = std::move(value);
}

void TrackedCache::Invalidate(const std::string& key) {
  version_.fetch_add(1, std::memory_order_acq_rel);
  Shard& shard = ShardOf(key);
  std::lock_guard<std::mutex> lock(shard.mutex);
  ++shard.generation;
  shard.entries.erase(key);
}

void TrackedCache::ClearAll() {
  version_.fetch_add(1, std::memory_order_acq_rel);
  for (auto& shard : shards_) {
    std::lock_guard<std::mutex> lock(shard->mutex);
    ++shard->generation;
    shard->entries.clear();
  }
}

void TrackedCache::Listen() {
  while (!stopping_) {
    if (!ListenOnce() && !stopping_) absl::SleepFor(absl::Milliseconds(200));
  }
}

// One connection's life: subscribe, then drop announced keys until the
// connection ends. Returns false when it could not even subscribe.
bool TrackedCache::ListenOnce() {
  std::string error;
  redisContext* c =
      ConnectToPrimary(options_.endpoint, absl::Seconds(1), &error);
  if (c == nullptr) return false;
  {
    std::lock_guard<std::mutex> lock(listener_mutex_);
    listener_ = c;
  }
  bool subscribed = false;
  auto finish = [&]() {
    subscribed_ = false;
    ClearAll();
    std::lock_guard<std::mutex> lock(listener_mutex_);
    listener_ = nullptr;
    redisFree(c);
    return subscribed;
  };
  redisSetTimeout(c, timeval{2, 0});
  RedisReply id = Run(c, {"CLIENT", "ID"});
  if (id == nullptr || id->type != REDIS_REPLY_INTEGER) return finish();
  std::vector<std::string> tracking{
      "CLIENT", "TRACKING", "ON", "REDIRECT", absl::StrCat(id->integer),
      "BCAST"};
  for (const auto& prefix : options_.prefixes) {
    tracking.push_back("PREFIX");
    tracking.push_back(prefix);
  }
  RedisReply on = Run(c, tracking);
  if (on == nullptr || IsError(on.get())) {
    LogWarning(
        "cache tracking refused",
        {{"error", on ? std::string(ReplyString(on.get())) : c->errstr}});
    return finish();
  }
  RedisReply subscribe = Run(c, {"SUBSCRIBE", "__redis__:invalidate"});
  if (subscribe == nullptr || IsError(subscribe.get())) return finish();
  redisSetTimeout(c, timeval{0, 0});  // block until an announcement or Stop
  ClearAll();  // anything cached before this subscription is suspect
  subscribed = true;
  subscribed_ = true;
  while (!stopping_) {
    void* raw = nullptr;
    if (redisGetReply(c, &raw) != REDIS_OK || raw == nullptr) break;
    RedisReply message(static_cast<redisReply*>(raw));
    // ["message", "__redis__:invalidate", [key...] or nil (flush)]
    if (message->type != REDIS_REPLY_ARRAY || message->elements != 3) continue;
    const redisReply* keys = message->element[2];
    if (keys->type == REDIS_REPLY_ARRAY) {
      for (size_t i = 0; i < keys->elements; ++i) {
        Invalidate(std::string(ReplyString(keys->element[i])));
      }
    } else {
      ClearAll();
    }
  }
  return finish();
}

}  // namespace ngoaivu
