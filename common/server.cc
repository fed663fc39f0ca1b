#include "common/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <signal.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/log.h"

namespace ngoaivu {
namespace {

sigset_t TerminationSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

}  // namespace

void BlockTerminationSignals() {
  sigset_t set = TerminationSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

std::string WaitForTerminationSignal() {
  sigset_t set = TerminationSignals();
  int signal_number = 0;
  sigwait(&set, &signal_number);
  return signal_number == SIGINT ? "SIGINT" : "SIGTERM";
}

ServiceHost::ServiceHost(const ServerSettings& settings, RedisPool* redis)
    : settings_(settings), redis_(redis) {}

ServiceHost::~ServiceHost() { Shutdown(); }

void ServiceHost::Register(grpc::Service* service, std::string health_name) {
  services_.emplace_back(service, std::move(health_name));
}

absl::Status ServiceHost::Start() {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(settings_.listen, grpc::InsecureServerCredentials(),
                           &port_);
  builder.SetMaxReceiveMessageSize(settings_.max_message_bytes);
  builder.SetMaxSendMessageSize(settings_.max_message_bytes);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS,
                             settings_.keepalive_seconds * 1000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS,
                             settings_.keepalive_timeout_seconds * 1000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  // Clients may ping as often as every 10 s without being cut off.
  builder.AddChannelArgument(
      GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10000);
  for (auto& [service, name] : services_) builder.RegisterService(service);
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || port_ == 0) {
    server_.reset();
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", settings_.listen));
  }
  // Not serving until the first probe has reached Redis.
  SetServing(redis_ == nullptr);
  if (redis_ != nullptr) probe_ = std::thread([this] { ProbeLoop(); });
  LogInfo("serving", {{"listen", settings_.listen},
                      {"port", absl::StrCat(port_)},
                      {"tls", "off"}});
  return absl::OkStatus();
}

void ServiceHost::SetServing(bool serving) {
  if (serving_known_ && serving_ == serving) return;
  serving_known_ = true;
  serving_ = serving;
  for (auto& listener : health_listeners_) listener(serving);
  auto* health = server_->GetHealthCheckService();
  health->SetServingStatus("", serving);
  for (auto& [service, name] : services_) {
    health->SetServingStatus(name, serving);
  }
  if (serving) {
    LogInfo("redis reachable: SERVING");
  } else {
    LogWarning("redis unreachable: NOT_SERVING");
  }
}

void ServiceHost::ProbeLoop() {
  const absl::Duration interval =
      absl::Milliseconds(settings_.health_interval_ms);
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    const bool reachable =
        redis_->Ping(std::min(interval, absl::Seconds(1))).ok();
    lock.lock();
    if (stopping_) break;
    SetServing(reachable);
    wake_.wait_for(lock, absl::ToChronoMilliseconds(interval),
                   [this] { return stopping_; });
  }
}

void ServiceHost::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_ || server_ == nullptr) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (probe_.joinable()) probe_.join();
  // Load balancers stop sending as soon as health says so.
  server_->GetHealthCheckService()->Shutdown();
  server_->Shutdown(std::chrono::system_clock::now() +
                    std::chrono::seconds(settings_.shutdown_grace_seconds));
  server_->Wait();
  LogInfo("stopped");
}

std::shared_ptr<grpc::Channel> ServiceHost::InProcessChannel() {
  return server_->InProcessChannel(grpc::ChannelArguments());
}

}  // namespace ngoaivu
