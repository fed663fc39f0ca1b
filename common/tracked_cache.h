// An in-process cache of Redis records kept coherent by Redis itself
// (client-side caching, "tracking" in broadcast mode): Redis announces every
// change of a key under the tracked prefixes on `__redis__:invalidate`, and a
// listener thread drops those keys. Reads that hit the cache skip a round
// trip to Redis; writes made through this process drop their keys at once.
//
// The cache only answers while it can trust the announcements: the listener
// is connected and subscribed, and the service's health probe reaches Redis.
// Otherwise every read goes to Redis (and fails as Redis does). A fill that
// raced with an announcement for the same shard is not stored, so a stale
// value never outlives its announcement.
#ifndef NGOAIVU_COMMON_TRACKED_CACHE_H_
#define NGOAIVU_COMMON_TRACKED_CACHE_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/redis_pool.h"

namespace prometheus {
class Counter;
}  // namespace prometheus

namespace ngoaivu {

class TrackedCache {
 public:
  struct Options {
    RedisEndpoint endpoint;
    std::vector<std::string> prefixes;  // e.g. {"{registry}:agency:"}
    size_t max_entries = 200000;
    int shards = 64;
  };

  explicit TrackedCache(Options options);
  ~TrackedCache();
  TrackedCache(const TrackedCache&) = delete;
  TrackedCache& operator=(const TrackedCache&) = delete;

  // Starts the listener thread.
  void Start();
  void Stop();

  // The cached value of `key`, if the cache is live and holds it.
  std::optional<std::string> Get(const std::string& key) const;
  // Call before reading `key` from Redis; pass the result to Fill.
  uint64_t FillToken(const std::string& key) const;
  // Stores a value read from Redis, unless an announcement for its shard
  // arrived since FillToken (or the cache is not live).
  void Fill(const std::string& key, uint64_t token, std::string value);
  // Drops `key` (after this process changed it).
  void Invalidate(const std::string& key);

  // Fed by the health probe: while Redis is unreachable, nothing is served.
  void SetRedisReachable(bool reachable);
  bool live() const;
  // Changes whenever any tracked key may have changed (an announcement, a
  // local change, a lost subscription): what was computed from tracked
  // keys while it stayed the same (and the cache live) is still current.
  uint64_t version() const { return version_.load(std::memory_order_acquire); }

 private:
  struct Shard {
    mutable std::mutex mutex;
    uint64_t generation = 0;
    std::unordered_map<std::string, std::string> entries;
  };

  Shard& ShardOf(const std::string& key) const;
  void ClearAll();
  void Listen();
  bool ListenOnce();

  Options options_;
  std::vector<std::unique_ptr<Shard>> shards_;
  size_t max_per_shard_;
  prometheus::Counter* hits_;
  prometheus::Counter* misses_;
  std::atomic<uint64_t> version_{0};
  std::atomic<bool> subscribed_{false};
  std::atomic<bool> reachable_{true};
  std::atomic<bool> stopping_{false};
  std::mutex listener_mutex_;
  redisContext* listener_ = nullptr;  // guarded by listener_mutex_
  std::thread thread_;
};

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_TRACKED_CACHE_H_
