// The edge between gRPC and the rest: statuses out, call context in.
#ifndef NGOAIVU_COMMON_GRPC_TRANSLATION_H_
#define NGOAIVU_COMMON_GRPC_TRANSLATION_H_

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/call_context.h"

namespace ngoaivu {

// absl::Status to gRPC status; field violations become a google.rpc.Status
// with a BadRequest detail (the `grpc-status-details-bin` trailer).
grpc::Status ToGrpcStatus(const absl::Status& status);

// Copies the value of `result` into `*out` or returns its error.
template <typename Message>
grpc::Status Respond(absl::StatusOr<Message> result, Message* out) {
  if (!result.ok()) return ToGrpcStatus(result.status());
  *out = std::move(*result);
  return grpc::Status::OK;
}

// The call's deadline (capped at `max_wait`, so a call without a deadline
// cannot hold a thread forever), the received trace context (a new one when
// the call brought none) and actor.
CallContext CallContextOf(const grpc::ServerContextBase& context,
                          absl::Duration max_wait = absl::Seconds(30));

absl::Time DeadlineOf(const grpc::ServerContextBase& context,
                      absl::Duration max_wait);

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_GRPC_TRANSLATION_H_
