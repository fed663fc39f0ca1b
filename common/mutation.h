// A mutation as use cases write it, with no storage in sight: one request
// answered once per request_id, the events it emits, and the Mutation the
// store commits atomically with the records (common/redis_store.h turns it
// into one guarded write).
//
//   return runner_.Run<v1::Agency>(call, "UpdateAgency", request,
//       request.request_id(), /*retry_conflicts=*/etag.empty(),
//       [&](MutationScope& m) -> absl::StatusOr<v1::Agency> {
//         ... read, decide ...
//         m.Emit("agency.updated", next.name(), payload);
//         return m.Answer(store_->SaveAgency(next, &current, m.Build(next)),
//                         next);
//       });
#ifndef NGOAIVU_COMMON_MUTATION_H_
#define NGOAIVU_COMMON_MUTATION_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/call_context.h"
#include "common/clock.h"
#include "google/protobuf/message.h"
#include "ngoaivu/events/v1/event.pb.h"

namespace ngoaivu {

// Identifies a request for replay: a retry with the same request_id gets the
// first answer instead of acting twice.
struct RequestRecord {
  // "<Method>:<request_id>"; empty for work the service does on its own
  // (a scheduler pass, an event's effect), which has no caller to answer.
  std::string id;
  // SHA-256 of the whole request, so an id reused for another request is
  // told apart.
  std::string fingerprint;
  absl::Duration ttl = absl::Hours(24);

  bool empty() const { return id.empty(); }
};

// What a committed (or replayed) mutation returned.
struct WriteOutcome {
  // True when the request_id had already been answered: `response` holds
  // that first answer and nothing was written now.
  bool replayed = false;
  std::string response;
  // The stream entry id of the last event written (empty when replayed).
  std::string stream_id;
};

// Everything a mutation writes besides its records: its retry answer and its
// events, committed atomically with them.
struct Mutation {
  RequestRecord request;
  std::string response;  // serialized answer, remembered for retries
  std::vector<events::v1::Event> events;
  absl::Time deadline = absl::InfiniteFuture();
};

// The store's half of replay; every service's store interface extends it.
class RequestLog {
 public:
  virtual ~RequestLog() = default;
  // The first answer to `request` if it was answered; INVALID_ARGUMENT if
  // its request_id was used for a different request.
  virtual absl::StatusOr<std::optional<std::string>> FindResponse(
      const RequestRecord& request, absl::Time deadline) = 0;
};

// The record of `request`, called `method`, whose request_id is
// `request_id`.
RequestRecord RecordOfRequest(absl::string_view method,
                              absl::string_view request_id,
                              const google::protobuf::Message& request,
                              absl::Duration ttl);

template <typename Response>
absl::StatusOr<Response> ParseResponse(const std::string& bytes) {
  Response response;
  if (!response.ParseFromString(bytes)) {
    return absl::InternalError("remembered response does not parse");
  }
  return response;
}

// The answer of a committed write: the replayed first answer, or `fresh`.
template <typename Response>
absl::StatusOr<Response> AnswerOf(const absl::StatusOr<WriteOutcome>& outcome,
                                  Response fresh) {
  if (!outcome.ok()) return outcome.status();
  if (outcome->replayed) return ParseResponse<Response>(outcome->response);
  return fresh;
}

// Attempts of a change whose record keeps changing under it.
inline constexpr int kConflictRetries = 16;

// Runs `change` until it succeeds, replaying a request answered before. The
// write itself replays an answered request atomically, so `change` runs
// first and costs no extra round trip; only when it fails before writing
// (the record moved on since the first answer, say) is the first answer
// looked up with `find_prior`. A change computed from a record another
// writer changed first is ABORTED by the write's guard; with
// `retry_conflicts` (the caller sent no etag) it is computed again.
template <typename Response, typename FindPrior, typename Change>
absl::StatusOr<Response> RunReplayingRequest(bool retry_conflicts,
                                             FindPrior find_prior,
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

// Builds the envelope of a service's events.
class EventFactory {
 public:
  // `service` like "registry": source "//ngoaivu/registry", types
  // "ngoaivu.registry.v1.<verb>".
  explicit EventFactory(absl::string_view service);

  events::v1::Event Make(absl::string_view verb, absl::string_view subject,
                         const google::protobuf::Message& payload,
                         const CallContext& call, absl::string_view request_id,
                         absl::Time now) const;

 private:
  std::string source_;
  std::string type_prefix_;
};

// One attempt of a mutation: its instant, its events, and what the store
// commits.
class MutationScope {
 public:
  MutationScope(const EventFactory* events, const CallContext* call,
                RequestRecord request, std::string request_id, absl::Time now)
      : events_(events),
        call_(call),
        request_(std::move(request)),
        request_id_(std::move(request_id)),
        now_(now) {}

  // One instant for the whole change: every time it stamps is the same.
  absl::Time now() const { return now_; }
  const CallContext& call() const { return *call_; }
  absl::Time deadline() const { return call_->deadline; }

  // Adds an event about `subject`, in order.
  void Emit(absl::string_view verb, absl::string_view subject,
            const google::protobuf::Message& payload);
  // What the store commits: the events so far, with `response` as the retry
  // answer.
  Mutation Build(const google::protobuf::Message& response) const;
  // The answer of the commit: the first answer when replayed, else `fresh`.
  template <typename Response>
  absl::StatusOr<Response> Answer(const absl::StatusOr<WriteOutcome>& outcome,
                                  Response fresh) const {
    return AnswerOf(outcome, std::move(fresh));
  }

 private:
  const EventFactory* events_;
  const CallContext* call_;
  RequestRecord request_;
  std::string request_id_;
  absl::Time now_;
  std::vector<events::v1::Event> emitted_;
};

// Runs a service's mutations: each request once per request_id, each
// attempt with a fresh scope, events from the service's one source.
class MutationRunner {
 public:
  MutationRunner(absl::string_view service, RequestLog* log, const Clock* clock,
                 absl::Duration request_ttl);

  // Runs `change(MutationScope&)` for `request` (whose id is `request_id`),
  // replaying its first answer if it was answered before; with
  // `retry_conflicts` (the caller sent no etag), a change that lost a race
  // to another writer is computed again.
  template <typename Response, typename Change>
  absl::StatusOr<Response> Run(const CallContext& call,
                               absl::string_view method,
                               const google::protobuf::Message& request,
                               absl::string_view request_id,
                               bool retry_conflicts, Change change) const {
    const RequestRecord record =
        RecordOfRequest(method, request_id, request, request_ttl_);
    return RunReplayingRequest<Response>(
        retry_conflicts,
        [&] { return log_->FindResponse(record, call.deadline); },
        [&] {
          MutationScope scope(&events_, &call, record, std::string(request_id),
                              clock_->Now());
          return change(scope);
        });
  }

  // A change the service makes on its own (a scheduler pass, an event's
  // effect): nothing to replay, no request_id on its events.
  MutationScope Internal(const CallContext& call) const {
    return MutationScope(&events_, &call, RequestRecord{}, "", clock_->Now());
  }

  const Clock& clock() const { return *clock_; }

 private:
  RequestLog* log_;
  const Clock* clock_;
  absl::Duration request_ttl_;
  EventFactory events_;
};

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_MUTATION_H_
