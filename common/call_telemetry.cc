#include "common/call_telemetry.h"

#include <random>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/log.h"
#include "common/metrics.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/reflection.h"

namespace ngoaivu {
namespace {

bool IsRead(absl::string_view method) {
  for (absl::string_view prefix : {"Get", "List", "Watch", "Stream"}) {
    if (absl::StartsWith(method, prefix)) return true;
  }
  return false;
}

std::string StringField(const google::protobuf::Message& message,
                        const char* name) {
  const auto* field = message.GetDescriptor()->FindFieldByName(name);
  if (field == nullptr || field->is_repeated() ||
      field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_STRING) {
    return "";
  }
  return message.GetReflection()->GetString(message, field);
}

// The trace id of a W3C traceparent "00-<trace id>-<span id>-<flags>".
std::string TraceIdOf(absl::string_view traceparent) {
  std::vector<absl::string_view> parts = absl::StrSplit(traceparent, '-');
  return parts.size() == 4 ? std::string(parts[1]) : "";
}

std::string ReceivedTraceparent(const grpc::ServerContextBase& context) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("traceparent");
  return it == metadata.end()
             ? ""
             : std::string(it->second.data(), it->second.size());
}

bool Sampled(double share) {
  if (share >= 1) return true;
  if (share <= 0) return false;
  thread_local std::minstd_rand random{std::random_device{}()};
  return std::uniform_real_distribution<double>(0, 1)(random) < share;
}

}  // namespace

const char* StatusCodeName(grpc::StatusCode code) {
  static const char* const kNames[] = {"OK",
                                       "CANCELLED",
                                       "UNKNOWN",
                                       "INVALID_ARGUMENT",
                                       "DEADLINE_EXCEEDED",
                                       "NOT_FOUND",
                                       "ALREADY_EXISTS",
                                       "PERMISSION_DENIED",
                                       "RESOURCE_EXHAUSTED",
                                       "FAILED_PRECONDITION",
                                       "ABORTED",
                                       "OUT_OF_RANGE",
                                       "UNIMPLEMENTED",
                                       "INTERNAL",
                                       "UNAVAILABLE",
                                       "DATA_LOSS",
                                       "UNAUTHENTICATED"};
  const int index = static_cast<int>(code);
  return index >= 0 && index < 17 ? kNames[index] : "UNKNOWN";
}

std::string ResourceOf(const google::protobuf::Message& request) {
  for (const char* field : {"name", "parent", "subject"}) {
    std::string value = StringField(request, field);
    if (!value.empty()) return value;
  }
  return "";
}

CallTelemetry::CallTelemetry(std::string grpc_service,
                             CallTelemetrySettings settings)
    : grpc_service_(std::move(grpc_service)), settings_(settings) {}

void CallTelemetry::Observe(const grpc::ServerContextBase& context,
                            absl::string_view method,
                            const google::protobuf::Message& request,
                            const CallContext* call, const grpc::Status& status,
                            absl::Duration latency) const {
  static auto& calls = CounterFamily("ngoaivu_rpc_calls_total",
                                     "RPCs handled, by method and status code");
  static auto& durations = HistogramFamily("ngoaivu_rpc_duration_seconds",
                                           "RPC handling time, by method");
  const std::string full_method = absl::StrCat(grpc_service_, "/", method);
  const char* code = StatusCodeName(status.error_code());
  CounterOf(calls, {{"method", full_method}, {"code", code}}).Increment();
  HistogramOf(durations, {{"method", full_method}}).Observe(Seconds(latency));

  if (!settings_.access_log) return;
  if (status.ok() && IsRead(method) && !Sampled(settings_.read_sample)) return;
  const std::string traceparent =
      call != nullptr ? call->traceparent : ReceivedTraceparent(context);
  const LogLevel level = status.ok() ? LogLevel::kInfo : LogLevel::kWarning;
  Log(level, "rpc",
      {{"method", full_method},
       {"code", code},
       {"latency_ms", absl::StrCat(absl::ToDoubleMilliseconds(latency))},
       {"principal", call != nullptr ? call->actor.subject() : ""},
       {"agency", call != nullptr ? call->actor.agency() : ""},
       {"role", call != nullptr ? call->actor.role() : ""},
       {"resource", ResourceOf(request)},
       {"request_id", StringField(request, "request_id")},
       {"trace_id", TraceIdOf(traceparent)},
       {"peer", context.peer()},
       {"error", status.ok() ? "" : status.error_message()}});
}

}  // namespace ngoaivu
