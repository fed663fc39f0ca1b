#include "tests/support/notifications_harness.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/auth_setup.h"
#include "services/notifications/notifications_access.h"

namespace ngoaivu::testing {

NotificationsHarness::NotificationsHarness(RegistryHarness* registry,
                                           const Clock* clock,
                                           NotificationsHarnessOptions options)
    : registry_(registry),
      clock_(clock),
      options_(std::move(options)),
      access_(notifications::NotificationsAccessPolicy()) {
  redis_options_.endpoint = *ParseRedisUrl(registry_->redis_server().url());
  redis_options_.size = 16;
  redis_ = std::make_unique<RedisPool>(redis_options_);
  functions_ = std::make_unique<RedisFunctions>(redis_.get(), "notifications");
  if (!functions_->Load(absl::Now() + absl::Seconds(5)).ok()) std::abort();
  store_ = std::make_unique<notifications::RedisNotificationsStore>(
      redis_.get(), functions_.get(), 100000);
  const notifications::NotificationsDependencies deps{
      store_.get(), clock_, PageTokens("test-page-key"),
      notifications::RoutingSettings{}, notifications::TemplateContext{}};
  inbox_ = std::make_unique<notifications::Inbox>(deps);
  dispatcher_ = std::make_unique<notifications::Dispatcher>(deps);
  subscriptions_ = std::make_unique<notifications::Subscriptions>(
      notifications::SubscriptionsDependencies{
          store_.get(), clock_, PageTokens("test-page-key"), absl::Hours(24),
          options_.webhooks});
  webhooks_ = std::make_unique<notifications::WebhookTransport>(
      options_.webhooks, options_.resolve);
  mail_ = std::make_unique<notifications::EmailTransport>(
      options_.smtp, notifications::StoredWords(store_.get()));
  verifier_ = std::make_unique<JwtVerifier>(TestJwtSettings(), &token_clock_);
  guard_ =
      std::make_unique<CallGuard>(verifier_.get(), &access_, GuardSettings{});
  Start();
}

NotificationsHarness::~NotificationsHarness() { Stop(); }

void NotificationsHarness::Start() {
  followers_ = notifications::FollowEverySource(
      [this] { return std::make_unique<RedisPool>(redis_options_); },
      options_.consumer,
      [this](const events::v1::Event& event, absl::Time deadline) {
        absl::Status dispatched = dispatcher_->Dispatch(event, deadline);
        if (dispatched.ok() && worker_) worker_->Wake();
        return dispatched;
      },
      absl::Milliseconds(20), options_.consumers_per_stream);
  tails_ = std::make_unique<notifications::Tails>(redis_options_,
                                                  absl::Milliseconds(200));
  tails_->Start();
  // Attempts are timed by the real clock: backoffs are waited out.
  worker_ = std::make_unique<notifications::DeliveryWorker>(
      store_.get(), &token_clock_,
      notifications::DeliveryWorker::Transports{
          {notifications::v1::Subscription::WEBHOOK, webhooks_.get()},
          {notifications::v1::Subscription::EMAIL, mail_.get()}},
      options_.deliveries);
  if (options_.deliver_in_background) worker_->Start();
  if (options_.follow_in_background) {
    for (auto& f : followers_) f->Start();
  }
  hub_ = std::make_unique<notifications::StreamHub>(2);
  streams_ = std::make_unique<notifications::EventStreams>(
      redis_.get(), tails_->sources(), tails_->inbox(), inbox_.get(),
      hub_.get(), options_.streams);
  service_ = std::make_unique<notifications::NotificationsServiceImpl>(
      inbox_.get(), subscriptions_.get(), streams_.get(), guard_.get());
  event_service_ = std::make_unique<notifications::EventServiceImpl>(
      streams_.get(), guard_.get());
  ServerSettings settings;
  settings.listen = "127.0.0.1:0";
  settings.health_interval_ms = 100;
  settings.shutdown_grace_seconds = 1;
  host_ = std::make_unique<ServiceHost>(settings, redis_.get());
  host_->Register(service_.get(),
                  notifications::v1::NotificationsService::service_full_name());
  host_->Register(event_service_.get(),
                  notifications::v1::EventService::service_full_name());
  if (!host_->Start().ok()) std::abort();
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", host_->port()),
                                     grpc::InsecureChannelCredentials());
  stub_ = notifications::v1::NotificationsService::NewStub(channel);
  events_stub_ = notifications::v1::EventService::NewStub(channel);
}

void NotificationsHarness::Stop() {
  // As notifications-server stops: open streams end first.
  if (hub_) hub_->StopAll(absl::Seconds(2));
  if (host_) host_->Shutdown();
  if (hub_) hub_->Shutdown();
  for (auto& f : followers_) f->Stop();
  if (worker_) worker_->Stop();
  if (tails_) tails_->Stop();
  host_.reset();
  followers_.clear();
  worker_.reset();
  tails_.reset();
}

void NotificationsHarness::Restart() {
  Stop();
  Start();
}

int NotificationsHarness::Deliver() {
  auto n = worker_->RunOnce();
  if (!n.ok()) std::abort();
  return *n;
}

int NotificationsHarness::Follow() {
  int handled = 0;
  for (auto& f : followers_) {
    for (;;) {
      auto n = f->consumer().PollOnce();
      if (!n.ok()) std::abort();
      if (*n == 0) break;
      handled += *n;
    }
  }
  return handled;
}

}  // namespace ngoaivu::testing
