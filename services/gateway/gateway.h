// The REST/JSON front of the four services: an HTTP request becomes the
// gRPC call its route names, to the service that serves it, with the
// caller's token, trace context and deadline; the answer or the error
// comes back as JSON. No code per method: the routes are the .proto files'
// annotations (http_routes.h).
#ifndef NGOAIVU_SERVICES_GATEWAY_GATEWAY_H_
#define NGOAIVU_SERVICES_GATEWAY_GATEWAY_H_

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "google/protobuf/message.h"
#include "services/gateway/http_routes.h"

namespace ngoaivu::gateway {

struct HttpRequest {
  std::string method;  // GET, POST...
  std::string path;    // without the query
  std::vector<std::pair<std::string, std::string>> query;
  // Lower-case names: authorization, traceparent, x-server-timeout...
  std::map<std::string, std::string> headers;
  std::string body;
};

// A server-streaming call ready to run: what RunStream() sends. It holds
// one of the gateway's --max-streams places until it is destroyed.
struct PreparedStream {
  ~PreparedStream() {
    if (release) release();
  }
  const google::protobuf::MethodDescriptor* method = nullptr;
  std::unique_ptr<google::protobuf::Message> request;
  std::vector<std::pair<std::string, std::string>> metadata;
  grpc::GenericStub* stub = nullptr;  // the Gateway's, for the service
  std::function<void()> release;
};

struct HttpAnswer {
  int status = 200;
  std::string body;  // JSON
  // Set (with status 200 and no body) when the answer is a stream of
  // Server-Sent Events: the HTTP server runs it with RunStream().
  std::shared_ptr<PreparedStream> stream;
  // The RPC the request named ("ngoaivu.registry.v1.RegistryService/
  // GetAgency"), empty when it named none: for metrics.
  std::string rpc;
};

class Gateway {
 public:
  // `backends`: service full name (ngoaivu.registry.v1.RegistryService) ->
  // its channel.
  // At most `max_streams` streams are open at once; one more is refused
  // with RESOURCE_EXHAUSTED (HTTP 429).
  Gateway(RouteTable routes,
          std::map<std::string, std::shared_ptr<grpc::Channel>> backends,
          int max_streams = 1024);

  // The services whose RPCs it serves: registry, tasks, delegations,
  // notifications and the event stream (served by notifications).
  static std::vector<std::string> ServedServices();

  HttpAnswer Handle(const HttpRequest& request) const;

  // Runs a stream until it ends, the client goes (`write` returns false) or
  // CancelStreams(): each message is an event whose id is its `cursor`
  // (what `Last-Event-ID` resumes after), a heartbeat a comment line, an
  // error a last `event: error` with the google.rpc.Status JSON.
  void RunStream(const PreparedStream& stream,
                 const std::function<bool(const std::string&)>& write) const;

  // Ends every open stream (at shutdown: they would run forever).
  void CancelStreams() const;

  const RouteTable& routes() const { return routes_; }
  int open_streams() const { return streams_.load(); }

 private:
  // A request whose route matched: the call, or the stream prepared.
  HttpAnswer Call(const RouteMatch& match, const HttpRequest& request) const;

  RouteTable routes_;
  const int max_streams_;
  // Streams prepared and not yet ended (PreparedStream::release).
  std::shared_ptr<std::atomic<int>> streams_counter_ =
      std::make_shared<std::atomic<int>>(0);
  std::atomic<int>& streams_ = *streams_counter_;
  // One stub per service (stubs are thread-safe), made once.
  std::map<std::string, std::unique_ptr<grpc::GenericStub>> stubs_;
  mutable std::mutex streams_mutex_;
  mutable std::set<grpc::ClientContext*> open_streams_;  // by streams_mutex_
  mutable bool cancelled_ = false;                       // by streams_mutex_
};

}  // namespace ngoaivu::gateway

#endif  // NGOAIVU_SERVICES_GATEWAY_GATEWAY_H_
