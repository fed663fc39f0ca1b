// What every service's Redis store is made of: its keys under one hash tag
// (`{<service>}:...`, so one slot holds them and Functions stay legal in a
// cluster), the guarded write that commits a Mutation with its records (the
// retry answer, the events on `{<service>}:events`, each subject's
// never-trimmed history), and the reads every store needs. A service's store
// adds only its own keys and indexes.
//
// Keys it owns for the service:
//   {<service>}:request:<Method>:<request_id>  retry answer (TTL)
//   {<service>}:history:<resource name>        every event of a resource
//   {<service>}:events                         the event stream
#ifndef NGOAIVU_COMMON_REDIS_STORE_KIT_H_
#define NGOAIVU_COMMON_REDIS_STORE_KIT_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/mutation.h"
#include "common/records.h"
#include "common/redis_functions.h"
#include "common/redis_pool.h"
#include "common/write_plan.h"
#include "google/protobuf/message.h"

namespace ngoaivu {

// Plain hash fields kept beside a record's serialized `pb`, for the checks
// and filters that Functions run (they do not parse protobuf).
using RecordFields = std::vector<std::pair<std::string, std::string>>;

class RedisStoreKit {
 public:
  RedisStoreKit(RedisPool* redis, RedisFunctions* functions,
                absl::string_view service, int64_t events_max_length);

  // "{<service>}:" + suffix.
  std::string Key(absl::string_view suffix) const;
  const std::string& event_stream() const { return event_stream_; }

  // A plan that first replays the mutation's request if it was answered.
  WritePlan Plan(const Mutation& mutation) const;
  // The record at `key` must still carry `previous_etag` (ABORTED naming
  // `resource` otherwise) or, when it is null, must not exist yet
  // (ALREADY_EXISTS).
  static void GuardEtagOrAbsent(WritePlan& plan, absl::string_view key,
                                absl::string_view resource,
                                const std::string* previous_etag);
  // Writes `record` at `key` with its etag and `fields`.
  static void PutRecord(WritePlan& plan, absl::string_view key,
                        const google::protobuf::Message& record,
                        absl::string_view etag, RecordFields fields = {});
  // Adds the mutation's retry answer and events (with their histories) to
  // `plan` and runs it.
  absl::StatusOr<WriteOutcome> Commit(WritePlan& plan,
                                      const Mutation& mutation) const;

  absl::StatusOr<std::optional<std::string>> FindResponse(
      const RequestRecord& request, absl::Time deadline) const;
  absl::StatusOr<RecordPage<events::v1::Event>> ListHistory(
      absl::string_view subject, int64_t offset, int limit,
      absl::Time deadline) const;

  template <typename T>
  absl::StatusOr<std::optional<T>> Load(const std::string& key,
                                        absl::Time deadline,
                                        TrackedCache* cache = nullptr) const {
    return LoadRecord<T>(*redis_, key, deadline, cache);
  }
  // With `cache`, an unfiltered page takes its records from it.
  template <typename T>
  absl::StatusOr<RecordPage<T>> Page(const PageQuery& query,
                                     absl::Time deadline,
                                     TrackedCache* cache = nullptr) const {
    return ReadPage<T>(*functions_, query, deadline, cache);
  }

  RedisPool& redis() const { return *redis_; }
  RedisFunctions& functions() const { return *functions_; }

 private:
  std::string RequestKey(const RequestRecord& request) const;

  RedisPool* redis_;
  RedisFunctions* functions_;
  std::string prefix_;
  std::string event_stream_;
  int64_t events_max_length_;
};

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_REDIS_STORE_KIT_H_
