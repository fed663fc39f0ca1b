// Serialized answers of reads that depend on the request alone (not on who
// asks) and on keys a TrackedCache tracks: a page of agencies, read by every
// service and dashboard, is answered from memory without being read, parsed
// or serialized again. An answer is served only while the tracked cache is
// live and has announced no change since the answer was computed (its
// version), so it is exactly as current as the records it was made of.
#ifndef NGOAIVU_COMMON_RESPONSE_CACHE_H_
#define NGOAIVU_COMMON_RESPONSE_CACHE_H_

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "common/tracked_cache.h"

namespace ngoaivu {

class ResponseCache {
 public:
  // Where an answer would be kept, and the tracked cache's version before
  // it was computed.
  struct Ticket {
    std::string key;
    uint64_t version = 0;
  };

  explicit ResponseCache(const TrackedCache* source, size_t max_entries = 4096);

  // The answer kept for `method` and the request's bytes, if still
  // current; otherwise fills `ticket` for Store.
  std::optional<grpc::ByteBuffer> Find(absl::string_view method,
                                       const grpc::ByteBuffer& request,
                                       Ticket* ticket) const;
  // Keeps `response`, computed after Find gave `ticket`.
  void Store(Ticket ticket, const grpc::ByteBuffer& response);

 private:
  struct Entry {
    uint64_t version;
    grpc::Slice answer;
  };
  struct Shard {
    mutable absl::Mutex mutex;
    absl::flat_hash_map<std::string, Entry> entries ABSL_GUARDED_BY(mutex);
  };
  Shard& ShardOf(const std::string& key) const;

  const TrackedCache* source_;
  const size_t max_per_shard_;
  std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_RESPONSE_CACHE_H_
