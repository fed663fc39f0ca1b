#include "common/response_cache.h"

#include <utility>

#include "absl/hash/hash.h"
#include "absl/strings/str_cat.h"
#include "common/metrics.h"

namespace ngoaivu {
namespace {

constexpr size_t kShards = 16;

prometheus::Counter& Answered(const char* outcome) {
  static auto& family = CounterFamily(
      "ngoaivu_response_cache_total",
      "Cacheable reads, by outcome: hit (answered from memory) or miss");
  return CounterOf(family, {{"outcome", outcome}});
}

}  // namespace

ResponseCache::ResponseCache(const TrackedCache* source, size_t max_entries)
    : source_(source),
      max_per_shard_(std::max<size_t>(1, max_entries / kShards)) {
  for (size_t i = 0; i < kShards; ++i) {
    shards_.push_back(std::make_unique<Shard>());
  }
}

ResponseCache::Shard& ResponseCache::ShardOf(const std::string& key) const {
  return *shards_[absl::Hash<std::string>()(key) % shards_.size()];
}

std::optional<grpc::ByteBuffer> ResponseCache::Find(
    absl::string_view method, const grpc::ByteBuffer& request,
    Ticket* ticket) const {
  static prometheus::Counter& hits = Answered("hit");
  static prometheus::Counter& misses = Answered("miss");
  // Read before the answer is looked up or computed: a change announced
  // from here on makes the answer older than the version it is kept with.
  ticket->version = source_->version();
  grpc::Slice bytes;
  if (!grpc::ByteBuffer(request).DumpToSingleSlice(&bytes).ok()) {
    ticket->key.clear();
    return std::nullopt;
  }
  ticket->key = absl::StrCat(
      method, "\n",
      absl::string_view(reinterpret_cast<const char*>(bytes.begin()),
                        bytes.size()));
  if (source_->live()) {
    const Shard& shard = ShardOf(ticket->key);
    absl::ReaderMutexLock lock(&shard.mutex);
    auto it = shard.entries.find(ticket->key);
    if (it != shard.entries.end() && it->second.version == ticket->version) {
      hits.Increment();
      grpc::Slice answer = it->second.answer;  // shares the bytes
      return grpc::ByteBuffer(&answer, 1);
    }
  }
  misses.Increment();
  return std::nullopt;
}

void ResponseCache::Store(Ticket ticket, const grpc::ByteBuffer& response) {
  if (ticket.key.empty() || !source_->live() ||
      source_->version() != ticket.version) {
    return;  // changed meanwhile: the answer may be older than the records
  }
  grpc::Slice answer;
  if (!grpc::ByteBuffer(response).DumpToSingleSlice(&answer).ok()) return;
  Shard& shard = ShardOf(ticket.key);
  absl::MutexLock lock(&shard.mutex);
  if (shard.entries.size() >= max_per_shard_) shard.entries.clear();
  shard.entries.insert_or_assign(std::move(ticket.key),
                                 Entry{ticket.version, std::move(answer)});
}

}  // namespace ngoaivu
