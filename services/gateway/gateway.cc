#include "services/gateway/gateway.h"

#include <grpcpp/generic/generic_stub.h>

#include <chrono>
#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/event_payloads.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
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

std::vector<std::pair<std::string, std::string>> ForwardedMetadata(
    const HttpRequest& request) {
  std::vector<std::pair<std::string, std::string>> metadata;
  for (const char* header : kForwardedHeaders) {
    const auto found = request.headers.find(header);
    if (found != request.headers.end()) {
      metadata.emplace_back(header, found->second);
    }
  }
  return metadata;
}

// One message as a Server-Sent Event: its `cursor` as the id, a heartbeat
// as a comment (it keeps proxies from closing a quiet stream).
std::string EventText(const google::protobuf::Message& message) {
  const auto* d = message.GetDescriptor();
  const auto* r = message.GetReflection();
  const auto* heartbeat = d->FindFieldByName("heartbeat");
  if (heartbeat != nullptr &&
      heartbeat->type() == google::protobuf::FieldDescriptor::TYPE_BOOL &&
      r->GetBool(message, heartbeat)) {
    return ": heartbeat\n\n";
  }
  std::string text;
  const auto* cursor = d->FindFieldByName("cursor");
  if (cursor != nullptr &&
      cursor->type() == google::protobuf::FieldDescriptor::TYPE_STRING &&
      !r->GetString(message, cursor).empty()) {
    text = absl::StrCat("id: ", r->GetString(message, cursor), "\n");
  }
  return absl::StrCat(text, "data: ", ResponseJson(message), "\n\n");
}

HttpAnswer Error(int grpc_code, const std::string& message,
                 const std::string& details = "");

// The calling thread's completion queue for its unary calls, one call at a
// time; shut down and drained when the thread ends.
grpc::CompletionQueue& ThreadQueue() {
  struct Owned {
    ~Owned() {
      queue.Shutdown();
      void* tag = nullptr;
      bool ok = false;
      while (queue.Next(&tag, &ok)) {
      }
    }
    grpc::CompletionQueue queue;
  };
  thread_local Owned owned;
  return owned.queue;
}

// The gateway's own refusal of a request, as the services refuse one:
// INVALID_ARGUMENT with a field violation naming the field or parameter
// ("page_size: 'many' is not a int32").
HttpAnswer InvalidArgument(absl::string_view message) {
  google::rpc::Status status;
  status.set_code(grpc::INVALID_ARGUMENT);
  status.set_message(std::string(message));
  const size_t colon = message.find(": ");
  if (colon != absl::string_view::npos &&
      message.substr(0, colon).find(' ') == absl::string_view::npos) {
    google::rpc::BadRequest bad;
    auto* violation = bad.add_field_violations();
    violation->set_field(std::string(message.substr(0, colon)));
    violation->set_description(std::string(message.substr(colon + 2)));
    status.add_details()->PackFrom(bad);
  }
  return Error(grpc::INVALID_ARGUMENT, status.message(),
               status.SerializeAsString());
}

HttpAnswer Error(int grpc_code, const std::string& message,
                 const std::string& details) {
  return {HttpStatusOf(grpc_code), ErrorJson(grpc_code, message, details),
          nullptr, ""};
}

// The call's time from X-Server-Timeout (kDefaultCallSeconds without it);
// sets `refused` when the header is not a positive number, or under a
// millisecond: no call can be made in time, said at once rather than left
// to race the answer.
double CallSeconds(const HttpRequest& request,
                   std::optional<HttpAnswer>* refused) {
  double seconds = kDefaultCallSeconds;
  const auto timeout = request.headers.find("x-server-timeout");
  if (timeout != request.headers.end() &&
      (!absl::SimpleAtod(timeout->second, &seconds) || seconds <= 0)) {
    *refused = InvalidArgument("X-Server-Timeout: seconds, a positive number");
  } else if (seconds < 0.001) {
    *refused =
        Error(grpc::DEADLINE_EXCEEDED,
              "X-Server-Timeout: under a millisecond, too short for a call");
  }
  return seconds;
}

}  // namespace

Gateway::Gateway(RouteTable routes,
                 std::map<std::string, std::shared_ptr<grpc::Channel>> backends,
                 int max_streams)
    : routes_(std::move(routes)), max_streams_(max_streams) {
  for (auto& [service, channel] : backends) {
    stubs_[service] = std::make_unique<grpc::GenericStub>(std::move(channel));
  }
  // The error details a service may send and the events' payloads,
  // resolvable when printed as JSON.
  LinkEventPayloads();
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
      notifications::v1::StreamEventsRequest::descriptor()
          ->file()
          ->FindServiceByName("EventService")
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
  HttpAnswer answer = Call(*match, request);
  answer.rpc = absl::StrCat(match->route->method->service()->full_name(), "/",
                            match->route->method->name());
  return answer;
}

