// A notifications server wired as notifications-server is, on the Redis of
// a registry harness (the bus every service shares), for tests and
// benchmarks: its followers on every stream, its stream tails, and both
// gRPC services. The server can be restarted on the same Redis.
#ifndef NGOAIVU_TESTS_SUPPORT_NOTIFICATIONS_HARNESS_H_
#define NGOAIVU_TESTS_SUPPORT_NOTIFICATIONS_HARNESS_H_

#include <memory>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/stream_follower.h"
#include "ngoaivu/notifications/v1/notifications_service.grpc.pb.h"
#include "services/notifications/dispatcher.h"
#include "services/notifications/email_transport.h"
#include "services/notifications/event_streams.h"
#include "services/notifications/inbox.h"
#include "services/notifications/notifications_service.h"
#include "services/notifications/redis_notifications_store.h"
#include "services/notifications/sources.h"
#include "services/notifications/subscriptions.h"
#include "services/notifications/webhook_policy.h"
#include "services/notifications/webhook_transport.h"
#include "tests/support/registry_harness.h"

namespace ngoaivu::testing {

struct NotificationsHarnessOptions {
  // Deliveries are sent by a worker in threads of its own; the test calls
  // Deliver() otherwise.
  bool deliver_in_background = false;
  notifications::SmtpSettings smtp;
  notifications::DeliveryWorkerOptions deliveries = [] {
    notifications::DeliveryWorkerOptions o;
    o.policy.first_backoff = absl::Milliseconds(100);
    o.policy.factor = 2;
    o.policy.attempt_timeout = absl::Seconds(2);
    o.poll = absl::Milliseconds(20);
    return o;
  }();
  notifications::EventStreamOptions streams{absl::Milliseconds(300), 4096};
  // Followers run in threads of their own (else the test calls Follow()).
  bool follow_in_background = false;
  std::string consumer = "notifications-test";
  int consumers_per_stream = 1;
  // The tests' receivers listen on loopback over plain http: allowed
  // explicitly, as an operator would for an internal receiver.
  notifications::WebhookPolicy webhooks =
      *notifications::WebhookPolicy::Parse("127.0.0.1/32,::1/128", true);
  // What names resolve to for deliveries ("host:port:address"), no DNS.
  std::vector<std::string> resolve;
};

class NotificationsHarness {
 public:
  NotificationsHarness(RegistryHarness* registry, const Clock* clock,
                       NotificationsHarnessOptions options = {});
  ~NotificationsHarness();

  notifications::v1::NotificationsService::Stub& stub() { return *stub_; }
  notifications::v1::EventService::Stub& events() { return *events_stub_; }
  RedisPool& redis() { return *redis_; }
  notifications::RedisNotificationsStore& store() { return *store_; }
  notifications::Inbox& inbox() { return *inbox_; }
  notifications::Dispatcher& dispatcher() { return *dispatcher_; }
  const notifications::EventStreams& streams() { return *streams_; }
  int port() const { return host_->port(); }
  // Lets the followers handle every event so far; returns how many.
  int Follow();
  // Attempts every delivery due by now (real time); returns how many.
  int Deliver();
  notifications::DeliveryWorker& worker() { return *worker_; }
  // Stops the server (host, tails, followers) and starts it again on the
  // same Redis, on a new port.
  void Restart();

 private:
  void Start();
  void Stop();

  RegistryHarness* registry_;
  const Clock* clock_;
  NotificationsHarnessOptions options_;
  SystemClock token_clock_;
  RedisPool::Options redis_options_;
  std::unique_ptr<RedisPool> redis_;
  std::unique_ptr<RedisFunctions> functions_;
  std::unique_ptr<notifications::RedisNotificationsStore> store_;
  std::unique_ptr<notifications::Inbox> inbox_;
  std::unique_ptr<notifications::Dispatcher> dispatcher_;
  std::unique_ptr<notifications::Subscriptions> subscriptions_;
  std::unique_ptr<notifications::WebhookTransport> webhooks_;
  std::unique_ptr<notifications::EmailTransport> mail_;
  std::unique_ptr<notifications::DeliveryWorker> worker_;
  std::vector<std::unique_ptr<StreamFollower>> followers_;
  std::unique_ptr<notifications::Tails> tails_;
  std::unique_ptr<notifications::StreamHub> hub_;
  std::unique_ptr<notifications::EventStreams> streams_;
  AccessPolicy access_;
  std::unique_ptr<JwtVerifier> verifier_;
  std::unique_ptr<CallGuard> guard_;
  std::unique_ptr<notifications::NotificationsServiceImpl> service_;
  std::unique_ptr<notifications::EventServiceImpl> event_service_;
  std::unique_ptr<ServiceHost> host_;
  std::unique_ptr<notifications::v1::NotificationsService::Stub> stub_;
  std::unique_ptr<notifications::v1::EventService::Stub> events_stub_;
};

}  // namespace ngoaivu::testing

#endif  // NGOAIVU_TESTS_SUPPORT_NOTIFICATIONS_HARNESS_H_
