// Calls one service makes to another. Every one has a deadline; made while
// serving a call, it inherits that call's deadline and cancellation (no work
// outlives the caller's patience), continues its trace, and carries the
// calling service's own identity (its token), not the end user's.
#ifndef NGOAIVU_COMMON_OUTGOING_CALL_H_
#define NGOAIVU_COMMON_OUTGOING_CALL_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/time/time.h"

namespace ngoaivu {

std::unique_ptr<grpc::ClientContext> OutgoingCall(
    const grpc::ServerContext& serving, const std::string& service_token);

// A call not made on behalf of another (a background job): its own deadline.
std::unique_ptr<grpc::ClientContext> OutgoingCall(
    absl::Duration timeout, const std::string& service_token);

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_OUTGOING_CALL_H_
