#include "common/call_telemetry.h"

#include <random>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
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

// The string fields a call's log line names, found once per request type.
struct LoggedFields {
  const google::protobuf::FieldDescriptor* resource[3] = {};  // first set wins
  const google::protobuf::FieldDescriptor* request_id = nullptr;
};

const google::protobuf::FieldDescriptor* SingularString(
    const google::protobuf::Descriptor* type, const char* name) {
  const auto* field = type->FindFieldByName(name);
  if (field == nullptr || field->is_repeated() ||
      field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_STRING) {
    return nullptr;
  }
  return field;
}

const LoggedFields& LoggedFieldsOf(const google::protobuf::Descriptor* type) {
  thread_local absl::flat_hash_map<const google::protobuf::Descriptor*,
                                   LoggedFields>
      known;
  auto [it, added] = known.try_emplace(type);
  if (added) {
    const char* names[] = {"name", "parent", "subject"};
    for (int i = 0; i < 3; ++i) {
      it->second.resource[i] = SingularString(type, names[i]);
    }
    it->second.request_id = SingularString(type, "request_id");
  }
  return it->second;
}

std::string StringOf(const google::protobuf::Message& message,
                     const google::protobuf::FieldDescriptor* field) {
  return field == nullptr ? std::string()
                          : message.GetReflection()->GetString(message, field);
}

// The trace id of a W3C traceparent "00-<trace id>-<span id>-<flags>".
std::string TraceIdOf(absl::string_view traceparent) {
  const size_t first = traceparent.find('-');
  if (first == absl::string_view::npos) return "";
  const size_t second = traceparent.find('-', first + 1);
  const size_t third = second == absl::string_view::npos
                           ? second
                           : traceparent.find('-', second + 1);
  if (third == absl::string_view::npos ||
      traceparent.find('-', third + 1) != absl::string_view::npos) {
    return "";
  }
  return std::string(traceparent.substr(first + 1, second - first - 1));
}

// A method's metrics, found once per thread (not by label maps per call).
struct MethodMetrics {
  std::string full_method;
  prometheus::Histogram* duration = nullptr;
  prometheus::Counter* calls[17] = {};
};

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
  for (const auto* field : LoggedFieldsOf(request.GetDescriptor()).resource) {
    std::string value = StringOf(request, field);
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
  // By service, then method (a process, or a test, may serve several).
  thread_local absl::flat_hash_map<
      std::string, absl::flat_hash_map<std::string, MethodMetrics>>
      services;
  auto service = services.find(grpc_service_);
  if (service == services.end()) {
    service = services.emplace(grpc_service_, 0).first;
  }
  auto known = service->second.find(method);
  if (known == service->second.end()) {
    known = service->second.emplace(std::string(method), MethodMetrics{}).first;
    known->second.full_method = absl::StrCat(grpc_service_, "/", method);
    known->second.duration =
        &HistogramOf(durations, {{"method", known->second.full_method}});
  }
  MethodMetrics& m = known->second;
  const int code_index = static_cast<int>(status.error_code());
  const char* code = StatusCodeName(status.error_code());
  prometheus::Counter*& counter =
      m.calls[code_index >= 0 && code_index < 17 ? code_index : 2];
  if (counter == nullptr) {
    counter = &CounterOf(calls, {{"method", m.full_method}, {"code", code}});
  }
  counter->Increment();
  m.duration->Observe(Seconds(latency));
  const std::string& full_method = m.full_method;

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
       {"request_id",
        StringOf(request, LoggedFieldsOf(request.GetDescriptor()).request_id)},
       {"trace_id", TraceIdOf(traceparent)},
       {"peer", context.peer()},
       {"error", status.ok() ? "" : status.error_message()}});
}

}  // namespace ngoaivu
