#include "common/grpc_translation.h"

#include <algorithm>

#include "absl/time/clock.h"
#include "common/errors.h"
#include "common/ids.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace ngoaivu {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  const std::string message(status.message());
  const std::vector<FieldViolation> violations = FieldViolationsOf(status);
  if (violations.empty()) return grpc::Status(code, message);
  google::rpc::BadRequest bad_request;
  for (const auto& v : violations) {
    auto* out = bad_request.add_field_violations();
    out->set_field(v.field);
    out->set_description(v.description);
  }
  google::rpc::Status details;
  details.set_code(static_cast<int>(code));
  details.set_message(message);
  details.add_details()->PackFrom(bad_request);
  return grpc::Status(code, message, details.SerializeAsString());
}

absl::Time DeadlineOf(const grpc::ServerContextBase& context,
                      absl::Duration max_wait) {
  const absl::Time cap = absl::Now() + max_wait;
  const auto deadline = context.deadline();
  if (deadline == std::chrono::system_clock::time_point::max()) return cap;
  return std::min(cap, absl::FromChrono(deadline));
}

CallContext CallContextOf(const grpc::ServerContextBase& context,
                          absl::Duration max_wait) {
  CallContext call;
  call.deadline = DeadlineOf(context, max_wait);
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("traceparent");
  if (it != metadata.end()) {
    std::string value(it->second.data(), it->second.size());
    if (IsValidTraceparent(value)) call.traceparent = std::move(value);
  }
  // A call that brings no trace starts one: its log line and every event
  // it causes share it.
  if (call.traceparent.empty()) call.traceparent = NewTraceparent();
  return call;
}

}  // namespace ngoaivu