HttpAnswer Gateway::Call(const RouteMatch& match,
                         const HttpRequest& request) const {
  auto query = request.query;
  const auto last_event = request.headers.find("last-event-id");
  if (match.route->server_streaming && last_event != request.headers.end() &&
      match.route->method->input_type()->FindFieldByName("after") != nullptr) {
    query.emplace_back("after", last_event->second);
  }
  auto message = RequestFromHttp(match, query, request.body);
  if (!message.ok()) return InvalidArgument(message.status().message());
  const google::protobuf::MethodDescriptor* method = match.route->method;
  const auto backend = stubs_.find(method->service()->full_name());
  if (backend == stubs_.end()) {
    return Error(grpc::UNIMPLEMENTED,
                 absl::StrCat("no backend for ", method->service()->name()));
  }
  grpc::ClientContext context;
  const auto metadata = ForwardedMetadata(request);
  if (match.route->server_streaming) {
    if (streams_.fetch_add(1) >= max_streams_) {
      streams_.fetch_sub(1);
      return Error(grpc::RESOURCE_EXHAUSTED,
                   absl::StrCat("the gateway has ", max_streams_,
                                " event streams open, its most; resume from "
                                "your cursor in a moment"));
    }
    HttpAnswer answer;
    answer.stream = std::make_shared<PreparedStream>();
    answer.stream->release = [counter = streams_counter_] {
      counter->fetch_sub(1);
    };
    answer.stream->method = method;
    answer.stream->request = *std::move(message);
    answer.stream->metadata = metadata;
    answer.stream->stub = backend->second.get();
    return answer;
  }
  for (const auto& [key, value] : metadata) context.AddMetadata(key, value);
  std::optional<HttpAnswer> refused;
  const double seconds = CallSeconds(request, &refused);
  if (refused.has_value()) return *std::move(refused);
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::microseconds(static_cast<int64_t>(
                           std::min(seconds, kLongestCall) * 1e6)));
  grpc::GenericStub& stub = *backend->second;
  const grpc::ByteBuffer sent = ToByteBuffer((*message)->SerializeAsString());
  grpc::ByteBuffer received;
  // This thread waits on its own queue and so drives the call itself: no
  // hand-off to one of gRPC's threads and back (a wake-up each way).
  grpc::CompletionQueue& queue = ThreadQueue();
  auto call = stub.PrepareUnaryCall(
      &context,
      absl::StrCat("/", method->service()->full_name(), "/", method->name()),
      sent, &queue);
  call->StartCall();
  grpc::Status status;
  call->Finish(&received, &status, &queue);
  void* tag = nullptr;
  bool ok = false;
  queue.Next(&tag, &ok);
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
  return {200, ResponseJson(*answer), nullptr, ""};
}

}  // namespace ngoaivu::gateway

namespace ngoaivu::gateway {

void Gateway::RunStream(
    const PreparedStream& stream,
    const std::function<bool(const std::string&)>& write) const {
  grpc::ClientContext context;
  for (const auto& [key, value] : stream.metadata) {
    context.AddMetadata(key, value);
  }
  {
    std::lock_guard<std::mutex> lock(streams_mutex_);
    if (cancelled_) return;
    open_streams_.insert(&context);
  }
  grpc::CompletionQueue queue;
  grpc::GenericStub& stub = *stream.stub;
  // A server stream called as a generic one: the request, then answers
  // until the service ends it.
  auto call =
      stub.PrepareCall(&context,
                       absl::StrCat("/", stream.method->service()->full_name(),
                                    "/", stream.method->name()),
                       &queue);
  void* tag = nullptr;
  bool ok = false;
  const auto step = [&queue, &tag, &ok] { return queue.Next(&tag, &ok) && ok; };
  call->StartCall(nullptr);
  bool open = step();
  if (open) {
    call->Write(ToByteBuffer(stream.request->SerializeAsString()), nullptr);
    open = step();
  }
  if (open) {
    call->WritesDone(nullptr);
    open = step();
  }
  std::unique_ptr<google::protobuf::Message> answer(
      google::protobuf::MessageFactory::generated_factory()
          ->GetPrototype(stream.method->output_type())
          ->New());
  grpc::ByteBuffer received;
  while (open) {
    call->Read(&received, nullptr);
    if (!step()) break;
    if (!answer->ParseFromString(FromByteBuffer(received)) ||
        !write(EventText(*answer))) {
      context.TryCancel();
      break;
    }
  }
  grpc::Status status;
  call->Finish(&status, nullptr);
  queue.Next(&tag, &ok);
  if (!status.ok() && status.error_code() != grpc::CANCELLED) {
    write(absl::StrCat("event: error\ndata: ",
                       ErrorJson(status.error_code(), status.error_message(),
                                 status.error_details()),
                       "\n\n"));
  }
  {
    std::lock_guard<std::mutex> lock(streams_mutex_);
    open_streams_.erase(&context);
  }
  queue.Shutdown();
  while (queue.Next(&tag, &ok)) {
  }
}

void Gateway::CancelStreams() const {
  std::lock_guard<std::mutex> lock(streams_mutex_);
  cancelled_ = true;
  for (grpc::ClientContext* context : open_streams_) context->TryCancel();
}

}  // namespace ngoaivu::gateway
