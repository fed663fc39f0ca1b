// The door every call passes before its handler: it verifies who is calling
// (bearer token; client certificate under mutual TLS), checks the access
// table, and hands the handler a CallContext naming the actor.
//
// gRPC C++ 1.51 server interceptors can observe a call but cannot end it
// before its handler runs, so the guard is one function every method of a
// service's adapter calls first (see Serve below), not an interceptor.
#ifndef NGOAIVU_COMMON_CALL_GUARD_H_
#define NGOAIVU_COMMON_CALL_GUARD_H_

#include <grpcpp/grpcpp.h>

#include <map>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/access_policy.h"
#include "common/call_context.h"
#include "common/call_telemetry.h"
#include "common/grpc_translation.h"
#include "common/jwt.h"
#include "common/text.h"
#include "common/trace_context.h"

namespace ngoaivu {

struct GuardSettings {
  absl::Duration max_call = absl::Seconds(30);
  // Calling systems (client certificate identities) and the methods each
  // may call ("*": all). When not empty, a certificate identity that is not
  // listed is refused.
  std::map<std::string, std::set<std::string>> system_methods;
};

// Parses "id=MethodA,MethodB;id2=*" into GuardSettings::system_methods.
absl::StatusOr<std::map<std::string, std::set<std::string>>> ParseSystemMethods(
    absl::string_view text);

class CallGuard {
 public:
  // `telemetry` (may be null) records every call passed through Serve.
  CallGuard(const JwtVerifier* verifier, const AccessPolicy* policy,
            GuardSettings settings, const CallTelemetry* telemetry = nullptr);

  absl::StatusOr<CallContext> Admit(
      const grpc::ServerContextBase& context, absl::string_view method,
      const google::protobuf::Message& request) const;

  // Metrics and the access log of a call that ends with `status`; `call`
  // is null when Admit refused it.
  void Observe(const grpc::ServerContextBase& context, absl::string_view method,
               const google::protobuf::Message& request,
               const CallContext* call, const grpc::Status& status,
               absl::Time start) const {
    if (telemetry_ != nullptr) {
      telemetry_->Observe(context, method, request, call, status,
                          absl::Now() - start);
    }
  }

 private:
  const JwtVerifier* verifier_;
  const AccessPolicy* policy_;
  GuardSettings settings_;
  const CallTelemetry* telemetry_;
};

// Marks `call` a backfill when its metadata says `ngoaivu-backfill: true`:
// INVALID_ARGUMENT for another value, PERMISSION_DENIED unless the actor
// acts as admin, coordinator or system.
absl::Status MarkBackfill(const grpc::ServerContextBase& context,
                          CallContext* call);

// The identity of the peer's client certificate: SPIFFE id, else URI SAN,
// else DNS SAN, else subject common name; "" without one.
std::string CallingSystemOf(const grpc::ServerContextBase& context);

// Admits the call, then runs `handler(call_context, request)` with every
// text field of the request in NFC (common/text.h), writes its result into
// `response`, and records the call: the body of every method of a service
// adapter.
template <typename Request, typename Response, typename Handler>
grpc::Status Serve(const CallGuard& guard, grpc::ServerContextBase* context,
                   absl::string_view method, const Request& request,
                   Response* response, Handler handler) {
  const absl::Time start = absl::Now();
  auto call = guard.Admit(*context, method, request);
  grpc::Status status;
  if (!call.ok()) {
    status = ToGrpcStatus(call.status());
  } else if (!NeedsNfc(request)) {
    ScopedTrace trace(call->traceparent);
    status = Respond(handler(*call, request), response);
  } else {
    ScopedTrace trace(call->traceparent);
    Request normalized = request;
    NormalizeToNfc(&normalized);
    status = Respond(handler(*call, normalized), response);
  }
  guard.Observe(*context, method, request, call.ok() ? &*call : nullptr, status,
                start);
  return status;
}

}  // namespace ngoaivu

// Defines `Adapter::Method`: a gRPC method of the synchronous server that
// passes the adapter's guard (`guard_`) and hands the request to
// `use_case.Method`. Every method of such an adapter is one of these, so it
// holds no logic to drift. (common/guarded_service.h serves an adapter on
// the callback API instead.)
#define NGOAIVU_GUARDED_METHOD(Adapter, Method, Request, Response, use_case) \
  grpc::Status Adapter::Method(grpc::ServerContext* context,                 \
                               const Request* request, Response* response) { \
    return ::ngoaivu::Serve(                                                 \
        *guard_, context, #Method, *request, response,                       \
        [&](const ::ngoaivu::CallContext& call, const Request& text) {       \
          return (use_case).Method(call, text);                              \
        });                                                                  \
  }

#endif  // NGOAIVU_COMMON_CALL_GUARD_H_
