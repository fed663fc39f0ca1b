// What every admitted or refused call leaves behind: RPC metrics (calls by
// method and code, latency by method) and one JSON access-log line (method,
// code, latency, principal, agency, role, resource, request_id, trace id,
// peer). Successful reads can be sampled; refusals, failures and writes are
// always logged. Never logged: tokens, request bodies, anything but the
// fields named here.
#ifndef NGOAIVU_COMMON_CALL_TELEMETRY_H_
#define NGOAIVU_COMMON_CALL_TELEMETRY_H_

#include <grpcpp/grpcpp.h>

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/call_context.h"
#include "google/protobuf/message.h"

namespace ngoaivu {

struct CallTelemetrySettings {
  bool access_log = true;
  // Share of successful reads (Get*, List*, Watch*, Stream*) logged, 0..1.
  double read_sample = 1.0;
};

class CallTelemetry {
 public:
  // `grpc_service`: "ngoaivu.tasks.v1.TasksService".
  CallTelemetry(std::string grpc_service, CallTelemetrySettings settings);

  // `call` is null when the call was refused before its handler.
  void Observe(const grpc::ServerContextBase& context, absl::string_view method,
               const google::protobuf::Message& request,
               const CallContext* call, const grpc::Status& status,
               absl::Duration latency) const;

 private:
  std::string grpc_service_;
  CallTelemetrySettings settings_;
};

// The name a call is about: the request's `name`, else `parent`, else
// `subject`; "" without one.
std::string ResourceOf(const google::protobuf::Message& request);

// "OK", "INVALID_ARGUMENT", ...
const char* StatusCodeName(grpc::StatusCode code);

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_CALL_TELEMETRY_H_
