#include "common/outgoing_call.h"

#include "absl/time/clock.h"

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
  return context;
}

}  // namespace ngoaivu
