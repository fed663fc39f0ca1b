// Subscriptions end to end: a real tasks server's events through the
// notifications server to real local HTTP receivers. A webhook that fails
// three times then answers gets exactly one accepted, signed CloudEvent
// (across a restart of the server between attempts); a dead one is
// dead-lettered on schedule and can be redelivered; a slow one holds up no
// other; filters are narrowed to what the subscriber may read; pausing,
// deleting, bad input and other subscribers' subscriptions.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <openssl/hmac.h>

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "common/dates.h"
#include "nlohmann/json.hpp"
#include "tests/support/notifications_harness.h"
#include "tests/support/seed.h"
#include "tests/support/tasks_fixture.h"

namespace ngoaivu::testing {
namespace {

namespace nv1 = ::ngoaivu::notifications::v1;
using ::testing::Contains;
using ::testing::HasSubstr;

// A webhook receiver on the loopback interface: answers 503 to the first
// `failures` requests, then `status`, after `delay`.
class Receiver {
 public:
  struct Request {
    std::string id, timestamp, signature, content_type, body, traceparent;
    int answered = 0;
  };

  explicit Receiver(int failures = 0, absl::Duration delay = {})
      : failures_(failures), delay_(delay) {
    server_.Post("/hook", [this](const httplib::Request& q,
                                 httplib::Response& r) {
      const int now = ++in_flight_;
      for (int seen = max_in_flight_; now > seen &&
                                      !max_in_flight_.compare_exchange_weak(seen, now);) {
      }
      absl::SleepFor(delay_);
      --in_flight_;
      Request got{q.get_header_value("webhook-id"),
                  q.get_header_value("webhook-timestamp"),
                  q.get_header_value("webhook-signature"),
                  q.get_header_value("content-type"),
                  q.body,
                  q.get_header_value("traceparent")};
      absl::MutexLock lock(&mutex_);
      got.answered = static_cast<int>(requests_.size()) < failures_ ? 503 : 200;
      r.status = got.answered;
      requests_.push_back(std::move(got));
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~Receiver() {
    server_.stop();
    thread_.join();
  }

  std::string url() const {
    return absl::StrCat("http://127.0.0.1:", port_, "/hook");
  }
  std::vector<Request> requests() {
    absl::MutexLock lock(&mutex_);
    return requests_;
  }
  // The most requests it was answering at once.
  int max_in_flight() const { return max_in_flight_; }

 private:
  const int failures_;
  const absl::Duration delay_;
  std::atomic<int> in_flight_{0};
  std::atomic<int> max_in_flight_{0};
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  absl::Mutex mutex_;
  std::vector<Request> requests_;
};

// Standard Webhooks, checked here independently of the service's code.
bool SignatureValid(const std::string& secret, const Receiver::Request& r) {
  std::string key;
  if (secret.rfind("whsec_", 0) != 0 ||
      !absl::Base64Unescape(secret.substr(6), &key)) {
    return false;
  }
  const std::string content = r.id + "." + r.timestamp + "." + r.body;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(content.data()), content.size(),
       mac, &length);
  return r.signature ==
         "v1," + absl::Base64Escape(absl::string_view(
                     reinterpret_cast<const char*>(mac), length));
}

std::unique_ptr<grpc::ClientContext> As(const std::string& role,
                                        const std::string& code) {
  return Context(5, TestToken(role, "agencies/" + code));
}

class SubscriptionsTest : public TasksFixture {
 protected:
  static NotificationsHarnessOptions Options(bool background = false) {
    NotificationsHarnessOptions o;
    o.deliveries.policy.max_attempts = 5;
    o.deliver_in_background = background;
    return o;
  }
  explicit SubscriptionsTest(NotificationsHarnessOptions options = Options())
      : n_(&h_.registry(), &h_.clock(), std::move(options)) {}

  grpc::Status Subscribe(const std::string& role, const std::string& code,
                         const std::string& id, const std::string& url,
                         std::vector<std::string> types, nv1::Subscription* out,
                         std::vector<std::string> agencies = {}) {
    // Time passes: what the set-up committed is older than the
    // subscription, and is not sent to it.
    h_.clock().Advance(absl::Seconds(1));
    nv1::CreateSubscriptionRequest r;
    r.set_subscription_id(id);
    r.set_request_id("subscribe-" + id);
    r.mutable_subscription()->set_channel(nv1::Subscription::WEBHOOK);
    r.mutable_subscription()->set_webhook_url(url);
    for (const auto& t : types)
      r.mutable_subscription()->mutable_filter()->add_types(t);
    for (const auto& a : agencies) {
      r.mutable_subscription()->mutable_filter()->add_agencies(a);
    }
    return n_.stub().CreateSubscription(As(role, code).get(), r, out);
  }

  std::vector<nv1::Delivery> Deliveries(const std::string& subscription) {
    nv1::ListDeliveriesRequest r;
    r.set_parent(subscription);
    nv1::ListDeliveriesResponse out;
    grpc::Status s =
        n_.stub().ListDeliveries(As("admin", "UBND").get(), r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return {out.deliveries().begin(), out.deliveries().end()};
  }

  // Attempts what is due until `done` or the time runs out.
  bool DeliverUntil(const std::function<bool()>& done,
                    absl::Duration limit = absl::Seconds(10)) {
    const absl::Time until = absl::Now() + limit;
    while (absl::Now() < until) {
      n_.Deliver();
      if (done()) return true;
      absl::SleepFor(absl::Milliseconds(20));
    }
    return done();
  }

  NotificationsHarness n_;
};

TEST_F(SubscriptionsTest, AFlakyWebhookGetsOneAcceptedSignedCloudEvent) {
  Receiver receiver(/*failures=*/3);
  nv1::Subscription s;
  ASSERT_TRUE(Subscribe("system", "SNGV", "e-office", receiver.url(),
                        {"ngoaivu.tasks.v1.duty.*"}, &s)
                  .ok());
  EXPECT_THAT(s.webhook_secret(), ::testing::StartsWith("whsec_"));
  EXPECT_TRUE(s.narrowed().empty());  // a system reads every event
  v1::Duty duty;
  ASSERT_TRUE(AddDuty("tham-dinh", LeadDuty(), &duty).ok());
  n_.Follow();
  n_.Follow();  // again: no second delivery
  ASSERT_EQ(Deliveries(s.name()).size(), 1u);

  EXPECT_TRUE(DeliverUntil([&] { return receiver.requests().size() >= 1; }));
  // The server restarts between attempts: the retry is in Redis.
  n_.Restart();
  EXPECT_TRUE(DeliverUntil([&] {
    return Deliveries(s.name()).at(0).state() == nv1::Delivery::DELIVERED;
  }));
  const auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 4u);
  int accepted = 0;
  for (const auto& r : requests) {
    EXPECT_EQ(r.id, requests[0].id);  // one message, tried four times
    EXPECT_EQ(r.content_type, "application/cloudevents+json");
    EXPECT_TRUE(SignatureValid(s.webhook_secret(), r)) << r.signature;
    accepted += r.answered == 200;
  }
  EXPECT_EQ(accepted, 1);
  const auto body = nlohmann::json::parse(requests.back().body);
  EXPECT_EQ(body["specversion"], "1.0");
  EXPECT_EQ(body["type"], "ngoaivu.tasks.v1.duty.created");
  EXPECT_EQ(body["id"], h_.Events().back().id());
  EXPECT_EQ(body["subject"], duty.name());
  EXPECT_EQ(body["data"]["duty"]["title"], "Thẩm định dự án đầu tư nước ngoài");
  const nv1::Delivery delivered = Deliveries(s.name()).at(0);
  EXPECT_EQ(delivered.attempts(), 4);
  EXPECT_TRUE(delivered.last_error().empty());
  // Nothing more is sent.
  absl::SleepFor(absl::Milliseconds(300));
  n_.Deliver();
  EXPECT_EQ(receiver.requests().size(), 4u);
  // The secret is shown once.
  nv1::GetSubscriptionRequest get;
  get.set_name(s.name());
  nv1::Subscription read;
  ASSERT_TRUE(
      n_.stub().GetSubscription(As("admin", "UBND").get(), get, &read).ok());
  EXPECT_TRUE(read.webhook_secret().empty());
}

TEST_F(SubscriptionsTest, OneTraceRunsFromTheCallToTheWebhook) {
  Receiver receiver;
  nv1::Subscription s;
  ASSERT_TRUE(Subscribe("system", "SNGV", "e-office", receiver.url(),
                        {"ngoaivu.tasks.v1.duty.*"}, &s)
                  .ok());
  const std::string trace = "4bf92f3577b34da6a3ce929d0e0e4736";
  v1::CreateDutyRequest r;
  r.set_parent(kProgramme);
  r.set_duty_id("traced");
  *r.mutable_duty() = LeadDuty();
  r.set_request_id("duty-traced");
  auto context = Coordinator();
  context->AddMetadata("traceparent", "00-" + trace + "-00f067aa0ba902b7-01");
  v1::Duty duty;
  ASSERT_TRUE(h_.stub().CreateDuty(context.get(), r, &duty).ok());
  // The event the call committed carries the trace...
  ASSERT_FALSE(h_.Events().empty());
  EXPECT_THAT(h_.Events().back().traceparent(), HasSubstr(trace));
  // ...so do the notifications the consumer made of it...
  n_.Follow();
  const auto inbox =
      StreamEvents(h_.registry().redis(), "{notifications}:events");
  ASSERT_FALSE(inbox.empty());
  int traced = 0;
  for (const auto& e : inbox)
    traced += e.traceparent().find(trace) != std::string::npos;
  EXPECT_GT(traced, 0) << inbox.back().type() << " " << inbox.back().subject();
  // ...and the webhook: a header for the receiver's tracing, and the
  // CloudEvent's extension attribute.
  ASSERT_TRUE(DeliverUntil([&] { return !receiver.requests().empty(); }));
  const auto request = receiver.requests().front();
  EXPECT_THAT(request.traceparent, HasSubstr(trace));
  EXPECT_THAT(
      nlohmann::json::parse(request.body)["traceparent"].get<std::string>(),
      HasSubstr(trace));
}

TEST_F(SubscriptionsTest, ADeadWebhookIsDeadLetteredOnScheduleThenRedelivered) {
  nv1::Subscription s;
  // Nothing listens on port 9 of the loopback interface.
  ASSERT_TRUE(
      Subscribe("system", "SNGV", "dead", "http://127.0.0.1:9/hook", {}, &s)
          .ok());
  v1::Duty duty;
  ASSERT_TRUE(AddDuty("tham-dinh", LeadDuty(), &duty).ok());
  n_.Follow();
  std::vector<absl::Duration> waits;
  int attempts = 0;
  ASSERT_TRUE(DeliverUntil([&] {
    const nv1::Delivery d = Deliveries(s.name()).at(0);
    if (d.attempts() > attempts) {
      attempts = d.attempts();
      if (d.state() == nv1::Delivery::PENDING) {
        waits.push_back(FromTimestamp(d.next_attempt_time()) -
                        FromTimestamp(d.update_time()));
      }
    }
    return d.state() == nv1::Delivery::DEAD;
  }));
  const nv1::Delivery dead = Deliveries(s.name()).at(0);
  EXPECT_EQ(dead.attempts(), 5);
  EXPECT_THAT(dead.last_error(), HasSubstr("127.0.0.1:9"));
  // 100 ms, then twice as long each time, ±20 %.
  ASSERT_EQ(waits.size(), 4u);
  for (size_t i = 0; i < waits.size(); ++i) {
    const double expected = 100.0 * (1 << i);
    EXPECT_NEAR(absl::ToDoubleMilliseconds(waits[i]), expected,
                expected * 0.2 + 1)
        << i;
  }
  nv1::ListDeliveriesRequest dead_only;
  dead_only.set_parent(s.name());
  dead_only.set_state(nv1::Delivery::DEAD);
  nv1::ListDeliveriesResponse listed;
  ASSERT_TRUE(
      n_.stub()
          .ListDeliveries(As("system", "SNGV").get(), dead_only, &listed)
          .ok());
  EXPECT_EQ(listed.deliveries_size(), 1);

  nv1::RedeliverDeliveryRequest again;
  again.set_name(dead.name());
  again.set_request_id("again-1");
  nv1::Delivery pending;
  ASSERT_TRUE(
      n_.stub()
          .RedeliverDelivery(As("system", "SNGV").get(), again, &pending)
          .ok());
  EXPECT_EQ(pending.state(), nv1::Delivery::PENDING);
  n_.Deliver();
  EXPECT_EQ(Deliveries(s.name()).at(0).attempts(), 6);
}

class BackgroundDeliveryTest : public SubscriptionsTest {
 protected:
  BackgroundDeliveryTest() : SubscriptionsTest(Options(/*background=*/true)) {}
};

TEST_F(BackgroundDeliveryTest, ASlowWebhookHoldsUpNoOther) {
  Receiver slow(0, absl::Milliseconds(1500));
  Receiver fast;
  nv1::Subscription a, b;
  ASSERT_TRUE(Subscribe("system", "SNGV", "slow", slow.url(), {}, &a).ok());
  ASSERT_TRUE(Subscribe("system", "SNGV", "fast", fast.url(), {}, &b).ok());
  v1::Duty duty;
  for (const char* id : {"d-1", "d-2", "d-3"}) {
    ASSERT_TRUE(AddDuty(id, LeadDuty(), &duty).ok());
  }
  n_.Follow();
  const absl::Time start = absl::Now();
  while (fast.requests().size() < 3 && absl::Now() - start < absl::Seconds(5)) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  EXPECT_EQ(fast.requests().size(), 3u);
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(1200));
  EXPECT_LE(slow.requests().size(), 1u);
}

// With the service's own poll (250 ms), a receiver is served as fast as it
// answers: 60 events reach one subscription with a few attempts in flight
// at once (never more than --delivery-per-subscription), not one per poll.
class ServicePollDeliveryTest : public SubscriptionsTest {
 protected:
  ServicePollDeliveryTest() : SubscriptionsTest(ServicePoll()) {}
  static NotificationsHarnessOptions ServicePoll() {
    NotificationsHarnessOptions o = Options(/*background=*/true);
    o.deliveries.poll = notifications::DeliveryWorkerOptions().poll;
    return o;
  }
};

TEST_F(ServicePollDeliveryTest, AFastReceiverIsServedAsFastAsItAnswers) {
  Receiver receiver(0, absl::Milliseconds(10));
  nv1::Subscription s;
  ASSERT_TRUE(Subscribe("system", "SNGV", "fast", receiver.url(),
                        {"ngoaivu.tasks.v1.duty.created"}, &s)
                  .ok());
  v1::Duty duty;
  for (int i = 0; i < 60; ++i) {
    ASSERT_TRUE(AddDuty(absl::StrCat("d-", i), LeadDuty(), &duty).ok());
  }
  n_.Follow();
  const absl::Time start = absl::Now();
  while (receiver.requests().size() < 60 &&
         absl::Now() - start < absl::Seconds(20)) {
    absl::SleepFor(absl::Milliseconds(5));
  }
  const absl::Duration took = absl::Now() - start;
  ASSERT_EQ(receiver.requests().size(), 60u);
  // One at a time, a poll apart, took 15 s; the receiver alone allows 0.15 s.
  EXPECT_LT(took, absl::Seconds(3)) << took;
  EXPECT_GT(receiver.max_in_flight(), 1);
  EXPECT_LE(receiver.max_in_flight(), 4);
}

TEST_F(SubscriptionsTest, AnOfficersFilterIsNarrowedToWhatItMayRead) {
  Receiver receiver;
  nv1::Subscription s;
  ASSERT_TRUE(Subscribe("officer", "SCT", "sct-duties", receiver.url(),
                        {"ngoaivu.tasks.v1.duty.*"}, &s,
                        {"agencies/SKHDT", "agencies/SCT"})
                  .ok());
  EXPECT_EQ(s.subscriber(), "agencies/SCT");
  EXPECT_THAT(s.filter().agencies(), ::testing::ElementsAre("agencies/SCT"));
  EXPECT_THAT(s.narrowed(), HasSubstr("agencies/SKHDT left out"));
  v1::Duty duty;
  ASSERT_TRUE(AddDuty("shared", LeadDuty(), &duty).ok());  // SCT coordinates
  v1::Duty other = LeadDuty();
  other.clear_coordinating_agencies();
  ASSERT_TRUE(AddDuty("skhdt-only", other, &duty).ok());
  n_.Follow();
  const auto deliveries = Deliveries(s.name());
  ASSERT_EQ(deliveries.size(), 1u);
  EXPECT_TRUE(DeliverUntil([&] { return receiver.requests().size() == 1; }));
  EXPECT_THAT(receiver.requests()[0].body, HasSubstr("duties/shared"));
}

TEST_F(SubscriptionsTest, PausedGetsNothingDeletedIsGoneOthersAreRefused) {
  Receiver receiver;
  nv1::Subscription s;
  ASSERT_TRUE(Subscribe("officer", "SCT", "sct", receiver.url(), {}, &s).ok());
  nv1::SubscriptionActionRequest action;
  action.set_name(s.name());
  action.set_request_id("pause-1");
  nv1::Subscription paused;
  // Another agency's officer may not touch it, nor see it.
  EXPECT_EQ(
      n_.stub()
          .PauseSubscription(As("officer", "SKHDT").get(), action, &paused)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(
      n_.stub()
          .PauseSubscription(As("officer", "SCT").get(), action, &paused)
          .ok());
  EXPECT_EQ(paused.state(), nv1::Subscription::PAUSED);
  v1::Duty duty;
  ASSERT_TRUE(AddDuty("while-paused", LeadDuty(), &duty).ok());
  n_.Follow();
  EXPECT_TRUE(Deliveries(s.name()).empty());

  action.set_request_id("resume-1");
  nv1::Subscription resumed;
  ASSERT_TRUE(
      n_.stub()
          .ResumeSubscription(As("officer", "SCT").get(), action, &resumed)
          .ok());
  EXPECT_EQ(resumed.state(), nv1::Subscription::ACTIVE);
  h_.clock().Advance(absl::Minutes(1));
  ASSERT_TRUE(AddDuty("after-resume", LeadDuty(), &duty).ok());
  n_.Follow();
  EXPECT_EQ(Deliveries(s.name()).size(), 1u);

  nv1::ListSubscriptionsRequest list;
  nv1::ListSubscriptionsResponse mine, theirs;
  ASSERT_TRUE(n_.stub()
                  .ListSubscriptions(As("officer", "SCT").get(), list, &mine)
                  .ok());
  EXPECT_EQ(mine.subscriptions_size(), 1);
  ASSERT_TRUE(
      n_.stub()
          .ListSubscriptions(As("officer", "SKHDT").get(), list, &theirs)
          .ok());
  EXPECT_EQ(theirs.subscriptions_size(), 0);

  action.set_request_id("delete-1");
  nv1::Subscription deleted;
  ASSERT_TRUE(
      n_.stub()
          .DeleteSubscription(As("officer", "SCT").get(), action, &deleted)
          .ok());
  EXPECT_EQ(deleted.state(), nv1::Subscription::DELETED);
  nv1::GetSubscriptionRequest get;
  get.set_name(s.name());
  nv1::Subscription out;
  EXPECT_EQ(n_.stub()
                .GetSubscription(As("admin", "UBND").get(), get, &out)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  h_.clock().Advance(absl::Minutes(1));
  ASSERT_TRUE(AddDuty("after-delete", LeadDuty(), &duty).ok());
  n_.Follow();
  auto kept =
      n_.store().ListDeliveries(s.name(), nv1::Delivery::STATE_UNSPECIFIED, "",
                                50, absl::Now() + absl::Seconds(5));
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->records.size(), 1u);
}

// What a command printed (stdout and stderr) and its exit status.
std::pair<std::string, int> RunCommand(const std::string& command) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  std::string out;
  char buffer[4096];
  while (pipe != nullptr && fgets(buffer, sizeof(buffer), pipe) != nullptr) {
    out += buffer;
  }
  const int status = pipe == nullptr ? -1 : pclose(pipe);
  return {out, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

// The receivers' side, with their own libraries: every body the service
// sends is a valid CloudEvents 1.0 event to npm `cloudevents` (HTTP.toEvent
// then validate()) and carries a signature npm `standardwebhooks` verifies;
// a body altered after signing is refused by the same check.
TEST_F(SubscriptionsTest, TheReceiversOwnLibrariesAcceptEveryBody) {
  const auto [peers, installed] = RunCommand(std::string(NGOAIVU_SOURCE_DIR) +
                                      "/tests/peers/install.sh " +
                                      NGOAIVU_BINARY_DIR);
  if (installed == 77) GTEST_SKIP() << "node and npm are not installed";
  ASSERT_EQ(installed, 0) << peers;
  const std::string dir(absl::StripTrailingAsciiWhitespace(
      peers.substr(peers.rfind('\n', peers.size() - 2) + 1)));
  Receiver receiver;
  nv1::Subscription s;
  ASSERT_TRUE(Subscribe("system", "SNGV", "peers", receiver.url(), {}, &s).ok());
  v1::Duty duty;
  ASSERT_TRUE(AddDuty("tham-dinh", LeadDuty(), &duty).ok());
  SeedAgencies(h_.registry(), {"SNV"});
  n_.Follow();
  ASSERT_TRUE(DeliverUntil([&] { return receiver.requests().size() >= 2; }))
      << receiver.requests().size() << " requests";
  auto write = [&](const std::string& file, bool tamper) {
    nlohmann::json all = nlohmann::json::array();
    for (const Receiver::Request& r : receiver.requests()) {
      nlohmann::json headers = {{"content-type", r.content_type},
                                {"webhook-id", r.id},
                                {"webhook-timestamp", r.timestamp},
                                {"webhook-signature", r.signature}};
      all.push_back({{"secret", s.webhook_secret()},
                     {"headers", headers},
                     {"body", tamper ? r.body + " " : r.body}});
    }
    std::ofstream(file) << all.dump();
  };
  const std::string file = absl::StrCat(dir, "/requests-", getpid(), ".json");
  write(file, /*tamper=*/false);
  const auto [verified, status] =
      RunCommand("node " + dir + "/verify-webhook.mjs " + file);
  EXPECT_EQ(status, 0) << verified;
  EXPECT_THAT(verified, HasSubstr("ok ngoaivu.tasks.v1.duty.created"));
  EXPECT_THAT(verified, HasSubstr("ok ngoaivu.registry.v1.agency.created"));
  write(file, /*tamper=*/true);
  EXPECT_NE(RunCommand("node " + dir + "/verify-webhook.mjs " + file).second, 0);
  std::remove(file.c_str());
}

// A TCP listener on the loopback interface that only counts connections:
// whatever the service refuses must never reach it.
class ConnectionCounter {
 public:
  ConnectionCounter() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    bind(fd_, reinterpret_cast<sockaddr*>(&address), length);
    listen(fd_, 16);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] {
      while (!stop_) {
        pollfd p{fd_, POLLIN, 0};
        if (poll(&p, 1, 50) > 0) {
          const int client = accept(fd_, nullptr, nullptr);
          if (client >= 0) {
            ++connections_;
            close(client);
          }
        }
      }
    });
  }
  ~ConnectionCounter() {
    stop_ = true;
    thread_.join();
    close(fd_);
  }
  int port() const { return port_; }
  int connections() const { return connections_; }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::thread thread_;
};

// The policy of a deployment that allows no internal receiver, with names
// resolved by the test (no DNS): where a name points inside the network,
// the delivery is refused before any connection, recorded as refused and
// not tried again.
class WebhookPolicyDeliveryTest : public SubscriptionsTest {
 protected:
  WebhookPolicyDeliveryTest() : SubscriptionsTest(StrictOptions(counter_)) {}

