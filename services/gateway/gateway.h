// The REST/JSON front of the four services: an HTTP request becomes the
// gRPC call its route names, to the service that serves it, with the
// caller's token, trace context and deadline; the answer or the error
// comes back as JSON. No code per method: the routes are the .proto files'
// annotations (http_routes.h).
#ifndef NGOAIVU_SERVICES_GATEWAY_GATEWAY_H_
#define NGOAIVU_SERVICES_GATEWAY_GATEWAY_H_

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

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

// A server-streaming call ready to run: what RunStream() sends.
struct PreparedStream {
  const google::protobuf::MethodDescriptor* method = nullptr;
  std::unique_ptr<google::protobuf::Message> request;
  std::vector<std::pair<std::string, std::string>> metadata;
  grpc::GenericStub* stub = nullptr;  // the Gateway's, for the service
};

struct HttpAnswer {
  int status = 200;
  std::string body;  // JSON
  // Set (with status 200 and no body) when the answer is a stream of
  // Server-Sent Events: the HTTP server runs it with RunStream().
  std::shared_ptr<PreparedStream> stream;
};

class Gateway {
 public:
  // `backends`: service full name (ngoaivu.registry.v1.RegistryService) ->
  // its channel.
  Gateway(RouteTable routes,
          std::map<std::string, std::shared_ptr<grpc::Channel>> backends);

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

 private:
  RouteTable routes_;
  // One stub per service (stubs are thread-safe), made once.
  std::map<std::string, std::unique_ptr<grpc::GenericStub>> stubs_;
  mutable std::mutex streams_mutex_;
  mutable std::set<grpc::ClientContext*> open_streams_;  // by streams_mutex_
  mutable bool cancelled_ = false;                       // by streams_mutex_
};

}  // namespace ngoaivu::gateway

#endif  // NGOAIVU_SERVICES_GATEWAY_GATEWAY_H_
