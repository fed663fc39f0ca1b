#include "common/outgoing_call.h"

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
    const grpc::ServerContext& serving, const std::string& service_token) {
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
    const ClientTlsFiles& files, const std::string& flag_prefix) {
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
  grpc::SslCredentialsOptions options;
  auto ca = ReadSettingFile(flag_prefix + "-ca-file", files.ca_file);
  if (!ca.ok()) return ca.status();
  options.pem_root_certs = *ca;
  if (!files.cert_file.empty()) {
    auto cert = ReadSettingFile(flag_prefix + "-cert-file", files.cert_file);
    if (!cert.ok()) return cert.status();
    auto key = ReadSettingFile(flag_prefix + "-key-file", files.key_file);
    if (!key.ok()) return key.status();
    options.pem_cert_chain = *cert;
    options.pem_private_key = *key;
  }
  return grpc::SslCredentials(options);
}

}  // namespace ngoaivu
