#include "common/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/security/tls_certificate_provider.h>
#include <grpcpp/security/tls_credentials_options.h>
#include <signal.h>
#include <unistd.h>

#include <optional>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/log.h"
#include "common/metrics.h"
#include "common/metrics_server.h"

namespace ngoaivu {
namespace {

sigset_t TerminationSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

// How many commands Redis refused while replaying its append-only file or
// its primary's stream (INFO stats `unexpected_error_replies`): more than
// none means records are missing from its memory. Unknown (nullopt) when
// Redis does not say, e.g. a user without INFO.
std::optional<int64_t> RefusedReplays(RedisPool& redis, absl::Time deadline) {
  auto reply = redis.Command({"INFO", "stats"}, deadline);
  if (!reply.ok() || IsError(reply->get())) return std::nullopt;
  for (absl::string_view line :
       absl::StrSplit(ReplyString(reply->get()), "\r\n")) {
    int64_t refused = 0;
    if (absl::ConsumePrefix(&line, "unexpected_error_replies:") &&
        absl::SimpleAtoi(line, &refused)) {
      return refused;
    }
  }
  return std::nullopt;
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

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>>
ServiceHost::Credentials() const {
  if (settings_.tls_cert_file.empty()) {
    LogWarning(
        "SERVING WITHOUT TLS: plaintext is for a local suite only; set "
        "--tls-cert-file and --tls-key-file in any shared environment");
    return grpc::InsecureServerCredentials();
  }
  auto cert = ReadSettingFile("--tls-cert-file", settings_.tls_cert_file);
  auto key = ReadSettingFile("--tls-key-file", settings_.tls_key_file);
  if (!cert.ok()) return cert.status();
  if (!key.ok()) return key.status();
  grpc_ssl_client_certificate_request_type request =
      GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE;
  if (settings_.tls_client_auth == "request") {
    request = GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY;
  } else if (settings_.tls_client_auth == "require") {
    request = GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  if (!settings_.tls_client_ca_file.empty()) {
    auto ca =
        ReadSettingFile("--tls-client-ca-file", settings_.tls_client_ca_file);
    if (!ca.ok()) return ca.status();
  }
  // gRPC reads the files again every reload interval: a certificate
  // renewed in place (cert-manager) serves new handshakes without a
  // restart.
  auto provider =
      std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
          settings_.tls_key_file, settings_.tls_cert_file,
          settings_.tls_client_ca_file,
          static_cast<unsigned int>(settings_.reload_interval_seconds));
  grpc::experimental::TlsServerCredentialsOptions options(provider);
  options.watch_identity_key_cert_pairs();
  if (!settings_.tls_client_ca_file.empty()) options.watch_root_certs();
  options.set_cert_request_type(request);
  return grpc::experimental::TlsServerCredentials(options);
}

absl::Status ServiceHost::Start() {
  grpc::EnableDefaultHealthCheckService(true);
  if (absl::Status s = metrics_.Start(settings_.metrics_listen); !s.ok()) {
    return s;
  }
  // Built before the reflection plugin is registered, so the plaintext port
  // serves health and nothing else.
  grpc::ServerBuilder health_builder;
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  auto credentials = Credentials();
  if (!credentials.ok()) return credentials.status();
  if (!settings_.tls_cert_file.empty() && settings_.health_listen.empty()) {
    LogWarning(
        "TLS is on and --health-listen is not set: probes that cannot speak "
        "TLS (Kubernetes' gRPC probe) will not reach health");
  }
  if (!settings_.health_listen.empty()) {
    health_builder.AddListeningPort(settings_.health_listen,
                                    grpc::InsecureServerCredentials(),
                                    &health_port_);
    health_server_ = health_builder.BuildAndStart();
    if (health_server_ == nullptr || health_port_ == 0) {
      return absl::UnavailableError(
          absl::StrCat("cannot listen on ", settings_.health_listen));
    }
  }
  grpc::ServerBuilder builder;
  builder.AddListeningPort(settings_.listen, *credentials, &port_);
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
  // Behind a ClusterIP Service a client's one HTTP/2 connection would stay
  // on one pod for ever: ask clients to reconnect now and then, so new
  // replicas (an autoscaler's) get their share.
  if (settings_.max_connection_age_seconds > 0) {
    builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS,
                               settings_.max_connection_age_seconds * 1000);
    builder.AddChannelArgument(
        GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS,
        settings_.max_connection_age_grace_seconds * 1000);
  }
  for (auto& [service, name] : services_) builder.RegisterService(service);
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || port_ == 0) {
    server_.reset();
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", settings_.listen));
  }
  for (grpc::Server* server : {server_.get(), health_server_.get()}) {
    if (server == nullptr) continue;
    server->GetHealthCheckService()->SetServingStatus(kLivenessHealthName,
                                                      true);
  }
  // Not serving until the first probe has reached Redis.
  SetServing(redis_ == nullptr);
  if (redis_ != nullptr) probe_ = std::thread([this] { ProbeLoop(); });
  LogInfo("serving", {{"listen", settings_.listen},
                      {"port", absl::StrCat(port_)},
                      {"tls", settings_.tls_cert_file.empty() ? "off" : "on"},
                      {"client_certificates", settings_.tls_client_auth},
                      {"health_port", absl::StrCat(health_port_)},
                      {"metrics_port", absl::StrCat(metrics_.port())}});
  return absl::OkStatus();
}

void ServiceHost::SetServing(bool serving) {
  if (serving_known_ && serving_ == serving) return;
  serving_known_ = true;
  serving_ = serving;
  for (auto& listener : health_listeners_) listener(serving);
  for (grpc::Server* server : {server_.get(), health_server_.get()}) {
    if (server == nullptr) continue;
    auto* health = server->GetHealthCheckService();
    health->SetServingStatus("", serving);
    for (auto& [service, name] : services_) {
      health->SetServingStatus(name, serving);
    }
  }
  static auto& reachable = GaugeFamily(
      "ngoaivu_redis_reachable",
      "1 while the health probe reaches Redis (the service is SERVING)");
  GaugeOf(reachable, {}).Set(serving ? 1 : 0);
  if (serving) {
    LogInfo("redis reachable: SERVING");
  } else {
    LogWarning("redis unreachable or unfit: NOT_SERVING");
  }
}

void ServiceHost::ProbeLoop() {
  const absl::Duration interval =
      absl::Milliseconds(settings_.health_interval_ms);
  const absl::Duration timeout = std::min(interval, absl::Seconds(1));
  int64_t reported_refused = 0;
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    const bool reachable = redis_->Ping(timeout).ok();
    // Calls fail fast while the probe cannot reach Redis, instead of each
    // waiting out the command timeout.
    redis_->SetReachable(reachable);
    // A Redis that refused part of its own data while loading it answers
    // PING like any other; serving it would hide the loss.
    bool fit = reachable;
    if (reachable) {
      const int64_t refused =
          RefusedReplays(*redis_, absl::Now() + timeout).value_or(0);
      if (refused > 0 && refused != reported_refused) {
        LogError(
            "redis refused commands while replaying its data: records are "
            "missing from its memory; NOT_SERVING until Redis is restarted "
            "whole (deploy/redis/redis-health.sh says how)",
            {{"unexpected_error_replies", absl::StrCat(refused)}});
      }
      reported_refused = refused;
      fit = refused == 0;
    }
    lock.lock();
    if (stopping_) break;
    SetServing(fit);
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
  if (health_server_) health_server_->GetHealthCheckService()->Shutdown();
  server_->Shutdown(std::chrono::system_clock::now() +
                    std::chrono::seconds(settings_.shutdown_grace_seconds));
  server_->Wait();
  if (health_server_) {
    health_server_->Shutdown();
    health_server_->Wait();
  }
  StopMetrics();
  LogInfo("stopped");
  FlushLogs();
}

void ServiceHost::StopMetrics() { metrics_.Stop(); }

std::shared_ptr<grpc::Channel> ServiceHost::InProcessChannel() {
  return server_->InProcessChannel(grpc::ChannelArguments());
}

}  // namespace ngoaivu
