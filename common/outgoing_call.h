// Calls one service makes to another. Every one has a deadline; made while
// serving a call, it inherits that call's deadline and cancellation (no work
// outlives the caller's patience), continues its trace, and carries the
// calling service's own identity (its token), not the end user's.
#ifndef NGOAIVU_COMMON_OUTGOING_CALL_H_
#define NGOAIVU_COMMON_OUTGOING_CALL_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace ngoaivu {

std::unique_ptr<grpc::ClientContext> OutgoingCall(
    const grpc::ServerContextBase& serving, const std::string& service_token);

// A call with its own deadline (from a use case or a consumer), in the
// thread's current trace (common/trace_context.h) when there is one.
std::unique_ptr<grpc::ClientContext> OutgoingCall(
    absl::Duration timeout, const std::string& service_token);

// How a service reaches another: TLS with `ca_file` (PEM) as trust root,
// and with `cert_file`/`key_file` as its client certificate for mutual TLS
// (its SPIFFE id is how the callee knows the calling system). Plaintext when
// `ca_file` is empty: for the local suite only.
struct ClientTlsFiles {
  std::string ca_file;
  std::string cert_file;
  std::string key_file;
};
// INVALID_ARGUMENT naming `flag_prefix`-cert-file etc. when a file cannot be
// read, or a certificate comes without its key. The files are read again
// every `reload_seconds` (renewed in place: the next handshake uses them).
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ClientCredentials(
    const ClientTlsFiles& files, const std::string& flag_prefix,
    unsigned int reload_seconds = 10);

// A channel to `address` whose calls spread over every address it
// resolves to: with a headless Service's name (dns:///tasks-headless:50052)
// that is every ready pod, where a ClusterIP would keep one connection on
// one pod.
std::shared_ptr<grpc::Channel> RoundRobinChannel(
    const std::string& address,
    const std::shared_ptr<grpc::ChannelCredentials>& credentials);

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_OUTGOING_CALL_H_
