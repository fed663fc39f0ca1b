// Helpers every mutation shares: request_id idempotency and events.
#ifndef NGOAIVU_COMMON_MUTATION_H_
#define NGOAIVU_COMMON_MUTATION_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/call_context.h"
#include "common/redis_pool.h"
#include "common/write_plan.h"
#include "google/protobuf/message.h"
#include "ngoaivu/events/v1/event.pb.h"

namespace ngoaivu {

// Everything a mutation writes besides its records: its retry answer and
// its events, committed atomically with the records.
struct Mutation {
  RequestRecord request;
  std::string response;  // serialized answer, remembered for retries
  std::vector<events::v1::Event> events;
  absl::Time deadline;
};

// Adds the retry answer and the events of `mutation` to `plan`: events go
// to `stream` (trimmed to about `max_length`) and to the never-trimmed
// history of their subject (`history_prefix` + subject).
void AddMutation(const Mutation& mutation, absl::string_view stream,
                 int64_t max_length, absl::string_view history_prefix,
                 WritePlan* plan);

// Names and fingerprints the requests of one service.
class RequestRecords {
 public:
  RequestRecords(std::string key_prefix, absl::Duration ttl)
      : key_prefix_(std::move(key_prefix)), ttl_(ttl) {}

  // The record of `request`, whose request_id is `request_id`. The
  // fingerprint covers the whole request except its request_id, so reusing
  // an id for another request is detected.
  RequestRecord For(absl::string_view method, absl::string_view request_id,
                    const google::protobuf::Message& request) const;

 private:
  std::string key_prefix_;
  absl::Duration ttl_;
};

// The first answer to `record`, if it was answered; INVALID_ARGUMENT if its
// request_id was used for a different request.
absl::StatusOr<std::optional<std::string>> FindPriorResponse(
    RedisPool& redis, const RequestRecord& record, absl::Time deadline);

// Parses a remembered answer.
template <typename Response>
absl::StatusOr<Response> ParseResponse(const std::string& bytes) {
  Response response;
  if (!response.ParseFromString(bytes)) {
    return absl::InternalError("remembered response does not parse");
  }
  return response;
}

// The answer of a committed plan: the replayed first answer, or `fresh`.
template <typename Response>
absl::StatusOr<Response> AnswerOf(const WriteOutcome& outcome, Response fresh) {
  if (outcome.replayed) return ParseResponse<Response>(outcome.response);
  return fresh;
}

// Attempts of a change whose record keeps changing under it.
inline constexpr int kConflictRetries = 16;

// Runs a mutation once per request_id. The write itself replays a request
// answered before, atomically, so `change` runs first and costs no extra
// round trip; only when it fails before writing (the record moved on since
// the first answer, say) is the first answer looked up with `find_prior`.
// A change computed from a record another writer changed before the write
// landed is ABORTED by the write's guard; with `retry_conflicts` (the
// caller sent no etag) it is computed again.
template <typename Response, typename FindPrior, typename Change>
absl::StatusOr<Response> RunOnce(bool retry_conflicts, FindPrior find_prior,
                                 Change change) {
  for (int attempt = 1;; ++attempt) {
    absl::StatusOr<Response> result = change();
    if (result.ok()) return result;
    absl::StatusOr<std::optional<std::string>> prior = find_prior();
    if (prior.ok() && prior->has_value()) {
      return ParseResponse<Response>(**prior);
    }
    if (prior.status().code() == absl::StatusCode::kInvalidArgument) {
      return prior.status();  // the request_id belongs to another request
    }
    if (!retry_conflicts ||
        result.status().code() != absl::StatusCode::kAborted ||
        attempt == kConflictRetries) {
      return result;
    }
  }
}

// Builds the envelope of an event about `subject`, caused by `call`.
class EventFactory {
 public:
  // `source` like "//ngoaivu/registry"; `type_prefix` like
  // "ngoaivu.registry.v1.".
  EventFactory(std::string source, std::string type_prefix)
      : source_(std::move(source)), type_prefix_(std::move(type_prefix)) {}

  events::v1::Event Make(absl::string_view verb, absl::string_view subject,
                         const google::protobuf::Message& payload,
                         const CallContext& call, absl::string_view request_id,
                         absl::Time now) const;

 private:
  std::string source_;
  std::string type_prefix_;
};

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_MUTATION_H_
