#include "common/records.h"

#include <algorithm>

#include "absl/strings/str_split.h"
#include "common/errors.h"
#include "common/stored_events.h"

namespace ngoaivu {

absl::StatusOr<std::optional<std::string>> LoadRecordBytes(
    RedisPool& redis, const std::string& key, absl::Time deadline) {
  auto reply = redis.Command({"HGET", key, "pb"}, deadline);
  if (!reply.ok()) return reply.status();
  const redisReply* r = reply->get();
  if (IsError(r)) return StatusFromFunctionError(ReplyString(r));
  if (r->type != REDIS_REPLY_STRING) return std::optional<std::string>();
  return std::optional<std::string>(std::string(ReplyString(r)));
}

absl::StatusOr<std::optional<std::string>> LoadRecordBytes(
    RedisPool& redis, TrackedCache* cache, const std::string& key,
    absl::Time deadline) {
  if (cache == nullptr) return LoadRecordBytes(redis, key, deadline);
  if (auto hit = cache->Get(key))
    return std::optional<std::string>(std::move(*hit));
  const uint64_t token = cache->FillToken(key);
  auto bytes = LoadRecordBytes(redis, key, deadline);
  if (bytes.ok() && bytes->has_value()) cache->Fill(key, token, **bytes);
  return bytes;
}

absl::StatusOr<RecordPage<events::v1::Event>> ReadHistory(
    RedisPool& redis, const std::string& key, absl::string_view subject,
    int64_t offset, int limit, absl::Time deadline) {
  auto replies = redis.Pipeline(
      {{"LRANGE", key, absl::StrCat(offset), absl::StrCat(offset + limit - 1)},
       {"LLEN", key}},
      deadline);
  if (!replies.ok()) return replies.status();
  const redisReply* range = (*replies)[0].get();
  const redisReply* length = (*replies)[1].get();
  if (IsError(range) || IsError(length)) {
    return absl::InternalError("cannot read history");
  }
  RecordPage<events::v1::Event> page;
  for (size_t i = 0; i < range->elements; ++i) {
    events::v1::Event event;
    if (!event.ParseFromString(EventBytesOfHistoryEntry(
            ReplyString(range->element[i]), subject))) {
      return absl::InternalError("a history entry does not parse");
    }
    page.records.push_back(std::move(event));
  }
  if (offset + limit < length->integer) {
    page.next_cursor = absl::StrCat(offset + limit);
  }
  return page;
}

namespace {

// Up to `count` ids of the index `key` after `after` ("" for the start).
absl::StatusOr<std::vector<std::string>> ReadIndexRange(
    RedisPool& redis, const std::string& key, const std::string& after,
    size_t count, absl::Time deadline) {
  auto reply =
      redis.Command({"ZRANGEBYLEX", key, after.empty() ? "-" : "(" + after, "+",
                     "LIMIT", "0", absl::StrCat(count)},
                    deadline);
  if (!reply.ok()) return reply.status();
  if (IsError(reply->get()))
    return StatusFromFunctionError(ReplyString(reply->get()));
  std::vector<std::string> ids;
  ids.reserve((*reply)->elements);
  for (size_t i = 0; i < (*reply)->elements; ++i) {
    ids.emplace_back(ReplyString((*reply)->element[i]));
  }
  return ids;
}

// A whole index as one cache value: its ids in order, each ended by NUL
// (ids never hold one: an index with such an id is not cached).
constexpr char kIdEnd = '\0';
// The cache value of an index too large to keep whole (no list of ids
// starts with kIdEnd): until it changes, its pages are read from Redis
// without trying again.
constexpr absl::string_view kNotKeptWhole("\0", 1);

// The page's ids (up to query.limit + 1, the extra one telling that more
// follow), from the whole index in `cache` when the query allows it.
absl::StatusOr<std::vector<std::string>> PageIds(RedisPool& redis,
                                                 TrackedCache& cache,
                                                 const PageQuery& query,
                                                 absl::Time deadline) {
  const size_t wanted = static_cast<size_t>(query.limit) + 1;
  if (!query.cache_whole_index) {
    return ReadIndexRange(redis, query.index_key, query.after, wanted,
                          deadline);
  }
  std::optional<std::string> whole = cache.Get(query.index_key);
  if (!whole.has_value()) {
    const uint64_t token = cache.FillToken(query.index_key);
    auto all = ReadIndexRange(redis, query.index_key, "",
                              kMaxCachedIndexIds + 1, deadline);
    if (!all.ok()) return all.status();
    const bool cacheable =
        all->size() <= kMaxCachedIndexIds &&
        std::none_of(all->begin(), all->end(), [](const std::string& id) {
          return id.find(kIdEnd) != std::string::npos;
        });
    whole.emplace();
    if (cacheable) {
      for (const std::string& id : *all) {
        whole->append(id);
        whole->push_back(kIdEnd);
      }
    } else {
      whole->assign(kNotKeptWhole.data(), kNotKeptWhole.size());
    }
    cache.Fill(query.index_key, token, *whole);
  }
  if (*whole == kNotKeptWhole) {
    return ReadIndexRange(redis, query.index_key, query.after, wanted,
                          deadline);
  }
  std::vector<absl::string_view> all =
      absl::StrSplit(*whole, kIdEnd, absl::SkipEmpty());
  auto first = query.after.empty()
                   ? all.begin()
                   : std::upper_bound(all.begin(), all.end(),
                                      absl::string_view(query.after));
  std::vector<std::string> ids;
  for (; first != all.end() && ids.size() < wanted; ++first) {
    ids.emplace_back(*first);
  }
  return ids;
}

}  // namespace

absl::StatusOr<RecordPage<std::string>> ReadCachedPageBytes(
    RedisPool& redis, TrackedCache& cache, const PageQuery& query,
    absl::Time deadline) {
  auto ids = PageIds(redis, cache, query, deadline);
  if (!ids.ok()) return ids.status();
  const size_t listed = std::min<size_t>(ids->size(), query.limit);
  std::vector<std::optional<std::string>> bytes(listed);
  std::vector<size_t> misses;
  std::vector<uint64_t> tokens;
  std::vector<std::vector<std::string>> reads;
  for (size_t i = 0; i < listed; ++i) {
    const std::string key = query.record_prefix + (*ids)[i];
    bytes[i] = cache.Get(key);
    if (bytes[i].has_value()) continue;
    misses.push_back(i);
    tokens.push_back(cache.FillToken(key));
    reads.push_back({"HGET", key, "pb"});
  }
  if (!reads.empty()) {
    auto replies = redis.Pipeline(reads, deadline);
    if (!replies.ok()) return replies.status();
    for (size_t m = 0; m < misses.size(); ++m) {
      const redisReply* r = (*replies)[m].get();
      if (IsError(r)) return StatusFromFunctionError(ReplyString(r));
      if (r->type != REDIS_REPLY_STRING) continue;  // gone since listed
      bytes[misses[m]] = std::string(ReplyString(r));
      cache.Fill(reads[m][1], tokens[m], *bytes[misses[m]]);
    }
  }
  RecordPage<std::string> page;
  for (auto& b : bytes) {
    if (b.has_value()) page.records.push_back(std::move(*b));
  }
  if (ids->size() > listed && listed > 0) {
    page.next_cursor = (*ids)[listed - 1];
  }
  return page;
}

absl::StatusOr<RecordPage<std::string>> ReadPageBytes(RedisFunctions& functions,
                                                      const PageQuery& query,
                                                      absl::Time deadline) {
  // A filtered page may look at more entries than it returns, but never
  // more than this many in one call.
  const int budget = std::max(1000, query.limit * 20);
  std::vector<std::string> args{query.after, absl::StrCat(query.limit),
                                absl::StrCat(budget), query.record_prefix};
  for (const auto& [field, value] : query.filters) {
    args.push_back(field);
    args.push_back(value);
  }
  auto reply = functions.Call("page", {query.index_key}, args, deadline,
                              /*read_only=*/true);
  if (!reply.ok()) return reply.status();
  const redisReply* r = reply->get();
  if (IsError(r)) return StatusFromFunctionError(ReplyString(r));
  if (r->type != REDIS_REPLY_ARRAY || r->elements < 1) {
    return absl::InternalError("unexpected reply from page");
  }
  RecordPage<std::string> page;
  page.next_cursor = std::string(ReplyString(r->element[0]));
  for (size_t i = 1; i < r->elements; ++i) {
    page.records.emplace_back(ReplyString(r->element[i]));
  }
  return page;
}

}  // namespace ngoaivu
