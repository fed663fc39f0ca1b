// The REST paths of the suite's RPCs, read from the `google.api.http`
// annotations of the compiled-in .proto files (AIP-127): which method a
// verb and path call, and which request fields the path binds. Plain C++
// over protobuf descriptors: no gRPC, no HTTP server.
#ifndef NGOAIVU_SERVICES_GATEWAY_HTTP_ROUTES_H_
#define NGOAIVU_SERVICES_GATEWAY_HTTP_ROUTES_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "google/api/http.pb.h"
#include "google/protobuf/descriptor.h"

namespace ngoaivu::gateway {

// One `{field=pattern}` or literal segment run of a path template.
struct PathTemplate {
  struct Segment {
    std::string literal;          // when not a variable
    bool wildcard = false;        // `*`: one segment
    bool multi_wildcard = false;  // `**`: one or more segments
    int variable = -1;            // index in `variables` it belongs to
  };
  std::vector<Segment> segments;
  std::vector<std::string> variables;  // field paths: "name", "agency.name"
  std::string verb;                    // after ':' ("approve"), or ""
};

// "/v1/{name=agencies/*}:resolve" as segments; an error for a template
// that is not one (an unbalanced brace, an empty segment).
absl::StatusOr<PathTemplate> ParsePathTemplate(const std::string& text);

struct Route {
  std::string http_method;  // GET, POST, PATCH, PUT, DELETE
  std::string path;         // the template as written
  PathTemplate path_template;
  std::string body;  // "", "*" or a field name
  const google::protobuf::MethodDescriptor* method = nullptr;
  // Whether the answer is a stream (served as Server-Sent Events).
  bool server_streaming = false;
};

// The route of one HTTP rule (not its additional bindings) of `method`;
// an error for a rule without a path or with a template that does not
// parse.
absl::StatusOr<Route> RouteOf(const google::api::HttpRule& rule,
                              const google::protobuf::MethodDescriptor* method);

struct RouteMatch {
  const Route* route = nullptr;
  // Field path -> value, as bound by the path: "name" -> "agencies/SCT".
  std::map<std::string, std::string> bindings;
};

class RouteTable {
 public:
  // The routes of every method of `services` (full names), with their
  // additional bindings; an error names a method without an annotation or
  // with a template that does not parse.
  static absl::StatusOr<RouteTable> FromServices(
      const std::vector<std::string>& services);

  // The route for `http_method` and `path` (without the query), or nothing.
  std::optional<RouteMatch> Match(const std::string& http_method,
                                  const std::string& path) const;
  // Whether some route has this path with another method (405, not 404).
  bool PathKnown(const std::string& path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace ngoaivu::gateway

#endif  // NGOAIVU_SERVICES_GATEWAY_HTTP_ROUTES_H_
