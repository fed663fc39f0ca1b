// Reading records stored as serialized protobuf in a hash field `pb`, one
// at a time or a page at a time through a lexicographic index.
#ifndef NGOAIVU_COMMON_RECORDS_H_
#define NGOAIVU_COMMON_RECORDS_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/page.h"
#include "common/redis_functions.h"
#include "common/redis_pool.h"
#include "common/tracked_cache.h"
#include "ngoaivu/events/v1/event.pb.h"

namespace ngoaivu {

// The `pb` field of hash `key`, if the key exists.
absl::StatusOr<std::optional<std::string>> LoadRecordBytes(
    RedisPool& redis, const std::string& key, absl::Time deadline);
// The same through `cache` (may be null): served from memory when the cache
// holds the key, read from Redis and remembered otherwise.
absl::StatusOr<std::optional<std::string>> LoadRecordBytes(
    RedisPool& redis, TrackedCache* cache, const std::string& key,
    absl::Time deadline);

template <typename T>
absl::StatusOr<std::optional<T>> LoadRecord(RedisPool& redis,
                                            const std::string& key,
                                            absl::Time deadline,
                                            TrackedCache* cache = nullptr) {
  auto bytes = LoadRecordBytes(redis, cache, key, deadline);
  if (!bytes.ok()) return bytes.status();
  if (!bytes->has_value()) return std::optional<T>();
  T record;
  if (!record.ParseFromString(**bytes)) {
    return absl::InternalError(absl::StrCat("record ", key, " does not parse"));
  }
  return std::optional<T>(std::move(record));
}

struct PageQuery {
  std::string index_key;      // sorted set of ids, all scores 0
  std::string record_prefix;  // record key = prefix + id
  std::string after;          // exclusive cursor ("" for the start)
  int limit = 50;
  // Hash fields the record must have with these values ("<field" and
  // ">field": at most / at least the value, compared as strings).
  std::vector<std::pair<std::string, std::string>> filters;
  // The index is small and bounded (a province's agencies): a cached read
  // keeps the whole index as one cache entry, so a page served from memory
  // asks Redis nothing. The cache must track the index key; an index larger
  // than kMaxCachedIndexIds is read a page at a time as usual.
  bool cache_whole_index = false;
};

inline constexpr size_t kMaxCachedIndexIds = 2000;

absl::StatusOr<RecordPage<std::string>> ReadPageBytes(RedisFunctions& functions,
                                                      const PageQuery& query,
                                                      absl::Time deadline);

// An unfiltered page (no query.filters) read from its index, each record
// from `cache` when it holds it and from Redis otherwise (one pipelined
// round trip for the misses): no Function call, and for records that
// rarely change (agencies) no record read at all; with
// query.cache_whole_index no index read either. The index and the records
// are read one after the other, not atomically: a record gone in between is
// left out (records are never deleted while indexed).
absl::StatusOr<RecordPage<std::string>> ReadCachedPageBytes(
    RedisPool& redis, TrackedCache& cache, const PageQuery& query,
    absl::Time deadline);

// Through `cache` when it is given, live, and the page unfiltered.
template <typename T>
absl::StatusOr<RecordPage<T>> ReadPage(RedisFunctions& functions,
                                       const PageQuery& query,
                                       absl::Time deadline,
                                       TrackedCache* cache = nullptr) {
  auto raw =
      cache != nullptr && cache->live() && query.filters.empty()
          ? ReadCachedPageBytes(*functions.redis(), *cache, query, deadline)
          : ReadPageBytes(functions, query, deadline);
  if (!raw.ok()) return raw.status();
  RecordPage<T> page;
  page.next_cursor = std::move(raw->next_cursor);
  page.records.resize(raw->records.size());
  for (size_t i = 0; i < raw->records.size(); ++i) {
    if (!page.records[i].ParseFromString(raw->records[i])) {
      return absl::InternalError("a listed record does not parse");
    }
  }
  return page;
}

// Events of `subject`'s history list at `key`, from position `offset`; the
// cursor of the page is the next position ("" at the end).
absl::StatusOr<RecordPage<events::v1::Event>> ReadHistory(
    RedisPool& redis, const std::string& key, absl::string_view subject,
    int64_t offset, int limit, absl::Time deadline);

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_RECORDS_H_