  static NotificationsHarnessOptions StrictOptions(
      const ConnectionCounter& counter) {
    NotificationsHarnessOptions o = Options();
    o.webhooks = notifications::WebhookPolicy();
    const std::string port = absl::StrCat(counter.port());
    o.resolve = {"rebind.example:" + port + ":127.0.0.1",
                 "mapped.example:" + port + ":[::ffff:127.0.0.1]",
                 "metadata.example:" + port + ":169.254.169.254"};
    return o;
  }
  std::string UrlOf(const std::string& host) const {
    return absl::StrCat("https://", host, ":", counter_.port(), "/hook");
  }

  static inline ConnectionCounter counter_;
};

TEST_F(WebhookPolicyDeliveryTest, ANameResolvingInsideIsRefusedUnsent) {
  std::vector<nv1::Subscription> subscriptions(3);
  const std::vector<std::string> hosts = {"rebind.example", "mapped.example",
                                          "metadata.example"};
  for (size_t i = 0; i < hosts.size(); ++i) {
    // A name says nothing at creation: it is checked as it resolves.
    ASSERT_TRUE(Subscribe("system", "SNGV", absl::StrCat("s", i),
                          UrlOf(hosts[i]), {}, &subscriptions[i])
                    .ok());
  }
  v1::Duty duty;
  ASSERT_TRUE(AddDuty("tham-dinh", LeadDuty(), &duty).ok());
  n_.Follow();
  n_.Deliver();
  for (size_t i = 0; i < hosts.size(); ++i) {
    const nv1::Delivery d = Deliveries(subscriptions[i].name()).at(0);
    EXPECT_EQ(d.state(), nv1::Delivery::DEAD) << hosts[i];
    EXPECT_EQ(d.attempts(), 1) << hosts[i];
    EXPECT_THAT(d.last_error(), HasSubstr("refused: " + hosts[i] + " is "));
  }
  EXPECT_THAT(Deliveries(subscriptions[2].name()).at(0).last_error(),
              HasSubstr("link-local"));
  EXPECT_EQ(counter_.connections(), 0) << "a refused address was connected to";
}

TEST_F(WebhookPolicyDeliveryTest, AnAddressInsideIsRefusedAtCreation) {
  auto digest = [this] { return h_.Digest(); };
  for (const std::string& url :
       {absl::StrCat("https://127.0.0.1:", counter_.port(), "/hook"),
        std::string("https://169.254.169.254/latest/meta-data/"),
        std::string("https://[::ffff:10.0.0.1]/hook"),
        std::string("http://127.0.0.1:1@rebind.example/hook"),
        std::string("https://localhost/hook")}) {
    SCOPED_TRACE(url);
    ExpectRejected(digest, "subscription.webhook_url", [&] {
      nv1::Subscription out;
      return Subscribe("system", "SNGV", "inside", url, {}, &out);
    });
  }
  EXPECT_EQ(counter_.connections(), 0);
}

TEST_F(SubscriptionsTest, BadSubscriptionsAreRefusedWithTheirFields) {
  auto digest = [this] { return h_.Digest(); };
  auto create = [&](nv1::Subscription s) {
    return [this, s] {
      nv1::CreateSubscriptionRequest r;
      r.set_request_id("bad");
      *r.mutable_subscription() = s;
      nv1::Subscription out;
      return n_.stub().CreateSubscription(As("admin", "UBND").get(), r, &out);
    };
  };
  nv1::Subscription s;
  ExpectRejected(digest, "subscription.channel", create(s));
  s.set_channel(nv1::Subscription::WEBHOOK);
  s.set_webhook_url("http://example.org/hook");  // plaintext off this host
  ExpectRejected(digest, "subscription.webhook_url", create(s));
  s.set_webhook_url("https://example.org/hook");
  s.set_daily_digest_at("08:00");
  ExpectRejected(digest, "subscription.daily_digest_at", create(s));
  s.clear_daily_digest_at();
  s.mutable_filter()->add_agencies("SCT");
  ExpectRejected(digest, "subscription.filter.agencies[0]", create(s));
  s.mutable_filter()->clear_agencies();
  s.set_channel(nv1::Subscription::EMAIL);
  s.set_email("not-an-address");
  ExpectRejected(digest, "subscription.email", create(s));
  s.set_email("sngv@tayninh.gov.vn");
  s.set_daily_digest_at("25:00");
  ExpectRejected(digest, "subscription.daily_digest_at", create(s));
  ExpectRejected(digest, "name", [&] {
    nv1::RedeliverDeliveryRequest r;
    r.set_name("subscriptions/x");
    r.set_request_id("r");
    nv1::Delivery out;
    return n_.stub().RedeliverDelivery(As("admin", "UBND").get(), r, &out);
  });
}

}  // namespace
}  // namespace ngoaivu::testing
