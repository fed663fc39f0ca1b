// The REST/JSON front of the four services: an HTTP request becomes the
// gRPC call its route names, to the service that serves it, with the
// caller's token, trace context and deadline; the answer or the error
// comes back as JSON. No code per method: the routes are the .proto files'
// annotations (http_routes.h).
#ifndef NGOAIVU_SERVICES_GATEWAY_GATEWAY_H_
#define NGOAIVU_SERVICES_GATEWAY_GATEWAY_H_

#include <grpcpp/grpcpp.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

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

struct HttpAnswer {
  int status = 200;
  std::string body;  // JSON
};

class Gateway {
 public:
  // `backends`: service full name (ngoaivu.registry.v1.RegistryService) ->
  // its channel.
  Gateway(RouteTable routes,
          std::map<std::string, std::shared_ptr<grpc::Channel>> backends);

  // The services whose RPCs it serves.
  static std::vector<std::string> ServedServices();

  HttpAnswer Handle(const HttpRequest& request) const;

  const RouteTable& routes() const { return routes_; }

 private:
  RouteTable routes_;
  std::map<std::string, std::shared_ptr<grpc::Channel>> backends_;
};

}  // namespace ngoaivu::gateway

#endif  // NGOAIVU_SERVICES_GATEWAY_GATEWAY_H_
