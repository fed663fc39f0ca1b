// A service adapter on gRPC's callback API: each unary method is
// registered with Guard(), which parses the request itself, passes the
// call guard (Serve) and writes the answer. The handler runs on the thread
// that read the request, with no hand-over to the synchronous server's
// pool (two context switches a call: more than half of what a cached read
// cost there).
//
// For services whose handlers only wait on Redis (the registry, and the
// notifications service, whose server streams are reactors too). A handler
// that waits on another gRPC server would hold one of gRPC's few event
// threads meanwhile, and when that server shares the process (tests, a
// colocated registry) could wait on itself: tasks and delegations, which
// ask the registry, stay on the synchronous server (NGOAIVU_GUARDED_METHOD).
// Do not mix the two in one server: with callback methods beside them,
// gRPC 1.51's synchronous methods answered with a p99 of 93 ms at 100
// calls/s while their handlers took under 10 ms (4 ms on a server with
// synchronous methods only; measured with ngoaivu-loadgen).
//
// The request is parsed here rather than by gRPC because gRPC 1.51's
// callback handlers answer a request that does not parse with an empty
// UNIMPLEMENTED; here it is INVALID_ARGUMENT naming the field
// (proto/support/request_decoding.h), as on the synchronous server.
#ifndef NGOAIVU_COMMON_GUARDED_SERVICE_H_
#define NGOAIVU_COMMON_GUARDED_SERVICE_H_

#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/codegen/proto_buffer_reader.h>
#include <grpcpp/impl/codegen/proto_buffer_writer.h>
#include <grpcpp/impl/codegen/server_callback_handlers.h>

#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "common/call_guard.h"
#include "common/response_cache.h"
#include "proto/support/request_decoding.h"

namespace ngoaivu {

// The index of `method` among `service`'s methods (its order in the
// .proto, as gRPC numbers them); aborts on a name that is not there.
int MethodIndex(const std::string& service, const std::string& method);

// Parses a callback method's raw request; INVALID_ARGUMENT naming what did
// not parse otherwise.
template <typename Request>
grpc::Status ParseRequest(const grpc::ByteBuffer& in, Request* request) {
  grpc::ByteBuffer wire(in);  // shares the slices
  grpc::ProtoBufferReader reader(&wire);
  if (request->ParseFromZeroCopyStream(&reader)) return grpc::Status::OK;
  grpc::Slice slice;
  if (!grpc::ByteBuffer(in).DumpToSingleSlice(&slice).ok()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "malformed request");
  }
  return UndecodableRequest(
      std::string(reinterpret_cast<const char*>(slice.begin()), slice.size()),
      *request);
}

// `Generated` is the class protoc's gRPC plugin makes for a service
// (e.g. registry::v1::RegistryService).
template <typename Generated>
class GuardedService : public Generated::Service {
 protected:
  explicit GuardedService(const CallGuard* guard) : guard_(guard) {}

  // Serves `method` with `use_case->*handle` behind the guard.
  template <typename UseCase, typename Request, typename Response>
  void Guard(const char* method, UseCase* use_case,
             absl::StatusOr<Response> (UseCase::*handle)(const CallContext&,
                                                         const Request&)) {
    Guard<Request, Response>(
        method,
        [use_case, handle](const CallContext& call, const Request& request) {
          return (use_case->*handle)(call, request);
        });
  }

  // Serves `method` with `handler(call_context, request)` behind the guard.
  template <typename Request, typename Response, typename Handler>
  void Guard(const char* method, Handler handler) {
    const int index = MethodIndex(Generated::service_full_name(), method);
    this->MarkMethodRawCallback(
        index, new grpc::internal::CallbackUnaryHandler<grpc::ByteBuffer,
                                                        grpc::ByteBuffer>(
                   [this, method, handler](grpc::CallbackServerContext* context,
                                           const grpc::ByteBuffer* in,
                                           grpc::ByteBuffer* out) {
                     grpc::ServerUnaryReactor* reactor =
                         context->DefaultReactor();
                     reactor->Finish(Answer<Request, Response>(
                         context, method, *in, out, handler));
                     return reactor;
                   }));
  }

