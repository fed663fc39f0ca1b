#include "common/outgoing_call.h"

#include <grpcpp/security/tls_certificate_provider.h>
#include <grpcpp/security/tls_certificate_verifier.h>
#include <grpcpp/security/tls_credentials_options.h>

#include "absl/time/clock.h"
#include "common/settings.h"
#include "common/trace_context.h"

namespace ngoaivu {
namespace {

void Authorize(grpc::ClientContext* context, const std::string& token) {
  if (!token.empty()) context->AddMetadata("authorization", "Bearer " + token);
}

}  // namespace

std::unique_ptr<grpc::ClientContext> OutgoingCall(
    const grpc::ServerContextBase& serving, const std::string& service_token) {
  // Propagation also cancels this call when the serving call is cancelled;
  // the explicit deadline makes it visible to this process too.
  auto context = grpc::ClientContext::FromServerContext(serving);
  context->set_deadline(serving.deadline());
  Authorize(context.get(), service_token);
  const auto& metadata = serving.client_metadata();
  if (auto it = metadata.find("traceparent"); it != metadata.end()) {
    context->AddMetadata("traceparent",
                         std::string(it->second.data(), it->second.size()));
  }
  return context;
}

std::unique_ptr<grpc::ClientContext> OutgoingCall(
    absl::Duration timeout, const std::string& service_token) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  Authorize(context.get(), service_token);
  if (!CurrentTraceparent().empty()) {
    context->AddMetadata("traceparent", CurrentTraceparent());
  }
  return context;
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ClientCredentials(
    const ClientTlsFiles& files, const std::string& flag_prefix,
    unsigned int reload_seconds) {
  if (files.ca_file.empty()) {
    if (!files.cert_file.empty()) {
      return absl::InvalidArgumentError(flag_prefix + "-cert-file needs " +
                                        flag_prefix + "-ca-file");
    }
    return grpc::InsecureChannelCredentials();
  }
  if (files.cert_file.empty() != files.key_file.empty()) {
    return absl::InvalidArgumentError(flag_prefix + "-cert-file and " +
                                      flag_prefix + "-key-file go together");
  }
  // Read once here so that a missing or unreadable file stops the start.
  for (const auto& [flag, path] :
       {std::pair<std::string, std::string>{flag_prefix + "-ca-file",
                                            files.ca_file},
        {flag_prefix + "-cert-file", files.cert_file},
        {flag_prefix + "-key-file", files.key_file}}) {
    if (path.empty()) continue;
    if (auto read = ReadSettingFile(flag, path); !read.ok()) {
      return read.status();
    }
  }
  // gRPC reads the files again every `reload_seconds`: a client
  // certificate renewed in place is used for the next handshake.
  using grpc::experimental::FileWatcherCertificateProvider;
  auto provider =
      files.cert_file.empty()
          ? std::make_shared<FileWatcherCertificateProvider>(files.ca_file,
                                                             reload_seconds)
          : std::make_shared<FileWatcherCertificateProvider>(
                files.key_file, files.cert_file, files.ca_file, reload_seconds);
  grpc::experimental::TlsChannelCredentialsOptions options;
  options.set_certificate_provider(provider);
  options.watch_root_certs();
  if (!files.cert_file.empty()) options.watch_identity_key_cert_pairs();
  options.set_verify_server_certs(true);
  options.set_certificate_verifier(
      std::make_shared<grpc::experimental::HostNameCertificateVerifier>());
  return grpc::experimental::TlsCredentials(options);
}

std::shared_ptr<grpc::Channel> RoundRobinChannel(
    const std::string& address,
    const std::shared_ptr<grpc::ChannelCredentials>& credentials) {
  grpc::ChannelArguments arguments;
  arguments.SetLoadBalancingPolicyName("round_robin");
  return grpc::CreateCustomChannel(address, credentials, arguments);
}

}  // namespace ngoaivu
