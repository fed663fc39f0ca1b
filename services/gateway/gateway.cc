#include "services/gateway/gateway.h"

#include <grpcpp/generic/generic_stub.h>

#include <chrono>
#include <future>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "ngoaivu/delegations/v1/delegations_service.pb.h"
#include "ngoaivu/notifications/v1/notifications_service.pb.h"
#include "ngoaivu/registry/v1/registry_service.pb.h"
#include "ngoaivu/tasks/v1/tasks_service.pb.h"
#include "services/gateway/transcoder.h"

namespace ngoaivu::gateway {
namespace {

// A call without X-Server-Timeout gets this long; none gets more than
// kLongestCall.
constexpr double kDefaultCallSeconds = 30;
constexpr double kLongestCall = 300;

// The headers passed on as gRPC metadata.
constexpr const char* kForwardedHeaders[] = {"authorization", "traceparent",
                                             "tracestate", "ngoaivu-backfill"};

// Bytes in a gRPC byte buffer, and back.
grpc::ByteBuffer ToByteBuffer(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

std::string FromByteBuffer(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  (void)buffer.Dump(&slices);
  std::string bytes;
  for (const grpc::Slice& s : slices) {
    bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  return bytes;
}

HttpAnswer Error(int grpc_code, const std::string& message,
                 const std::string& details = "") {
  return {HttpStatusOf(grpc_code), ErrorJson(grpc_code, message, details)};
}

}  // namespace

Gateway::Gateway(RouteTable routes,
                 std::map<std::string, std::shared_ptr<grpc::Channel>> backends)
    : routes_(std::move(routes)), backends_(std::move(backends)) {
  // The error details a service may send, resolvable when printed as JSON.
  google::rpc::BadRequest::descriptor();
  google::rpc::PreconditionFailure::descriptor();
  google::rpc::ErrorInfo::descriptor();
}

std::vector<std::string> Gateway::ServedServices() {
  // Named through their descriptors, so that each file is linked in.
  return {
      registry::v1::GetAgencyRequest::descriptor()
          ->file()
          ->service(0)
          ->full_name(),
      tasks::v1::GetProgrammeRequest::descriptor()
          ->file()
          ->service(0)
          ->full_name(),
      delegations::v1::GetDelegationRequest::descriptor()
          ->file()
          ->service(0)
          ->full_name(),
      notifications::v1::ListNotificationsRequest::descriptor()
          ->file()
          ->FindServiceByName("NotificationsService")
          ->full_name(),
  };
}

HttpAnswer Gateway::Handle(const HttpRequest& request) const {
  const std::optional<RouteMatch> match =
      routes_.Match(request.method, request.path);
  if (!match) {
    if (routes_.PathKnown(request.path)) {
      return Error(
          grpc::UNIMPLEMENTED,
          absl::StrCat(request.method, " is not a method of ", request.path));
    }
    return Error(grpc::NOT_FOUND, absl::StrCat("no method at ", request.path,
                                               "; /openapi.json lists them"));
  }
  if (match->route->server_streaming) {
    return Error(grpc::UNIMPLEMENTED,
                 absl::StrCat(match->route->method->full_name(),
                              " streams; use gRPC for it"));
  }
  auto message = RequestFromHttp(*match, request.query, request.body);
  if (!message.ok()) {
    return Error(grpc::INVALID_ARGUMENT,
                 std::string(message.status().message()));
  }
  const google::protobuf::MethodDescriptor* method = match->route->method;
  const auto backend = backends_.find(method->service()->full_name());
  if (backend == backends_.end()) {
    return Error(grpc::UNIMPLEMENTED,
                 absl::StrCat("no backend for ", method->service()->name()));
  }
  grpc::ClientContext context;
  for (const char* header : kForwardedHeaders) {
    const auto found = request.headers.find(header);
    if (found != request.headers.end()) {
      context.AddMetadata(header, found->second);
    }
  }
  double seconds = kDefaultCallSeconds;
  const auto timeout = request.headers.find("x-server-timeout");
  if (timeout != request.headers.end() &&
      (!absl::SimpleAtod(timeout->second, &seconds) || seconds <= 0)) {
    return Error(grpc::INVALID_ARGUMENT,
                 "X-Server-Timeout: seconds, a positive number");
  }
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::milliseconds(static_cast<int64_t>(
                           std::min(seconds, kLongestCall) * 1000)));
  grpc::GenericStub stub(backend->second);
  const grpc::ByteBuffer sent = ToByteBuffer((*message)->SerializeAsString());
  grpc::ByteBuffer received;
  std::promise<grpc::Status> done;
  stub.UnaryCall(
      &context,
      absl::StrCat("/", method->service()->full_name(), "/", method->name()),
      grpc::StubOptions(), &sent, &received,
      [&done](grpc::Status status) { done.set_value(status); });
  const grpc::Status status = done.get_future().get();
  if (!status.ok()) {
    return Error(status.error_code(), status.error_message(),
                 status.error_details());
  }
  std::unique_ptr<google::protobuf::Message> answer(
      google::protobuf::MessageFactory::generated_factory()
          ->GetPrototype(method->output_type())
          ->New());
  if (!answer->ParseFromString(FromByteBuffer(received))) {
    return Error(grpc::INTERNAL, "the service's answer did not parse");
  }
  return {200, ResponseJson(*answer)};
}

}  // namespace ngoaivu::gateway