  // As Guard, for a read whose answer depends on the request alone and on
  // keys `answers`' tracked cache follows, when `cacheable(request)`: the
  // serialized answer is kept and served again while still current. The
  // call is admitted (and logged) each time as any other.
  template <typename UseCase, typename Request, typename Response,
            typename Cacheable>
  void GuardCached(const char* method, UseCase* use_case,
                   absl::StatusOr<Response> (UseCase::*handle)(
                       const CallContext&, const Request&),
                   ResponseCache* answers, Cacheable cacheable) {
    auto handler = [use_case, handle](const CallContext& call,
                                      const Request& request) {
      return (use_case->*handle)(call, request);
    };
    const int index = MethodIndex(Generated::service_full_name(), method);
    this->MarkMethodRawCallback(
        index,
        new grpc::internal::CallbackUnaryHandler<grpc::ByteBuffer,
                                                 grpc::ByteBuffer>(
            [this, method, handler, answers, cacheable](
                grpc::CallbackServerContext* context,
                const grpc::ByteBuffer* in, grpc::ByteBuffer* out) {
              grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
              reactor->Finish(AnswerCached<Request, Response>(
                  context, method, *in, out, handler, answers, cacheable));
              return reactor;
            }));
  }

  // Serves the server-streaming `method` with the reactors `start` makes
  // (each parses and admits its request itself).
  using StreamStart = std::function<grpc::ServerWriteReactor<grpc::ByteBuffer>*(
      grpc::CallbackServerContext*, const grpc::ByteBuffer*)>;
  void ServeStream(const char* method, StreamStart start) {
    this->MarkMethodRawCallback(
        MethodIndex(Generated::service_full_name(), method),
        new grpc::internal::CallbackServerStreamingHandler<grpc::ByteBuffer,
                                                           grpc::ByteBuffer>(
            std::move(start)));
  }

  const CallGuard* guard() const { return guard_; }

 private:
  template <typename Request, typename Response, typename Handler>
  grpc::Status Answer(grpc::CallbackServerContext* context, const char* method,
                      const grpc::ByteBuffer& in, grpc::ByteBuffer* out,
                      const Handler& handler) {
    Request request;
    if (grpc::Status parsed = ParseRequest(in, &request); !parsed.ok()) {
      return parsed;
    }
    Response response;
    grpc::Status status =
        Serve(*guard_, context, method, request, &response, handler);
    if (!status.ok()) return status;
    bool own_buffer = false;
    return grpc::GenericSerialize<grpc::ProtoBufferWriter, Response>(
        response, out, &own_buffer);
  }

  template <typename Request, typename Response, typename Handler,
            typename Cacheable>
  grpc::Status AnswerCached(grpc::CallbackServerContext* context,
                            const char* method, const grpc::ByteBuffer& in,
                            grpc::ByteBuffer* out, const Handler& handler,
                            ResponseCache* answers,
                            const Cacheable& cacheable) {
    Request request;
    if (grpc::Status parsed = ParseRequest(in, &request); !parsed.ok()) {
      return parsed;
    }
    std::optional<grpc::ByteBuffer> kept;
    ResponseCache::Ticket ticket;
    Response response;
    // Admitted first: only then is the kept answer looked up.
    grpc::Status status =
        Serve(*guard_, context, method, request, &response,
              [&](const CallContext& call,
                  const Request& r) -> absl::StatusOr<Response> {
                if (!cacheable(r)) return handler(call, r);
                kept = answers->Find(method, in, &ticket);
                if (kept) return Response();
                return handler(call, r);
              });
    if (!status.ok()) return status;
    if (kept) {
      *out = *std::move(kept);
      return grpc::Status::OK;
    }
    bool own_buffer = false;
    status = grpc::GenericSerialize<grpc::ProtoBufferWriter, Response>(
        response, out, &own_buffer);
    if (status.ok() && !ticket.key.empty()) {
      answers->Store(std::move(ticket), *out);
    }
    return status;
  }

  const CallGuard* guard_;
};

}  // namespace ngoaivu

// Registers `Method` of `use_case` (an object) under its own name, in an
// adapter's constructor.
#define NGOAIVU_GUARD(Method, use_case) \
  Guard(#Method, &(use_case),           \
        &std::remove_reference_t<decltype(use_case)>::Method)

#endif  // NGOAIVU_COMMON_GUARDED_SERVICE_H_
