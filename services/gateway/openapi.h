// An OpenAPI 3 document of the REST paths, generated from the services'
// descriptor set (with its comments): each annotated method an operation,
// each message a schema, the bearer token its security scheme.
#ifndef NGOAIVU_SERVICES_GATEWAY_OPENAPI_H_
#define NGOAIVU_SERVICES_GATEWAY_OPENAPI_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/descriptor.pb.h"

namespace ngoaivu::gateway {

// The document as JSON, for `services` (full names) of `files`.
absl::StatusOr<std::string> OpenApiDocument(
    const google::protobuf::FileDescriptorSet& files,
    const std::vector<std::string>& services);

// "/v1/{name=agencies/*/officials/*}:history" ->
// "/v1/agencies/{agency}/officials/{official}:history", and the parameter
// names in order.
std::string OpenApiPath(const std::string& http_path,
                        std::vector<std::string>* parameters);

}  // namespace ngoaivu::gateway

#endif  // NGOAIVU_SERVICES_GATEWAY_OPENAPI_H_
