// HTTP/JSON to and from the protobuf messages of an RPC, by the rules of
// AIP-127: path variables and query parameters set request fields, the
// body is the request (`body: "*"`) or one field of it, answers are
// protobuf's JSON mapping and errors google.rpc.Status as Google's REST
// APIs send it. Plain C++ over descriptors: no gRPC call, no HTTP server.
#ifndef NGOAIVU_SERVICES_GATEWAY_TRANSCODER_H_
#define NGOAIVU_SERVICES_GATEWAY_TRANSCODER_H_

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "services/gateway/http_routes.h"

namespace ngoaivu::gateway {

// The request message of `match`'s method from the path's bindings, the
// query's parameters (`page_size=20`, `types=a&types=b`,
// `update_mask=display_name,phone`, `start_after.year=2026`) and the body.
// INVALID_ARGUMENT (naming the parameter or field) for malformed JSON, an
// unknown field or parameter, a value of the wrong type, or a body where
// the method takes none.
absl::StatusOr<std::unique_ptr<google::protobuf::Message>> RequestFromHttp(
    const RouteMatch& match,
    const std::vector<std::pair<std::string, std::string>>& query,
    const std::string& body);

// A message as the JSON a REST client receives (lowerCamelCase names,
// zeros and empty lists printed).
std::string ResponseJson(const google::protobuf::Message& message);

// The HTTP status of a gRPC code (AIP-193: INVALID_ARGUMENT 400, NOT_FOUND
// 404, ALREADY_EXISTS and ABORTED 409, UNAVAILABLE 503...).
int HttpStatusOf(int grpc_code);

// {"error": {"code": 400, "message": ..., "status": "INVALID_ARGUMENT",
// "details": [...]}}: `details` are the serialized google.rpc.Status's
// details (field violations, precondition failures), if any.
std::string ErrorJson(int grpc_code, const std::string& message,
                      const std::string& serialized_status_details = "");

}  // namespace ngoaivu::gateway

#endif  // NGOAIVU_SERVICES_GATEWAY_TRANSCODER_H_
