#include "common/registry_client/registry_client.h"

#include "absl/strings/ascii.h"
#include "common/settings.h"

namespace ngoaivu {

void AddRegistryClientSettings(CLI::App& app,
                               RegistryClientSettings* settings) {
  app.add_option("--registry-address", settings->address,
                 "the registry, asked about agencies, groups and officials")
      ->envname("NGOAIVU_REGISTRY_ADDRESS")
      ->capture_default_str();
  app.add_option(
         "--service-token-file", settings->service_token_file,
         "this service's own bearer token, for its calls to the registry")
      ->envname("NGOAIVU_SERVICE_TOKEN_FILE");
  app.add_option("--registry-ca-file", settings->tls.ca_file,
                 "TLS to the registry, trusting this CA (PEM); plaintext when "
                 "unset")
      ->envname("NGOAIVU_REGISTRY_CA_FILE");
  app.add_option("--registry-cert-file", settings->tls.cert_file,
                 "client certificate for mutual TLS to the registry")
      ->envname("NGOAIVU_REGISTRY_CERT_FILE");
  app.add_option("--registry-key-file", settings->tls.key_file,
                 "its private key")
      ->envname("NGOAIVU_REGISTRY_KEY_FILE");
}

absl::StatusOr<std::unique_ptr<RegistryClient>> RegistryClient::Create(
    const RegistryClientSettings& settings, ServiceRuntime& runtime,
    absl::string_view service) {
  auto token =
      ReadSettingFile("--service-token-file", settings.service_token_file);
  if (!token.ok()) return token.status();
  auto credentials = ClientCredentials(
      settings.tls, "--registry",
      static_cast<unsigned int>(runtime.settings().reload_interval_seconds));
  if (!credentials.ok()) return credentials.status();
  return std::unique_ptr<RegistryClient>(new RegistryClient(
      RoundRobinChannel(settings.address, *credentials),
      std::string(absl::StripAsciiWhitespace(*token)), runtime, service));
}

RegistryClient::RegistryClient(std::shared_ptr<grpc::Channel> channel,
                               std::string token, ServiceRuntime& runtime,
                               absl::string_view service)
    : service_(service),
      cache_(runtime.settings().cache_entries > 0
                 ? std::make_unique<TrackedCache>(TrackedCache::Options{
                       runtime.redis().options().endpoint,
                       {RegistryReadModel::CachePrefix(service)},
                       static_cast<size_t>(runtime.settings().cache_entries)})
                 : nullptr),
      registry_(std::move(channel), std::move(token)),
      model_(&runtime.redis(), &runtime.functions(), service, cache_.get()),
      directory_(&model_, &registry_),
      follower_redis_(runtime.NewRedisPool(2)) {
  if (cache_) {
    cache_->Start();
    TrackedCache* cache = cache_.get();
    runtime.host().OnRedisHealth(
        [cache](bool up) { cache->SetRedisReachable(up); });
  }
}

RegistryClient::~RegistryClient() { Stop(); }

void RegistryClient::Follow(RegistryFollower::Effects effects) {
  follower_ = std::make_unique<RegistryFollower>(
      follower_redis_.get(), &model_, service_, ConsumerName(service_),
      std::move(effects));
  follower_->Start(&registry_);
}

void RegistryClient::Stop() {
  if (follower_) follower_->Stop();
  if (cache_) cache_->Stop();
}

}  // namespace ngoaivu
